// The Library view: saved queries (QueriesPanel) and the history of every
// run (HistoryPanel), as two tabs. Runs happen in the editor, where results
// and plans show.
import { useState } from "preact/hooks";
import type { Backend } from "../../ipc";
import type { ViewId } from "../../views";
import { HistoryPanel } from "./HistoryPanel";
import { QueriesPanel } from "./QueriesPanel";
import "./library.css";

export interface LibraryViewProps {
  backend: Backend;
  onNavigate: (view: ViewId) => void;
  /** Where copies go; the system clipboard by default (tests). */
  clipboard?: (text: string) => Promise<void>;
}

export function LibraryView(props: LibraryViewProps) {
  const [section, setSection] = useState<"queries" | "history">("queries");
  const sections = [
    { id: "queries" as const, label: "Saved queries" },
    { id: "history" as const, label: "History" },
  ];
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    event.preventDefault();
    const next = section === "queries" ? "history" : "queries";
    setSection(next);
    const list = (event.currentTarget as HTMLElement).parentElement;
    requestAnimationFrame(() =>
      list?.querySelector<HTMLElement>(`[data-section="${next}"]`)?.focus(),
    );
  };
  return (
    <div class="library">
      <div class="library-sections" role="tablist" aria-label="Library">
        {sections.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            class="library-section"
            data-section={s.id}
            data-testid={`library-tab-${s.id}`}
            id={`library-tab-${s.id}`}
            aria-selected={section === s.id}
            aria-controls="library-panel"
            tabIndex={section === s.id ? 0 : -1}
            onClick={() => setSection(s.id)}
            onKeyDown={onKey}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div id="library-panel" role="tabpanel" aria-labelledby={`library-tab-${section}`}>
        {section === "queries" ? (
          <QueriesPanel {...props} />
        ) : (
          <HistoryPanel backend={props.backend} onOpened={() => props.onNavigate("editor")} />
        )}
      </div>
    </div>
  );
}
