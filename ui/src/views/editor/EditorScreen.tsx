// The Editor view: tabs of scripts, the CodeMirror editor, Run and Cancel,
// the progress of a run and its results. The state lives in an
// EditorSession (one per backend) so that leaving the view loses nothing.
import { EditorView } from "@codemirror/view";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import { ConfirmDialog } from "./ConfirmDialog";
import { editorSession } from "./editorSession";
import { ResultsArea } from "./ResultsArea";
import { RunProgress } from "./RunProgress";
import { Splitter, type SplitBox } from "./Splitter";
import { loadSplit, saveSplit } from "./editorSplit";
import { MAX_KEPT_CHARS } from "./tabsStore";
import { EditorParameterPrompt, SaveButtons } from "../library/EditorLibrary";
import "./editor.css";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? "⌘" : "Ctrl";

export interface EditorScreenProps {
  backend: Backend;
  /** Where grid copies go; the system clipboard by default (tests). */
  clipboard?: (text: string) => Promise<void>;
}

export function EditorScreen({ backend, clipboard }: EditorScreenProps) {
  const session = editorSession(backend);
  const [, setVersion] = useState(0);
  const [hasSelection, setHasSelection] = useState(false);
  const [closing, setClosing] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const host = useRef<HTMLDivElement>(null);
  const screen = useRef<HTMLDivElement>(null);
  const [split, setSplit] = useState(loadSplit);

  useEffect(() => session.subscribe(() => setVersion((v) => v + 1)), [session]);

  useLayoutEffect(() => {
    let view: EditorView | null = null;
    let live = true;
    session.onSelection = setHasSelection;
    void session.load().then(() => {
      if (!live || !host.current) return;
      view = new EditorView({ parent: host.current });
      session.attach(view);
      setHasSelection(!view.state.selection.main.empty);
      setVersion((v) => v + 1);
    });
    const flush = () => void session.saver.flush();
    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeunload", flush);
    return () => {
      live = false;
      window.removeEventListener("pagehide", flush);
      window.removeEventListener("beforeunload", flush);
      if (session.onSelection === setHasSelection) session.onSelection = null;
      if (view) {
        session.detach();
        view.destroy();
      }
    };
  }, [session]);

  const tab = session.active;
  const progress = session.progress;
  const runningHere = !!progress && progress.tabId === tab?.id;
  const runningTab = progress ? session.tabs.find((t) => t.id === progress.tabId) : undefined;

  const requestClose = (id: string) => {
    if (session.progress?.tabId === id) return;
    if (session.hasText(id)) setClosing(id);
    else session.close(id);
  };

  const onTabKey = (event: KeyboardEvent, index: number, id: string) => {
    if (event.key === "F2") {
      event.preventDefault();
      setRenaming(id);
      return;
    }
    if (event.key === "Delete") {
      event.preventDefault();
      requestClose(id);
      return;
    }
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = session.tabs[(index + delta + session.tabs.length) % session.tabs.length];
    if (!next) return;
    session.select(next.id);
    const list = (event.currentTarget as HTMLElement).closest("[role=tablist]");
    requestAnimationFrame(() =>
      list?.querySelector<HTMLElement>(`[data-tab-id="${next.id}"] [role=tab]`)?.focus(),
    );
  };

  // The room the editor shares with what is below it (the results or the
  // hint); with neither shown, what the editor's share says it is.
  const measureSplit = (): SplitBox | null => {
    const editor = host.current?.getBoundingClientRect();
    if (!editor || editor.height <= 0) return null;
    const below = screen.current
      ?.querySelector(":scope > .results, :scope > .results-hint")
      ?.getBoundingClientRect();
    const room = below && below.height > 0 ? editor.height + below.height : editor.height / split;
    return { top: editor.top, room };
  };

  const closingTab = session.tabs.find((t) => t.id === closing);
  return (
    <div
      class="editor-screen"
      ref={screen}
      style={{ "--editor-share": String(split), "--results-share": String(1 - split) }}
    >
      <div class="editor-bar">
        <div class="editor-tabs" role="tablist" aria-label="Scripts">
          {session.tabs.map((t, i) => (
            <div
              key={t.id}
              class={`editor-tab${t.id === tab?.id ? " active" : ""}`}
              data-tab-id={t.id}
              data-testid="editor-tab"
            >
              {renaming === t.id ? (
                <RenameInput
                  title={t.title}
                  onDone={(title) => {
                    if (title !== null) session.rename(t.id, title);
                    setRenaming(null);
                  }}
                />
              ) : (
                <button
                  type="button"
                  role="tab"
                  class="editor-tab-title"
                  aria-selected={t.id === tab?.id}
                  tabIndex={t.id === tab?.id ? 0 : -1}
                  title="Double-click or F2 to rename"
                  onClick={() => session.select(t.id)}
                  onDblClick={() => setRenaming(t.id)}
                  onKeyDown={(e) => onTabKey(e, i, t.id)}
                >
                  {t.title}
                  {progress?.tabId === t.id && <span class="tab-running" aria-label="running" />}
                </button>
              )}
              <button
                type="button"
                class="editor-tab-close"
                aria-label={`Close ${t.title}`}
                title={`Close ${t.title}`}
                data-testid="close-tab"
                disabled={progress?.tabId === t.id}
                onClick={() => requestClose(t.id)}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            class="editor-tab-new"
            aria-label="New tab"
            title="New tab"
            data-testid="new-tab"
            onClick={() => session.newTab()}
          >
            +
          </button>
        </div>
        <span class="spacer" />
        {session.loaded && <SaveButtons backend={backend} session={session} />}
        {runningHere ? (
          <button
            type="button"
            class="button danger"
            data-testid="cancel-button"
            disabled={progress.cancelling}
            onClick={() => void session.cancel()}
          >
            {progress.cancelling ? "Cancelling…" : "Cancel"}
          </button>
        ) : (
          <>
            <button
              type="button"
              class="button primary"
              data-testid="run-button"
              disabled={!session.loaded || !!progress}
              title={
                hasSelection
                  ? `Run the selected text (${MOD}+Enter)`
                  : `Run the whole script (${MOD}+Enter)`
              }
              onClick={() => void session.runActive(false)}
            >
              <span aria-hidden="true">▶ </span>
              {hasSelection ? "Run selection" : "Run"}
              <kbd>{MOD}+Enter</kbd>
            </button>
            {hasSelection && (
              <button
                type="button"
                class="button"
                data-testid="run-all-button"
                disabled={!session.loaded || !!progress}
                title={`Run the whole script, not only the selection (Shift+${MOD}+Enter)`}
                onClick={() => void session.runActive(true)}
              >
                Run all
                <kbd>Shift+{MOD}+Enter</kbd>
              </button>
            )}
          </>
        )}
      </div>
      {!session.loaded && <p class="muted">Opening your scripts…</p>}
      {session.persistenceProblem && (
        <p class="editor-note warning" role="alert">
          {session.persistenceProblem}
        </p>
      )}
      {tab?.restoredEmpty && (
        <p class="editor-note warning">
          This tab's text was too large to keep when Tandem closed, so it opens empty.
        </p>
      )}
      {session.tooLarge && (
        <p class="editor-note warning" data-testid="too-large-note">
          This tab holds more than {Math.round(MAX_KEPT_CHARS / 1_000_000)} million characters: it
          stays here while Tandem is open but will not be kept after it closes. Save it somewhere
          safe.
        </p>
      )}
      <div
        class="editor-host"
        id="editor-host"
        ref={host}
        data-testid="editor"
        hidden={!session.loaded}
        aria-label="SQL editor"
      />
      {session.loaded && (
        <Splitter
          share={split}
          measure={measureSplit}
          onChange={setSplit}
          onCommit={saveSplit}
          controls="editor-host"
        />
      )}
      {progress && (
        <RunProgress progress={progress} tabTitle={runningHere ? undefined : runningTab?.title} />
      )}
      {tab?.output && tab.output.outcome !== "running" ? (
        <ResultsArea
          backend={backend}
          session={session}
          tab={tab}
          output={tab.output}
          clipboard={clipboard}
        />
      ) : (
        !progress && (
          <p class="muted results-hint">
            Results appear here. Press {MOD}+Enter to run the script, or select a part of it to run
            only that.
          </p>
        )
      )}
      <EditorParameterPrompt backend={backend} session={session} />
      {closingTab && (
        <ConfirmDialog
          title={`Close “${closingTab.title}”?`}
          body="Its text will be gone. This cannot be undone."
          confirmLabel="Close tab"
          cancelLabel="Keep it"
          onConfirm={() => {
            session.close(closingTab.id);
            setClosing(null);
          }}
          onCancel={() => setClosing(null)}
        />
      )}
    </div>
  );
}

function RenameInput({ title, onDone }: { title: string; onDone: (title: string | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const finished = useRef(false);
  const finish = (value: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onDone(value);
  };
  return (
    <input
      ref={input}
      class="editor-tab-rename"
      aria-label="Tab name"
      data-testid="rename-tab"
      defaultValue={title}
      size={Math.max(6, title.length)}
      onKeyDown={(e) => {
        if (e.key === "Enter") finish((e.target as HTMLInputElement).value);
        else if (e.key === "Escape") finish(null);
      }}
      onBlur={(e) => finish((e.target as HTMLInputElement).value)}
    />
  );
}
