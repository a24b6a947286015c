// What the library adds to the Editor view: "Save" and "Save as…" in its
// toolbar, and the parameter form a run with `${NAME}`s waits for. The
// editor renders these; the library owns how they look and what they send.
import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import { errorText } from "../../commandError";
import type { EditorSession } from "../editor/editorSession";
import { DetailsDialog, type QueryDetails } from "./DetailsDialog";
import { ParameterDialog } from "./ParameterDialog";

export function SaveButtons({ backend, session }: { backend: Backend; session: EditorSession }) {
  const [dialog, setDialog] = useState<QueryDetails | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const tab = session.active;
  if (!tab) return null;
  const text = () => session.stateOf(tab).doc.toString();

  const save = async () => {
    if (tab.queryId === undefined) return;
    setStatus(null);
    try {
      const { info } = await backend.libraryGet(tab.queryId);
      await backend.librarySave({ ...info, id: info.id, script: text() });
      setStatus({ text: `Saved “${info.name}”.`, error: false });
    } catch (error) {
      setStatus({ text: `Not saved: ${errorText(error)}`, error: true });
    }
  };

  const saveAs = async (details: QueryDetails) => {
    const info = await backend.librarySave({ id: null, ...details, script: text() });
    tab.queryId = info.id;
    session.rename(tab.id, info.name);
    setDialog(null);
    setStatus({ text: `Saved “${info.name}” in the library.`, error: false });
  };

  const isDefaultTitle = /^Query \d+$/.test(tab.title);
  return (
    <>
      {status && (
        <span
          class={`save-status${status.error ? " error-text" : " muted"}`}
          role="status"
          data-testid="save-status"
        >
          {status.text}
        </span>
      )}
      {tab.queryId !== undefined && (
        <button
          type="button"
          class="button"
          data-testid="save"
          title="Save the script into its saved query in the library"
          onClick={() => void save()}
        >
          Save
        </button>
      )}
      <button
        type="button"
        class="button"
        data-testid="save-as"
        title="Save the script in the library, with a name"
        onClick={() => {
          setStatus(null);
          setDialog({
            name: isDefaultTitle ? "" : tab.title,
            description: "",
            folder: "",
            tags: [],
          });
        }}
      >
        Save as…
      </button>
      {dialog && (
        <DetailsDialog
          title="Save in the library"
          confirmLabel="Save"
          initial={dialog}
          onSave={saveAs}
          onCancel={() => setDialog(null)}
        />
      )}
    </>
  );
}

/** The form for the run the editor is holding back (`session.prompt`). */
export function EditorParameterPrompt({
  backend,
  session,
}: {
  backend: Backend;
  session: EditorSession;
}) {
  const prompt = session.prompt;
  if (!prompt) return null;
  const tab = session.tabs.find((t) => t.id === prompt.tabId);
  const queryId = tab?.queryId ?? null;
  return (
    <ParameterDialog
      key={`${prompt.tabId}-${prompt.request.from}-${prompt.request.script.length}`}
      backend={backend}
      script={prompt.request.script}
      queryId={queryId}
      preset={tab?.parameters}
      title={tab ? `Run “${tab.title}”` : "Run"}
      submitLabel="Run"
      onSubmit={(values) => void session.answerPrompt({ values, queryId })}
      onCancel={() => void session.answerPrompt(null)}
    />
  );
}
