// How the library hands scripts to the Editor view: a new tab holding the
// text, and, for Run, the run itself, so results, progress and a
// synchronize's plan show where every other run shows them.
import type { Backend } from "../../ipc";
import { editorSession, type RunParameters } from "../editor/editorSession";

export interface OpenFrom {
  queryId?: number;
  parameters?: Record<string, string>;
}

/** Opens `text` in a new editor tab. */
export async function openInEditor(
  backend: Backend,
  title: string,
  text: string,
  from: OpenFrom = {},
): Promise<void> {
  const session = editorSession(backend);
  // The kept tabs load first, or loading them later would drop the new one.
  await session.load();
  session.openTab(title, text, from);
}

/** True while a script runs in the editor: one run at a time. */
export function editorBusy(backend: Backend): boolean {
  return editorSession(backend).progress !== null;
}

/** Opens `text` in a new tab and runs all of it with `parameters`. */
export async function runInEditor(
  backend: Backend,
  title: string,
  text: string,
  parameters: RunParameters,
  from: OpenFrom = {},
): Promise<void> {
  const session = editorSession(backend);
  await session.load();
  const tab = session.openTab(title, text, { ...from, parameters: parameters.values });
  void session.runTab(tab.id, parameters);
}

/** A file's name without its folder, for a tab title. */
export function fileTitle(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.sql$/i, "") || "Opened file";
}
