import type { AppInfo } from "./ipc";
import { connectionHint } from "./connection";

export type EngineStatus =
  { state: "loading" } | { state: "ready"; info: AppInfo } | { state: "failed"; message: string };

export function StatusBar({ engine }: { engine: EngineStatus }) {
  return (
    <footer class="status" role="status" aria-live="polite">
      {engine.state === "loading" && <span data-testid="status-connection">Starting…</span>}
      {engine.state === "failed" && (
        <span data-testid="status-connection" class="status-error">
          Tandem's engine did not answer: {engine.message}
        </span>
      )}
      {engine.state === "ready" && (
        <>
          <span
            data-testid="status-connection"
            data-kind={engine.info.connection.kind}
            class={`chip chip-${engine.info.connection.kind}`}
            title={connectionHint(engine.info.connection)}
          >
            {engine.info.connectionLabel}
          </span>
          <span class="spacer" />
          <span data-testid="status-version" class="muted">
            Tandem {engine.info.engineVersion} · SQLite {engine.info.sqliteVersion}
          </span>
        </>
      )}
    </footer>
  );
}
