// A Backend for component tests: every command answers something sensible
// for a demo session, and a test overrides what it is about.
import type { AppInfo, Backend } from "../ipc";

export const demoInfo: AppInfo = {
  engineVersion: "9.9.9",
  sqliteVersion: "3.99.0",
  connection: { kind: "demo" },
  connectionLabel: "Demo data",
};

export function fakeBackend(overrides: Partial<Backend> = {}): Backend {
  const base: Backend = {
    appInfo: async () => demoInfo,
    startDemo: async () => demoInfo,
    login: async () => demoInfo,
    logout: async () => ({
      ...demoInfo,
      connection: { kind: "notConnected" },
      connectionLabel: "Not connected",
    }),
    savedRegistration: async () => null,
    companies: async () => [],
    selection: async () => ({ active: [], master: null }),
    setSelection: async () => [],
    runScript: async () => ({
      outcome: "completed",
      results: [],
      errors: [],
      rowErrors: 0,
      millis: 0,
      apiCalls: 0,
    }),
    cancelRun: async () => {},
    resultPage: async () => [],
    sortResult: async (id) => ({ id, columns: [], rowCount: 0 }),
    exportResult: async () => null,
    catalog: async () => [],
    usage: async () => ({ calls: 0, minutelyRemaining: null, dailyRemaining: null }),
    getSetting: async () => null,
    setSetting: async () => {},
  };
  return { ...base, ...overrides };
}
