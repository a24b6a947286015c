// The app-wide state every view shares: what the engine is connected to, the
// companies in use (and the master), and the API budget. App owns it through
// `useSession`; views read it from `SessionContext` or their props, so a view
// never keeps its own copy of the connection.
import { createContext } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ActivePartition, AppInfo, Backend, CompanySelection, Usage } from "./ipc";
import { errorKind, errorText } from "./commandError";

export type EngineStatus =
  { state: "loading" } | { state: "ready"; info: AppInfo } | { state: "failed"; message: string };

export interface Session {
  engine: EngineStatus;
  /** The companies in use, as the backend remembers them. */
  selection: CompanySelection;
  /** Their names, once known (after Apply, or from the company list). */
  partitions: readonly ActivePartition[];
  /** API calls used and left; `null` until first asked or when offline. */
  usage: Usage | null;
  /** A command said the login expired: the Connect view asks to log in again. */
  expired: boolean;
  /** After a login, the demo or a logout: the new connection. */
  connected(info: AppInfo): void;
  /** Makes `selection` the companies in use; rejects with the CommandError. */
  applySelection(selection: CompanySelection): Promise<void>;
  refreshUsage(): void;
  /** Lets the session react to a failed command (an expired login). */
  reportError(error: unknown): void;
}

export const EMPTY_SELECTION: CompanySelection = { active: [], master: null };

/** How often the status bar asks for the API budget while the window shows. */
export const USAGE_INTERVAL_MS = 5000;

export function isConnected(engine: EngineStatus): engine is { state: "ready"; info: AppInfo } {
  return engine.state === "ready" && engine.info.connection.kind !== "notConnected";
}

/** A Backend that tells `afterRun` when a script ends, so the budget in the
 * status bar is fresh after every run without the editor having to ask. */
export function observeRuns(backend: Backend, afterRun: () => void): Backend {
  return {
    ...backend,
    runScript: (script, onEvent) => backend.runScript(script, onEvent).finally(() => afterRun()),
    runQuery: (script, parameters, queryId, onEvent) =>
      backend.runQuery(script, parameters, queryId, onEvent).finally(() => afterRun()),
  };
}

export function useSession(backend: Backend): Session {
  const [engine, setEngine] = useState<EngineStatus>({ state: "loading" });
  const [selection, setSelection] = useState<CompanySelection>(EMPTY_SELECTION);
  const [partitions, setPartitions] = useState<readonly ActivePartition[]>([]);
  const [usage, setUsage] = useState<Usage | null>(null);
  const [expired, setExpired] = useState(false);
  const usageInFlight = useRef(false);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const refreshUsage = useCallback(() => {
    if (usageInFlight.current) return;
    usageInFlight.current = true;
    backend
      .usage()
      .then(
        (next) => live.current && setUsage(next),
        () => {
          // The next tick tries again; the bar keeps the last numbers.
        },
      )
      .finally(() => {
        usageInFlight.current = false;
      });
  }, [backend]);

  const loadSelection = useCallback(() => {
    backend.selection().then(
      (saved) => live.current && setSelection(saved),
      () => live.current && setSelection(EMPTY_SELECTION),
    );
  }, [backend]);

  const connected = useCallback(
    (info: AppInfo) => {
      setEngine({ state: "ready", info });
      setPartitions([]);
      if (info.connection.kind === "notConnected") {
        setSelection(EMPTY_SELECTION);
        setUsage(null);
        return;
      }
      setExpired(false);
      loadSelection();
      refreshUsage();
    },
    [loadSelection, refreshUsage],
  );

  useEffect(() => {
    backend.appInfo().then(
      (info) => live.current && connected(info),
      (error: unknown) =>
        live.current &&
        setEngine({
          state: "failed",
          message: error instanceof Error ? String(error) : errorText(error),
        }),
    );
  }, [backend, connected]);

  const online = isConnected(engine);
  useEffect(() => {
    if (!online) return;
    const tick = () => {
      if (document.visibilityState !== "hidden") refreshUsage();
    };
    const timer = window.setInterval(tick, USAGE_INTERVAL_MS);
    document.addEventListener("visibilitychange", tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [online, refreshUsage]);

  const applySelection = useCallback(
    async (next: CompanySelection) => {
      const active = await backend.setSelection(next);
      if (!live.current) return;
      setSelection(next);
      setPartitions(active);
      refreshUsage();
    },
    [backend, refreshUsage],
  );

  const reportError = useCallback((error: unknown) => {
    if (errorKind(error) === "loginRequired") setExpired(true);
  }, []);

  return useMemo(
    () => ({
      engine,
      selection,
      partitions,
      usage,
      expired,
      connected,
      applySelection,
      refreshUsage,
      reportError,
    }),
    [
      engine,
      selection,
      partitions,
      usage,
      expired,
      connected,
      applySelection,
      refreshUsage,
      reportError,
    ],
  );
}

export const SessionContext = createContext<Session | null>(null);

/** The session, for views below App. */
export function useSessionContext(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSessionContext outside App's SessionContext");
  return session;
}

/** "3 companies · master 102673", as the status bar shows the selection. */
export function selectionLabel(selection: CompanySelection): string {
  const n = selection.active.length;
  if (n === 0) return "No companies chosen";
  const companies = n === 1 ? "1 company" : `${n.toLocaleString("en")} companies`;
  return selection.master === null ? companies : `${companies} · master ${selection.master}`;
}
