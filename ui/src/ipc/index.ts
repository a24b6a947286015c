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
import type { HistoryEntry } from "./bindings/HistoryEntry";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { OpenedFile } from "./bindings/OpenedFile";
import type { ParameterField } from "./bindings/ParameterField";
import type { ParameterKind } from "./bindings/ParameterKind";
import type { PendingPlan } from "./bindings/PendingPlan";
import type { PlanRows } from "./bindings/PlanRows";
import type { QueryDetail } from "./bindings/QueryDetail";
import type { QueryInfo } from "./bindings/QueryInfo";
import type { QueryInput } from "./bindings/QueryInput";
import type { ScheduleHelp } from "./bindings/ScheduleHelp";
import type { SyncChangeInfo } from "./bindings/SyncChangeInfo";
import type { SyncRunInfo } from "./bindings/SyncRunInfo";

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
export type { HistoryEntry } from "./bindings/HistoryEntry";
export type { ImportSummary } from "./bindings/ImportSummary";
export type { OpenedFile } from "./bindings/OpenedFile";
export type { ParameterField } from "./bindings/ParameterField";
export type { ParameterKind } from "./bindings/ParameterKind";
export type { PendingPlan } from "./bindings/PendingPlan";
export type { PlanCompany } from "./bindings/PlanCompany";
export type { PlanRow } from "./bindings/PlanRow";
export type { PlanRows } from "./bindings/PlanRows";
export type { QueryDetail } from "./bindings/QueryDetail";
export type { QueryInfo } from "./bindings/QueryInfo";
export type { QueryInput } from "./bindings/QueryInput";
export type { ScheduleHelp } from "./bindings/ScheduleHelp";
export type { SkippedImport } from "./bindings/SkippedImport";
export type { SyncChangeInfo } from "./bindings/SyncChangeInfo";
export type { SyncRunInfo } from "./bindings/SyncRunInfo";

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
  /** Runs a script; progress arrives on `onEvent` while it runs. With
   * `parameters`, they are the `${NAME}` values; with `queryId` too, they
   * are remembered for that saved query. A synchronize first sends
   * `syncAwaitingApproval` and waits for `approve_sync`. */
  run_script: {
    args: {
      script: string;
      parameters: Record<string, string> | null;
      queryId: number | null;
      onEvent: Channel<Event>;
    };
    result: RunResult;
  };
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
  library_list: { args: { search: string | null; includeDeleted: boolean }; result: QueryInfo[] };
  library_get: { args: { id: number }; result: QueryDetail };
  /** Creates (no id) or changes a saved query. */
  library_save: { args: { query: QueryInput }; result: QueryInfo };
  library_rename: { args: { id: number; name: string }; result: QueryInfo };
  library_duplicate: { args: { id: number }; result: QueryInfo };
  /** Deletes, undoably (library_restore). */
  library_delete: { args: { id: number }; result: null };
  library_restore: { args: { id: number }; result: QueryInfo };
  /** Writes the library as .sql files to a folder the user picks (native
   * dialog, or the test hook's folder); `null`: cancelled. */
  library_export: { args: NoArgs; result: string | null };
  library_import: { args: NoArgs; result: ImportSummary | null };
  /** Opens a .sql file from disk (native dialog or test hook). */
  open_sql_file: { args: NoArgs; result: OpenedFile | null };
  /** The form a script's `${NAME}`s become, with remembered values. */
  parameter_fields: {
    args: { script: string; queryId: number | null };
    result: ParameterField[];
  };
  set_parameter_kind: {
    args: { queryId: number; name: string; kind: ParameterKind | null; options: string[] };
    result: null;
  };
  /** The plan of the synchronize waiting for approval, if any. */
  pending_plan: { args: NoArgs; result: PendingPlan | null };
  /** A page of its rows, filtered by company and text. */
  pending_plan_rows: {
    args: { company: number | null; search: string | null; offset: number; limit: number };
    result: PlanRows;
  };
  export_pending_plan: {
    args: { kind: ExportKind; separator: string | null };
    result: ExportDone | null;
  };
  /** Confirms or cancels the waiting synchronize. */
  approve_sync: { args: { approved: boolean }; result: null };
  history: { args: { search: string | null; limit: number }; result: HistoryEntry[] };
  /** The result sets a past run kept, as new result sets of this session. */
  reopen_results: { args: { historyId: number }; result: ResultSetInfo[] };
  /** Removes every kept results file; how many runs' results went. */
  forget_kept_results: { args: NoArgs; result: number };
  sync_runs: { args: { limit: number }; result: SyncRunInfo[] };
  sync_run_changes: { args: { runId: number }; result: SyncChangeInfo[] };
  sync_changes_by_key: { args: { text: string; limit: number }; result: SyncChangeInfo[] };
  /** Undoes a run: its plan is shown first, like any synchronize. */
  undo_run: { args: { runId: number; onEvent: Channel<Event> }; result: RunResult };
  schedule_help: {
    args: { queryId: number; parameters: Record<string, string> };
    result: ScheduleHelp;
  };
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
  runQuery(
    script: string,
    parameters: Record<string, string>,
    queryId: number | null,
    onEvent: (event: Event) => void,
  ): Promise<RunResult>;
  libraryList(search: string | null, includeDeleted: boolean): Promise<QueryInfo[]>;
  libraryGet(id: number): Promise<QueryDetail>;
  librarySave(query: QueryInput): Promise<QueryInfo>;
  libraryRename(id: number, name: string): Promise<QueryInfo>;
  libraryDuplicate(id: number): Promise<QueryInfo>;
  libraryDelete(id: number): Promise<void>;
  libraryRestore(id: number): Promise<QueryInfo>;
  libraryExport(): Promise<string | null>;
  libraryImport(): Promise<ImportSummary | null>;
  openSqlFile(): Promise<OpenedFile | null>;
  parameterFields(script: string, queryId: number | null): Promise<ParameterField[]>;
  setParameterKind(
    queryId: number,
    name: string,
    kind: ParameterKind | null,
    options: string[],
  ): Promise<void>;
  pendingPlan(): Promise<PendingPlan | null>;
  pendingPlanRows(
    company: number | null,
    search: string | null,
    offset: number,
    limit: number,
  ): Promise<PlanRows>;
  exportPendingPlan(kind: ExportKind, separator: string | null): Promise<ExportDone | null>;
  approveSync(approved: boolean): Promise<void>;
  history(search: string | null, limit: number): Promise<HistoryEntry[]>;
  reopenResults(historyId: number): Promise<ResultSetInfo[]>;
  forgetKeptResults(): Promise<number>;
  syncRuns(limit: number): Promise<SyncRunInfo[]>;
  syncRunChanges(runId: number): Promise<SyncChangeInfo[]>;
  syncChangesByKey(text: string, limit: number): Promise<SyncChangeInfo[]>;
  undoRun(runId: number, onEvent: (event: Event) => void): Promise<RunResult>;
  scheduleHelp(queryId: number, parameters: Record<string, string>): Promise<ScheduleHelp>;
}

function channel(onEvent: (event: Event) => void): Channel<Event> {
  const c = new Channel<Event>();
  c.onmessage = onEvent;
  return c;
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
  runScript: (script, onEvent) =>
    call("run_script", { script, parameters: null, queryId: null, onEvent: channel(onEvent) }),
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
  runQuery: (script, parameters, queryId, onEvent) =>
    call("run_script", { script, parameters, queryId, onEvent: channel(onEvent) }),
  libraryList: (search, includeDeleted) => call("library_list", { search, includeDeleted }),
  libraryGet: (id) => call("library_get", { id }),
  librarySave: (query) => call("library_save", { query }),
  libraryRename: (id, name) => call("library_rename", { id, name }),
  libraryDuplicate: (id) => call("library_duplicate", { id }),
  libraryDelete: async (id) => {
    await call("library_delete", { id });
  },
  libraryRestore: (id) => call("library_restore", { id }),
  libraryExport: () => call("library_export", {}),
  libraryImport: () => call("library_import", {}),
  openSqlFile: () => call("open_sql_file", {}),
  parameterFields: (script, queryId) => call("parameter_fields", { script, queryId }),
  setParameterKind: async (queryId, name, kind, options) => {
    await call("set_parameter_kind", { queryId, name, kind, options });
  },
  pendingPlan: () => call("pending_plan", {}),
  pendingPlanRows: (company, search, offset, limit) =>
    call("pending_plan_rows", { company, search, offset, limit }),
  exportPendingPlan: (kind, separator) => call("export_pending_plan", { kind, separator }),
  approveSync: async (approved) => {
    await call("approve_sync", { approved });
  },
  history: (search, limit) => call("history", { search, limit }),
  reopenResults: (historyId) => call("reopen_results", { historyId }),
  forgetKeptResults: () => call("forget_kept_results", {}),
  syncRuns: (limit) => call("sync_runs", { limit }),
  syncRunChanges: (runId) => call("sync_run_changes", { runId }),
  syncChangesByKey: (text, limit) => call("sync_changes_by_key", { text, limit }),
  undoRun: (runId, onEvent) => call("undo_run", { runId, onEvent: channel(onEvent) }),
  scheduleHelp: (queryId, parameters) => call("schedule_help", { queryId, parameters }),
};
