import { useEffect, useMemo, useState } from "preact/hooks";
import type { Backend } from "./ipc";
import { VIEWS, viewForShortcut, type ViewId } from "./views";
import { Navigation } from "./Navigation";
import { StatusBar } from "./StatusBar";
import { ViewPanel } from "./views/ViewPanel";
import { SessionContext, observeRuns, useSession } from "./session";
import { useTheme } from "./theme";

export function App({ backend }: { backend: Backend }) {
  const [view, setView] = useState<ViewId>("connect");
  const session = useSession(backend);
  const [theme, setTheme] = useTheme(backend);
  // Views get a backend that refreshes the API budget after every run.
  const { refreshUsage } = session;
  const viewBackend = useMemo(() => observeRuns(backend, refreshUsage), [backend, refreshUsage]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const target = viewForShortcut(event.key);
      if (target) {
        event.preventDefault();
        setView(target);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0];
  return (
    <SessionContext.Provider value={session}>
      <div class="frame">
        <Navigation current={view} onSelect={setView} />
        <main class="content" id="main" aria-labelledby="view-title">
          {current && (
            <ViewPanel
              view={current}
              engine={session.engine}
              backend={viewBackend}
              session={session}
              onNavigate={setView}
            />
          )}
        </main>
        <StatusBar session={session} theme={theme} onTheme={setTheme} />
      </div>
    </SessionContext.Provider>
  );
}
