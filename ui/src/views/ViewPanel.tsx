import type { EngineStatus } from "../StatusBar";
import type { ViewId, ViewInfo } from "../views";
import type { Backend } from "../ipc";
import type { Session } from "../session";
import { ConnectView } from "./connect/ConnectView";
import { CompaniesView } from "./companies/CompaniesView";
import { EditorScreen } from "./editor/EditorScreen";
import { RunsView } from "./runs/RunsView";
import { LibraryView } from "./library/LibraryView";

/** The body of a view. Until a view's own screen lands, it says what the view
 * is for. */
export function ViewPanel({
  view,
  engine,
  backend,
  session,
  onNavigate,
}: {
  view: ViewInfo;
  engine: EngineStatus;
  backend: Backend;
  session: Session;
  onNavigate: (view: ViewId) => void;
}) {
  return (
    <section class="view" data-view-panel={view.id} data-engine={engine.state}>
      <header>
        <h1 id="view-title" tabIndex={-1}>
          {view.label}
        </h1>
        <p class="summary">{view.summary}</p>
      </header>
      {view.id === "connect" && (
        <ConnectView backend={backend} session={session} onNavigate={onNavigate} />
      )}
      {view.id === "companies" && (
        <CompaniesView backend={backend} session={session} onNavigate={onNavigate} />
      )}
      {view.id === "editor" && <EditorScreen backend={backend} />}
      {view.id === "runs" && <RunsView backend={backend} />}
      {view.id === "library" && <LibraryView backend={backend} onNavigate={onNavigate} />}
    </section>
  );
}
