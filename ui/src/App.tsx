import { useEffect, useState } from "preact/hooks";
import type { AppInfo, Backend } from "./ipc";
import { VIEWS, viewForShortcut, type ViewId } from "./views";
import { Navigation } from "./Navigation";
import { StatusBar, type EngineStatus } from "./StatusBar";
import { ViewPanel } from "./views/ViewPanel";

export function App({ backend }: { backend: Backend }) {
  const [view, setView] = useState<ViewId>("connect");
  const [engine, setEngine] = useState<EngineStatus>({ state: "loading" });

  useEffect(() => {
    let live = true;
    backend.appInfo().then(
      (info: AppInfo) => live && setEngine({ state: "ready", info }),
      (error: unknown) => live && setEngine({ state: "failed", message: String(error) }),
    );
    return () => {
      live = false;
    };
  }, [backend]);

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
    <div class="frame">
      <Navigation current={view} onSelect={setView} />
      <main class="content" id="main" aria-labelledby="view-title">
        {current && <ViewPanel view={current} engine={engine} />}
      </main>
      <StatusBar engine={engine} />
    </div>
  );
}
