// The app's main views, in navigation order. Each has a plain-language
// summary, shown under its title, for people who have never seen SQL.

export type ViewId = "connect" | "companies" | "editor" | "library" | "runs";

export interface ViewInfo {
  id: ViewId;
  label: string;
  summary: string;
}

export const VIEWS: readonly ViewInfo[] = [
  {
    id: "connect",
    label: "Connect",
    summary: "Log in to Exact Online, or try Tandem with demo data.",
  },
  {
    id: "companies",
    label: "Companies",
    summary: "Choose the companies (administrations) you want to work in.",
  },
  {
    id: "editor",
    label: "Editor",
    summary: "Write and run queries and synchronize scripts.",
  },
  {
    id: "library",
    label: "Library",
    summary: "Your saved queries and scripts, ready to run again.",
  },
  {
    id: "runs",
    label: "Runs",
    summary: "What each synchronize changed, company by company, and undo.",
  },
];

/** The view a keyboard shortcut (Ctrl/Cmd + 1..5) selects, if any. */
export function viewForShortcut(key: string): ViewId | undefined {
  const index = Number.parseInt(key, 10);
  if (!Number.isInteger(index) || String(index) !== key) return undefined;
  return VIEWS[index - 1]?.id;
}
