// How the library hands scripts to the Editor view: a tab holding the text,
// and, for Run, the run itself, so results, progress and a synchronize's
// plan show where every other run shows them. A saved query already open in
// a tab is not opened twice; a tab with edits not yet saved is never
// overwritten.
import type { Backend } from "../../ipc";
import {
  editorSession,
  type EditorSession,
  type RunParameters,
  type Tab,
} from "../editor/editorSession";

export interface OpenFrom {
  queryId?: number;
  parameters?: Record<string, string>;
}

/** The tabs already holding saved query `queryId`: one showing exactly the
 * saved `text`, and one whose text was edited since. A tab kept from an
 * earlier session has lost its tie to the query, so one with the query's
 * title and exactly its text counts too. */
function openTabsOf(
  session: EditorSession,
  queryId: number,
  title: string,
  text: string,
): { same?: Tab; edited?: Tab } {
  let same: Tab | undefined;
  let edited: Tab | undefined;
  for (const tab of session.tabs) {
    const ours = tab.queryId === queryId;
    if (!ours && (tab.queryId !== undefined || tab.title !== title)) continue;
    const current = session.stateOf(tab).doc.toString();
    if (current === text) same ??= tab;
    else if (ours) edited ??= tab;
  }
  return { same, edited };
}

/** The title of a second tab holding the saved text of a query whose own
 * tab has edits, so the two can be told apart. */
export function savedVersionTitle(title: string): string {
  return `${title} (saved)`;
}

/** Opens `text` in an editor tab. A saved query that is open already gets
 * its tab selected instead: the one with exactly the saved text, or else
 * the one with the user's edits, which stay as they are. */
export async function openInEditor(
  backend: Backend,
  title: string,
  text: string,
  from: OpenFrom = {},
): Promise<void> {
  const session = editorSession(backend);
  // The kept tabs load first, or loading them later would drop the new one.
  await session.load();
  if (from.queryId !== undefined) {
    const open = openTabsOf(session, from.queryId, title, text);
    const tab = open.same ?? open.edited;
    if (tab) {
      session.select(tab.id);
      return;
    }
  }
  session.openTab(title, text, from);
}

/** True while a script runs in the editor: one run at a time. */
export function editorBusy(backend: Backend): boolean {
  return editorSession(backend).progress !== null;
}

/** Runs all of `text` with `parameters` in an editor tab. A saved query's
 * tab that holds exactly the saved text is reused. One whose text was
 * edited is left alone: what the library runs is the saved query (its form
 * asked for the saved script's values), so it runs in a tab of its own,
 * titled as the saved version, next to the edits. */
export async function runInEditor(
  backend: Backend,
  title: string,
  text: string,
  parameters: RunParameters,
  from: OpenFrom = {},
): Promise<void> {
  const session = editorSession(backend);
  await session.load();
  const open = from.queryId === undefined ? {} : openTabsOf(session, from.queryId, title, text);
  let tab = open.same;
  if (tab) {
    // The values to offer first when it is run again from the editor.
    tab.parameters = parameters.values;
    session.select(tab.id);
  } else {
    tab = session.openTab(open.edited ? savedVersionTitle(title) : title, text, {
      ...from,
      parameters: parameters.values,
    });
  }
  void session.runTab(tab.id, parameters);
}

/** A file's name without its folder, for a tab title. */
export function fileTitle(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.sql$/i, "") || "Opened file";
}
