// The editor's state that outlives the Editor view: the tabs with their
// CodeMirror states (text, undo, underlines), each tab's last run output,
// and the run in progress. Switching to another view unmounts the editor;
// a run started there keeps going and its results are waiting on return.
// One session per backend, so every test starts fresh.
import type { EditorState, Extension } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { setDiagnostics } from "@codemirror/lint";
import type {
  Backend,
  CatalogTable,
  Event,
  ResultSetInfo,
  RunOutcome,
  RunResult,
  ScriptError,
} from "../../ipc";
import {
  editorExtensions,
  errorDiagnostics,
  errorOffset,
  newEditorState,
  runRequest,
} from "./codeEditor";
import { errorText } from "../../commandError";
import { formatCount, formatMillis } from "./cells";
import { type RunRequest, nothingToRun, toDocumentPosition } from "./script";
import {
  DebouncedSave,
  MAX_KEPT_CHARS,
  TABS_SETTING,
  parseKeptTabs,
  serializeTabs,
} from "./tabsStore";

export type MessageLevel = "info" | "warning" | "error" | "success";

export interface Message {
  id: number;
  level: MessageLevel;
  text: string;
  /** For an error with a place in the script: its document line/column. */
  line?: number;
  column?: number;
  /** The run's closing line (how it ended), not one of its events. */
  summary?: boolean;
}

export interface SortState {
  column: number;
  descending: boolean;
  info: ResultSetInfo;
}

export interface RunOutput {
  outcome: RunOutcome | "rejected" | "nothing" | "running";
  results: ResultSetInfo[];
  messages: Message[];
  millis: number;
  apiCalls: number;
  /** The result tab showing: an index into `results`, or the messages. */
  shown: number | "messages";
  /** Per result index, the sort the user chose. */
  sorts: Record<number, SortState | undefined>;
}

export interface Fetch {
  table: string;
  partition: number | null;
  rows: number | null;
}

export interface SyncCompanyProgress {
  company: number | null;
  planned: number;
  done: number;
  failed: number;
}

export interface RunProgress {
  tabId: string;
  startedAt: number;
  statement: { index: number; line: number; summary: string } | null;
  statementsDone: number;
  fetches: Fetch[];
  rowsArrived: number;
  sync: { run: number; companies: SyncCompanyProgress[] } | null;
  cancelling: boolean;
}

export interface Tab {
  id: string;
  title: string;
  /** The tab's state while it is not in the view (the view's otherwise). */
  state: EditorState;
  output: RunOutput | null;
  /** Restored without its text, which was too large to keep. */
  restoredEmpty: boolean;
  /** The saved query it was opened from or saved as (the library's). */
  queryId?: number;
  /** `${NAME}` values to offer first when it runs (reopened from history). */
  parameters?: Record<string, string>;
}

/** Values for a script's `${NAME}`s, and the saved query they belong to. */
export interface RunParameters {
  values: Record<string, string>;
  queryId: number | null;
}

let nextTabNumber = 1;
function newTabId(): string {
  return `tab-${Date.now().toString(36)}-${nextTabNumber++}`;
}

const PROGRESS_FLUSH_MS = 50;

export class EditorSession {
  tabs: Tab[] = [];
  activeId = "";
  progress: RunProgress | null = null;
  catalog: CatalogTable[] = [];
  loaded = false;
  /** Why the tabs could not be restored or saved, for a note. */
  persistenceProblem: string | null = null;

  /** The active tab holds more than can be kept between sessions. */
  tooLarge = false;
  /** Told when the selection turns empty or not (the Run button's label). */
  onSelection: ((hasSelection: boolean) => void) | null = null;
  /** A run waiting for its `${NAME}` values (the library's form asks). */
  prompt: { tabId: string; request: RunRequest } | null = null;

  private view: EditorView | null = null;
  /** One set-up for every tab's state, built once: its hooks call the
   * session, which outlives any one mounting of the editor. */
  readonly extensions: Extension;
  private readonly listeners = new Set<() => void>();
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private messageId = 1;
  private loading: Promise<void> | null = null;
  readonly saver: DebouncedSave;

  constructor(private readonly backend: Backend) {
    this.extensions = editorExtensions({
      run: (all) => void this.runActive(all),
      onChange: () => this.changed(),
      onSelection: (has) => this.onSelection?.(has),
      catalog: () => this.catalog,
    });
    this.saver = new DebouncedSave(
      () => this.serialize(),
      (json) => backend.setSetting(TABS_SETTING, json),
      (error) => {
        this.persistenceProblem = `Your tabs could not be kept for next time: ${errorText(error)}`;
        this.notify();
      },
    );
  }

  // ---- observation -------------------------------------------------------

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    if (this.progressTimer !== null) {
      clearTimeout(this.progressTimer);
      this.progressTimer = null;
    }
    for (const listener of [...this.listeners]) listener();
  }

  /** Progress events come in bursts (a company per event); the screen
   * redraws at most every PROGRESS_FLUSH_MS for them. */
  private notifySoon(): void {
    if (this.progressTimer !== null) return;
    this.progressTimer = setTimeout(() => this.notify(), PROGRESS_FLUSH_MS);
  }

  // ---- the view ----------------------------------------------------------

  /** Loads the kept tabs, once. */
  load(): Promise<void> {
    if (!this.loading) this.loading = this.restore(this.extensions);
    return this.loading;
  }

  private async restore(extensions: Extension): Promise<void> {
    let kept = null;
    try {
      kept = parseKeptTabs(await this.backend.getSetting(TABS_SETTING));
    } catch (error) {
      this.persistenceProblem = `Your tabs from last time could not be read: ${errorText(error)}`;
    }
    if (kept) {
      this.tabs = kept.tabs.map((t) => ({
        id: t.id,
        title: t.title,
        state: newEditorState(t.text, extensions),
        output: null,
        restoredEmpty: t.omitted === true,
      }));
      this.activeId = kept.active;
    } else {
      const tab = this.blankTab(extensions, "Query 1");
      this.tabs = [tab];
      this.activeId = tab.id;
    }
    this.loaded = true;
    void this.refreshCatalog();
    this.notify();
  }

  private blankTab(extensions: Extension, title: string): Tab {
    return {
      id: newTabId(),
      title,
      state: newEditorState("", extensions),
      output: null,
      restoredEmpty: false,
    };
  }

  attach(view: EditorView): void {
    this.view = view;
    const tab = this.active;
    if (tab) view.setState(tab.state);
    this.checkSize();
  }

  /** Keeps the view's state in the tab; the view is going away. */
  detach(): void {
    const tab = this.active;
    if (this.view && tab) tab.state = this.view.state;
    this.view = null;
    void this.saver.flush();
  }

  get active(): Tab | undefined {
    return this.tabs.find((t) => t.id === this.activeId);
  }

  /** The tab's current state, from the view when it is showing. */
  stateOf(tab: Tab): EditorState {
    return this.view && tab.id === this.activeId ? this.view.state : tab.state;
  }

  private setStateOf(tab: Tab, state: EditorState): void {
    if (this.view && tab.id === this.activeId) this.view.setState(state);
    else tab.state = state;
  }

  /** Called by the editor on every change of the text: cheap. */
  changed(): void {
    this.saver.schedule();
    this.checkSize();
  }

  private checkSize(): void {
    const tab = this.active;
    const large = !!tab && this.stateOf(tab).doc.length > MAX_KEPT_CHARS;
    if (large !== this.tooLarge) {
      this.tooLarge = large;
      this.notify();
    }
  }

  /** Runs the active tab: its selection, or all of it. A script with
   * `${NAME}`s first asks for their values (`prompt`). */
  runActive(all: boolean): Promise<void> {
    const tab = this.active;
    if (!tab || this.progress) return Promise.resolve();
    const request = runRequest(this.stateOf(tab), all);
    if (request.script.includes("${")) {
      this.prompt = { tabId: tab.id, request };
      this.notify();
      return Promise.resolve();
    }
    return this.run(tab.id, request);
  }

  /** Answers `prompt`: runs with the values, or not at all (`null`). */
  answerPrompt(parameters: RunParameters | null): Promise<void> {
    const prompt = this.prompt;
    this.prompt = null;
    this.notify();
    if (!prompt || !parameters) return Promise.resolve();
    return this.run(prompt.tabId, prompt.request, parameters);
  }

  // ---- tabs ----------------------------------------------------------------

  select(id: string): void {
    if (id === this.activeId || !this.tabs.some((t) => t.id === id)) return;
    const current = this.active;
    if (this.view && current) current.state = this.view.state;
    this.activeId = id;
    const next = this.active;
    if (this.view && next) this.view.setState(next.state);
    this.saver.schedule();
    this.checkSize();
    this.notify();
  }

  newTab(): Tab {
    const used = new Set(this.tabs.map((t) => t.title));
    let n = this.tabs.length + 1;
    while (used.has(`Query ${n}`)) n++;
    const tab = this.blankTab(this.extensions, `Query ${n}`);
    this.tabs = [...this.tabs, tab];
    this.select(tab.id);
    this.view?.focus();
    return tab;
  }

  /** A new tab holding `text` (a saved query, a file, a past run). */
  openTab(
    title: string,
    text: string,
    from?: { queryId?: number; parameters?: Record<string, string> },
  ): Tab {
    const tab: Tab = { ...this.blankTab(this.extensions, title), ...from };
    tab.state = newEditorState(text, this.extensions);
    this.tabs = [...this.tabs, tab];
    this.select(tab.id);
    return tab;
  }

  /**
   * A new tab holding a past run's script and the result sets it kept,
   * reopened from the history: the results show as if it had just run.
   */
  openPastRun(
    title: string,
    text: string,
    from: { parameters?: Record<string, string> },
    past: { outcome: RunOutcome; results: ResultSetInfo[]; millis: number; apiCalls: number },
    note: string,
  ): Tab {
    const tab = this.openTab(title, text, from);
    tab.output = {
      outcome: past.outcome,
      results: past.results,
      messages: [{ ...this.message("info", note), summary: true }],
      millis: past.millis,
      apiCalls: past.apiCalls,
      shown: past.results.length > 0 ? 0 : "messages",
      sorts: {},
    };
    this.notify();
    return tab;
  }

  /** Runs all of a tab's text, with `${NAME}` values when given. */
  runTab(tabId: string, parameters?: RunParameters): Promise<void> {
    const tab = this.tabs.find((t) => t.id === tabId);
    if (!tab) return Promise.resolve();
    return this.run(tabId, runRequest(this.stateOf(tab), true), parameters);
  }

  /** True when closing the tab would lose text. */
  hasText(id: string): boolean {
    const tab = this.tabs.find((t) => t.id === id);
    return !!tab && this.stateOf(tab).doc.length > 0;
  }

  close(id: string): void {
    const index = this.tabs.findIndex((t) => t.id === id);
    if (index < 0) return;
    if (this.progress?.tabId === id) return; // its run is still going
    const wasActive = id === this.activeId;
    this.tabs = this.tabs.filter((t) => t.id !== id);
    if (this.tabs.length === 0) this.tabs = [this.blankTab(this.extensions, "Query 1")];
    if (wasActive) {
      const next = this.tabs[Math.min(index, this.tabs.length - 1)] as Tab;
      this.activeId = next.id;
      if (this.view) this.view.setState(next.state);
    }
    this.saver.schedule();
    this.notify();
  }

  rename(id: string, title: string): void {
    const tab = this.tabs.find((t) => t.id === id);
    const clean = title.trim();
    if (!tab || !clean || clean === tab.title) return;
    tab.title = clean;
    this.tabs = [...this.tabs];
    this.saver.schedule();
    this.notify();
  }

  /** All tabs as the setting keeps them. */
  private serialize(): string {
    return serializeTabs(
      this.tabs.map((t) => {
        const state = this.stateOf(t);
        return {
          id: t.id,
          title: t.title,
          length: state.doc.length,
          text: () => state.doc.toString(),
        };
      }),
      this.activeId,
    );
  }

  // ---- running -------------------------------------------------------------

  private message(
    level: MessageLevel,
    text: string,
    at?: { line: number; column: number },
  ): Message {
    return { id: this.messageId++, level, text, ...(at ?? {}) };
  }

  /** Runs `request` for tab `tabId`. One run at a time. */
  async run(tabId: string, request: RunRequest, parameters?: RunParameters): Promise<void> {
    const tab = this.tabs.find((t) => t.id === tabId);
    if (!tab || this.progress) return;
    this.setStateOf(tab, this.stateOf(tab).update(setDiagnostics(this.stateOf(tab), [])).state);
    const reason = nothingToRun(request.script, request.selection);
    if (reason) {
      tab.output = {
        outcome: "nothing",
        results: [],
        messages: [this.message("info", reason)],
        millis: 0,
        apiCalls: 0,
        shown: "messages",
        sorts: {},
      };
      this.notify();
      return;
    }
    const startedAt = performance.now();
    this.progress = {
      tabId,
      startedAt,
      statement: null,
      statementsDone: 0,
      fetches: [],
      rowsArrived: 0,
      sync: null,
      cancelling: false,
    };
    const output: RunOutput = {
      outcome: "running",
      results: [],
      messages: [],
      millis: 0,
      apiCalls: 0,
      shown: "messages",
      sorts: {},
    };
    tab.output = output;
    this.notify();
    const statements = new Map<number, { line: number; summary: string }>();
    try {
      const onEvent = (event: Event) => this.onEvent(output, statements, event);
      const result = parameters
        ? await this.backend.runQuery(
            request.script,
            parameters.values,
            parameters.queryId,
            onEvent,
          )
        : await this.backend.runScript(request.script, onEvent);
      this.finish(tab, output, request, result);
    } catch (error) {
      output.outcome = "rejected";
      output.millis = performance.now() - startedAt;
      output.messages.push(this.message("error", `The script could not run: ${errorText(error)}`));
      output.shown = "messages";
    } finally {
      this.progress = null;
      tab.output = { ...output };
      this.notify();
      void this.refreshCatalog();
    }
  }

  private onEvent(
    output: RunOutput,
    statements: Map<number, { line: number; summary: string }>,
    event: Event,
  ): void {
    const progress = this.progress;
    if (!progress) return;
    switch (event.kind) {
      case "statementStarted":
        progress.statement = { index: event.index, line: event.line, summary: event.summary };
        statements.set(event.index, { line: event.line, summary: event.summary });
        progress.fetches = [];
        break;
      case "statementFinished": {
        progress.statementsDone++;
        const s = statements.get(event.index);
        const what = s ? `Line ${s.line}: ${s.summary}` : `Statement ${event.index}`;
        output.messages.push(
          this.message(
            "info",
            `${what} — ${formatCount(event.rows)} ${event.rows === 1 ? "row" : "rows"} in ${formatMillis(event.millis)}`,
          ),
        );
        break;
      }
      case "statementFailed":
        // The run's result carries the error with its position; the
        // progress line only needs to stop claiming the statement runs.
        progress.statement = null;
        break;
      case "fetchStarted":
        progress.fetches = [
          ...progress.fetches,
          { table: event.table, partition: event.partition, rows: null },
        ];
        break;
      case "fetchFinished": {
        const i = progress.fetches.findIndex(
          (f) => f.table === event.table && f.partition === event.partition && f.rows === null,
        );
        const done = { table: event.table, partition: event.partition, rows: event.rows };
        progress.fetches =
          i >= 0
            ? progress.fetches.map((f, j) => (j === i ? done : f))
            : [...progress.fetches, done];
        progress.rowsArrived += event.rows;
        break;
      }
      case "syncStarted":
        progress.sync = {
          run: event.run,
          companies: event.companies.map((c) => ({
            company: c.company,
            planned: c.inserts + c.updates + c.deletes,
            done: 0,
            failed: 0,
          })),
        };
        break;
      case "syncProgress": {
        const sync = progress.sync ?? { run: 0, companies: [] };
        const entry = {
          company: event.company,
          planned: event.planned,
          done: event.done,
          failed: event.failed,
        };
        const i = sync.companies.findIndex((c) => c.company === event.company);
        sync.companies =
          i >= 0 ? sync.companies.map((c, j) => (j === i ? entry : c)) : [...sync.companies, entry];
        progress.sync = { ...sync };
        break;
      }
      case "message":
        output.messages.push(
          this.message(event.level === "warning" ? "warning" : "info", event.text),
        );
        break;
    }
    this.progress = { ...progress };
    this.notifySoon();
  }

  private finish(tab: Tab, output: RunOutput, request: RunRequest, result: RunResult): void {
    output.outcome = result.outcome;
    output.results = result.results;
    output.millis = result.millis;
    output.apiCalls = result.apiCalls;
    const state = this.stateOf(tab);
    for (const error of result.errors)
      output.messages.push(this.errorMessage(state, request, error));
    if (result.rowErrors > 0) {
      output.messages.push(
        this.message(
          "warning",
          `${formatCount(result.rowErrors)} ${result.rowErrors === 1 ? "row was" : "rows were"} refused by Exact Online and skipped.`,
        ),
      );
    }
    const sets = result.results.length;
    const tail = `${sets ? ` · ${sets} result ${sets === 1 ? "set" : "sets"}` : ""} · ${formatCount(result.apiCalls)} API ${result.apiCalls === 1 ? "call" : "calls"}`;
    const took = formatMillis(result.millis);
    const level =
      result.outcome === "completed"
        ? "success"
        : result.outcome === "cancelled"
          ? "warning"
          : "error";
    const closing =
      result.outcome === "completed"
        ? `Finished in ${took}${tail}.`
        : result.outcome === "cancelled"
          ? `Cancelled after ${took}${tail}.`
          : `Stopped at an error after ${took}${tail}.`;
    output.messages.push({ ...this.message(level, closing), summary: true });
    const diagnostics = errorDiagnostics(state, request, result.errors);
    if (diagnostics.length) {
      const first = diagnostics[0];
      const spec = setDiagnostics(state, diagnostics);
      const next = state.update(
        first ? { ...spec, selection: { anchor: first.from }, scrollIntoView: true } : spec,
      ).state;
      this.setStateOf(tab, next);
      if (this.view && tab.id === this.activeId) this.view.focus();
    }
    output.shown = result.errors.length > 0 || sets === 0 ? "messages" : 0;
  }

  private errorMessage(state: EditorState, request: RunRequest, error: ScriptError): Message {
    if (error.line === null || !errorOffset(state, request, error)) {
      return this.message("error", error.message);
    }
    const at = toDocumentPosition(request, error.line, error.column ?? 1);
    return this.message("error", `Line ${at.line}, column ${at.column}: ${error.message}`, at);
  }

  async cancel(): Promise<void> {
    if (!this.progress || this.progress.cancelling) return;
    this.progress = { ...this.progress, cancelling: true };
    this.notify();
    try {
      await this.backend.cancelRun();
    } catch (error) {
      const tab = this.tabs.find((t) => t.id === this.progress?.tabId);
      tab?.output?.messages.push(this.message("error", `Could not cancel: ${errorText(error)}`));
      if (this.progress) this.progress = { ...this.progress, cancelling: false };
      this.notify();
    }
  }

  /** Moves the cursor to a message's place in the active tab. */
  goTo(message: Message): void {
    if (!this.view || message.line === undefined) return;
    const doc = this.view.state.doc;
    const line = doc.line(Math.min(Math.max(1, message.line), doc.lines));
    const pos = Math.min(line.to, line.from + Math.max(0, (message.column ?? 1) - 1));
    this.view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    this.view.focus();
  }

  // ---- results -------------------------------------------------------------

  showResult(tabId: string, shown: number | "messages"): void {
    const tab = this.tabs.find((t) => t.id === tabId);
    if (!tab?.output) return;
    tab.output = { ...tab.output, shown };
    this.notify();
  }

  setSort(tabId: string, index: number, sort: SortState | undefined): void {
    const tab = this.tabs.find((t) => t.id === tabId);
    if (!tab?.output) return;
    tab.output = { ...tab.output, sorts: { ...tab.output.sorts, [index]: sort } };
    this.notify();
  }

  addMessage(tabId: string, level: MessageLevel, text: string): void {
    const tab = this.tabs.find((t) => t.id === tabId);
    if (!tab?.output) return;
    tab.output = { ...tab.output, messages: [...tab.output.messages, this.message(level, text)] };
    this.notify();
  }

  async refreshCatalog(): Promise<void> {
    try {
      this.catalog = await this.backend.catalog();
    } catch {
      // Completion without the catalog still offers keywords; the run
      // itself reports a connection problem where the user looks.
    }
  }
}

const sessions = new WeakMap<Backend, EditorSession>();

export function editorSession(backend: Backend): EditorSession {
  let session = sessions.get(backend);
  if (!session) {
    session = new EditorSession(backend);
    sessions.set(backend, session);
  }
  return session;
}
