// The editor tabs as they are kept between sessions: one setting,
// `editor.tabs`, holding every tab's title and text. Writes are debounced
// (typing costs nothing) and flushed when the window goes away. A tab too
// large to keep is saved without its text, and the editor says so while it
// is still open, rather than losing it silently on the next start.

export const TABS_SETTING = "editor.tabs";
/** Characters of one tab above which its text is not kept (about 2 MB). */
export const MAX_KEPT_CHARS = 2_000_000;
export const SAVE_DELAY_MS = 800;

export interface KeptTab {
  id: string;
  title: string;
  text: string;
  /** The text was too large to keep. */
  omitted?: boolean;
}

export interface KeptTabs {
  tabs: KeptTab[];
  active: string;
}

export function parseKeptTabs(json: string | null): KeptTabs | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== "object" || value === null) return null;
    const { tabs, active } = value as { tabs?: unknown; active?: unknown };
    if (!Array.isArray(tabs)) return null;
    const kept: KeptTab[] = [];
    for (const t of tabs) {
      if (typeof t !== "object" || t === null) continue;
      const { id, title, text, omitted } = t as Record<string, unknown>;
      if (typeof id !== "string" || typeof title !== "string" || typeof text !== "string") continue;
      kept.push({ id, title, text, ...(omitted === true ? { omitted: true } : {}) });
    }
    if (kept.length === 0) return null;
    const first = kept[0] as KeptTab;
    const activeId =
      typeof active === "string" && kept.some((t) => t.id === active) ? active : first.id;
    return { tabs: kept, active: activeId };
  } catch {
    return null;
  }
}

/** Serialises tabs; a text of more than `limit` characters is left out. */
export function serializeTabs(
  tabs: readonly { id: string; title: string; text: () => string; length: number }[],
  active: string,
  limit = MAX_KEPT_CHARS,
): string {
  const kept: KeptTab[] = tabs.map((t) =>
    t.length > limit
      ? { id: t.id, title: t.title, text: "", omitted: true }
      : { id: t.id, title: t.title, text: t.text() },
  );
  return JSON.stringify({ tabs: kept, active } satisfies KeptTabs);
}

/** Debounces saves: `schedule` on every change, `flush` when leaving. */
export class DebouncedSave {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly produce: () => string,
    private readonly save: (json: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly delay = SAVE_DELAY_MS,
  ) {}

  get pending(): boolean {
    return this.timer !== null;
  }

  schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delay);
  }

  async flush(): Promise<void> {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    try {
      await this.save(this.produce());
    } catch (error) {
      this.onError(error);
    }
  }
}
