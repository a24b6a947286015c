import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { useActiveCompanies } from "./activeCompanies";
import type { Backend } from "./ipc";
import { VIEWS, viewForShortcut, type ViewId } from "./views";
import { Navigation } from "./Navigation";
import { StatusBar } from "./StatusBar";
import { ViewPanel } from "./views/ViewPanel";
import { SessionContext, observeRuns, useSession } from "./session";
import { useTheme } from "./theme";
import { SyncFlow, watchSyncs } from "./views/sync/syncFlow";
import { SyncHost } from "./views/sync/SyncHost";

export function App({ backend }: { backend: Backend }) {
  const [view, setView] = useState<ViewId>("connect");
  const session = useSession(backend);
  const [theme, setTheme] = useTheme(backend);
  // Views get a backend that refreshes the API budget and the companies in
  // use (a script's `use` changes them) after every run, and whose
  // synchronize runs show their plan, progress and summary (SyncHost).
  const { refreshUsage } = session;
  const active = useActiveCompanies(backend, session.selection);
  const { afterRun: refreshActive } = active;
  const afterRun = useCallback(() => {
    refreshUsage();
    refreshActive();
  }, [refreshUsage, refreshActive]);
  const flow = useMemo(() => new SyncFlow(backend), [backend]);
  const viewBackend = useMemo(
    () => watchSyncs(observeRuns(backend, afterRun), flow),
    [backend, afterRun, flow],
  );

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
        <StatusBar
          session={{ ...session, selection: active.selection }}
          theme={theme}
          onTheme={setTheme}
        />
        <SyncHost flow={flow} backend={backend} />
      </div>
    </SessionContext.Provider>
  );
}
