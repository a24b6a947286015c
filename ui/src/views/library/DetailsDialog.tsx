// Name, description, folder and tags of a saved query: "Save as…" from the
// editor and "Edit details" in the library. The backend decides whether a
// name is free; its message shows here and the dialog stays open.
import { useState } from "preact/hooks";
import { errorText } from "../../commandError";
import { Modal } from "./Modal";
import { cleanFolder, parseTags } from "./folders";

export interface QueryDetails {
  name: string;
  description: string;
  folder: string;
  tags: string[];
}

export function DetailsDialog(props: {
  title: string;
  confirmLabel: string;
  initial: QueryDetails;
  /** Folders in use, offered while typing. */
  folders?: readonly string[];
  onSave: (details: QueryDetails) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(props.initial.name);
  const [description, setDescription] = useState(props.initial.description);
  const [folder, setFolder] = useState(props.initial.folder);
  const [tags, setTags] = useState(props.initial.tags.join(", "));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (name.trim() === "") {
      setProblem("Give it a name.");
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await props.onSave({
        name: name.trim(),
        description: description.trim(),
        folder: cleanFolder(folder),
        tags: parseTags(tags),
      });
    } catch (error) {
      setProblem(errorText(error));
      setSaving(false);
    }
  };

  return (
    <Modal title={props.title} testid="save-dialog" onClose={props.onCancel} wide>
      <form class="details-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          Name
          <input
            type="text"
            data-testid="save-name"
            value={name}
            required
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Description <span class="muted">(what it is for)</span>
          <textarea
            data-testid="save-description"
            rows={3}
            value={description}
            onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <label>
          Folder <span class="muted">(for example Monthly/Sales; empty for the top)</span>
          <input
            type="text"
            data-testid="save-folder"
            list="library-folders"
            value={folder}
            onInput={(e) => setFolder((e.target as HTMLInputElement).value)}
          />
          <datalist id="library-folders">
            {(props.folders ?? []).map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
        </label>
        <label>
          Tags <span class="muted">(separated by commas)</span>
          <input
            type="text"
            data-testid="save-tags"
            value={tags}
            onInput={(e) => setTags((e.target as HTMLInputElement).value)}
          />
        </label>
        {problem && (
          <p class="field-error" role="alert" data-testid="save-problem">
            {problem}
          </p>
        )}
        <div class="dialog-buttons">
          <button type="button" class="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" class="button primary" data-testid="save-confirm" disabled={saving}>
            {saving ? "Saving…" : props.confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
