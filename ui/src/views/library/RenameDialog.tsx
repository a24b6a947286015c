// Renaming a saved query: the backend decides whether the name is free,
// and its message shows here with the dialog still open.
import { useState } from "preact/hooks";
import { errorText } from "../../commandError";
import { Modal } from "./Modal";

export function RenameDialog(props: {
  name: string;
  onRename: (name: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState(props.name);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) {
      setProblem("Give it a name.");
      return;
    }
    try {
      await props.onRename(name.trim());
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  return (
    <Modal title="Rename" testid="rename-dialog" onClose={props.onCancel}>
      <form class="details-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          New name
          <input
            type="text"
            data-testid="rename-name"
            value={name}
            onInput={(e) => {
              setName((e.target as HTMLInputElement).value);
              setProblem(null);
            }}
          />
        </label>
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
        <div class="dialog-buttons">
          <button type="button" class="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" class="button primary" data-testid="rename-confirm">
            Rename
          </button>
        </div>
      </form>
    </Modal>
  );
}
