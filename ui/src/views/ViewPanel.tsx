import type { EngineStatus } from "../StatusBar";
import type { ViewInfo } from "../views";
import { connectionHint } from "../connection";

/** The body of a view. Until a view's own screen lands, it says what the view
 * is for and what the user can do now. */
export function ViewPanel({ view, engine }: { view: ViewInfo; engine: EngineStatus }) {
  return (
    <section class="view" data-view-panel={view.id}>
      <header>
        <h1 id="view-title" tabIndex={-1}>
          {view.label}
        </h1>
        <p class="summary">{view.summary}</p>
      </header>
      {view.id === "connect" && engine.state === "ready" && (
        <div class="card">
          <h2>{engine.info.connectionLabel}</h2>
          <p>{connectionHint(engine.info.connection)}</p>
        </div>
      )}
    </section>
  );
}
