// The only module that talks to the Rust side. Every command is listed in
// `Commands` with the types generated from Rust (ts-rs, see ./bindings), so a
// change on either side that breaks the contract fails the type check.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { ActivePartition } from "./bindings/ActivePartition";
import type { AppInfo } from "./bindings/AppInfo";
import type { CatalogTable } from "./bindings/CatalogTable";
import type { Cell } from "./bindings/Cell";
import type { Company } from "./bindings/Company";
import type { CompanySelection } from "./bindings/CompanySelection";
import type { Event } from "./bindings/Event";
import type { ExportDone } from "./bindings/ExportDone";
import type { ExportKind } from "./bindings/ExportKind";
import type { LoginRequest } from "./bindings/LoginRequest";
import type { ResultSetInfo } from "./bindings/ResultSetInfo";
import type { RunResult } from "./bindings/RunResult";
import type { SavedRegistration } from "./bindings/SavedRegistration";
import type { Usage } from "./bindings/Usage";

export type { ActivePartition } from "./bindings/ActivePartition";
export type { AppInfo } from "./bindings/AppInfo";
export type { CatalogTable } from "./bindings/CatalogTable";
export type { Cell } from "./bindings/Cell";
export type { CommandError } from "./bindings/CommandError";
export type { Company } from "./bindings/Company";
export type { CompanySelection } from "./bindings/CompanySelection";
export type { ConnectionState } from "./bindings/ConnectionState";
export type { Country } from "./bindings/Country";
export type { Event } from "./bindings/Event";
export type { ExportDone } from "./bindings/ExportDone";
export type { ExportKind } from "./bindings/ExportKind";
export type { LoginRequest } from "./bindings/LoginRequest";
export type { ResultColumn } from "./bindings/ResultColumn";
export type { ResultSetInfo } from "./bindings/ResultSetInfo";
export type { RunOutcome } from "./bindings/RunOutcome";
export type { RunResult } from "./bindings/RunResult";
export type { SavedRegistration } from "./bindings/SavedRegistration";
export type { ScriptError } from "./bindings/ScriptError";
export type { Usage } from "./bindings/Usage";

type NoArgs = Record<string, never>;

/** Each command of src-tauri/src/commands.rs: its arguments and its result.
 * Argument names are camelCase here; Tauri maps them to the Rust names. */
interface Commands {
  app_info: { args: NoArgs; result: AppInfo };
  /** Starts the built-in simulator and logs in to it. */
  start_demo: { args: NoArgs; result: AppInfo };
  /** Opens the system browser on Exact's login page and waits for the
   * loopback redirect. Fails with kind loginDenied / loginTimeout. */
  login: { args: { request: LoginRequest }; result: AppInfo };
  logout: { args: NoArgs; result: AppInfo };
  saved_registration: { args: NoArgs; result: SavedRegistration | null };
  companies: { args: NoArgs; result: Company[] };
  selection: { args: NoArgs; result: CompanySelection };
  /** Makes `active` the session's `use` list and remembers it (and the
   * master) for the next start. */
  set_selection: { args: { selection: CompanySelection }; result: ActivePartition[] };
  /** Runs a script; progress arrives on `onEvent` while it runs. */
  run_script: { args: { script: string; onEvent: Channel<Event> }; result: RunResult };
  /** Stops the running script: no new statement or company starts. */
  cancel_run: { args: NoArgs; result: null };
  result_page: {
    args: { id: number; offset: number; limit: number };
    result: Cell[][];
  };
  /** A new result set: `id` sorted on one column. */
  sort_result: {
    args: { id: number; column: number; descending: boolean };
    result: ResultSetInfo;
  };
  /** Writes the whole result set; asks where with the native save dialog
   * (or writes to the test hook's folder). `null`: the user cancelled. */
  export_result: {
    args: { id: number; kind: ExportKind; separator: string | null };
    result: ExportDone | null;
  };
  catalog: { args: NoArgs; result: CatalogTable[] };
  usage: { args: NoArgs; result: Usage };
  get_setting: { args: { key: string }; result: string | null };
  set_setting: { args: { key: string; value: string }; result: null };
}

function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  return invoke<Commands[K]["result"]>(command, args);
}

/** What the UI may ask of the backend. Components receive it as a prop or
 * context, so tests can hand them a fake one. Failures reject with a
 * `CommandError` ({ message, kind }). */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  startDemo(): Promise<AppInfo>;
  login(request: LoginRequest): Promise<AppInfo>;
  logout(): Promise<AppInfo>;
  savedRegistration(): Promise<SavedRegistration | null>;
  companies(): Promise<Company[]>;
  selection(): Promise<CompanySelection>;
  setSelection(selection: CompanySelection): Promise<ActivePartition[]>;
  runScript(script: string, onEvent: (event: Event) => void): Promise<RunResult>;
  cancelRun(): Promise<void>;
  resultPage(id: number, offset: number, limit: number): Promise<Cell[][]>;
  sortResult(id: number, column: number, descending: boolean): Promise<ResultSetInfo>;
  exportResult(id: number, kind: ExportKind, separator: string | null): Promise<ExportDone | null>;
  catalog(): Promise<CatalogTable[]>;
  usage(): Promise<Usage>;
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
}

export const tauriBackend: Backend = {
  appInfo: () => call("app_info", {}),
  startDemo: () => call("start_demo", {}),
  login: (request) => call("login", { request }),
  logout: () => call("logout", {}),
  savedRegistration: () => call("saved_registration", {}),
  companies: () => call("companies", {}),
  selection: () => call("selection", {}),
  setSelection: (selection) => call("set_selection", { selection }),
  runScript: (script, onEvent) => {
    const channel = new Channel<Event>();
    channel.onmessage = onEvent;
    return call("run_script", { script, onEvent: channel });
  },
  cancelRun: async () => {
    await call("cancel_run", {});
  },
  resultPage: (id, offset, limit) => call("result_page", { id, offset, limit }),
  sortResult: (id, column, descending) => call("sort_result", { id, column, descending }),
  exportResult: (id, kind, separator) => call("export_result", { id, kind, separator }),
  catalog: () => call("catalog", {}),
  usage: () => call("usage", {}),
  getSetting: (key) => call("get_setting", { key }),
  setSetting: async (key, value) => {
    await call("set_setting", { key, value });
  },
};
