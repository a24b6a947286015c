// The numbers of a synchronize while it applies: per company and in total,
// updated in place by each event (O(1): no array is copied per event), read
// by the screen when it redraws.
import type { Event } from "../../ipc";

export interface CompanyProgress {
  company: number | null;
  name: string;
  planned: number;
  done: number;
  failed: number;
}

type SyncStarted = Extract<Event, { kind: "syncStarted" }>;
type SyncProgress = Extract<Event, { kind: "syncProgress" }>;

export class ProgressTracker {
  readonly companies: CompanyProgress[];
  planned = 0;
  done = 0;
  failed = 0;
  private readonly byCompany = new Map<number | null, CompanyProgress>();

  constructor(
    readonly run: number,
    started: SyncStarted["companies"],
    readonly startedAt: number,
    names: ReadonlyMap<number | null, string> = new Map(),
  ) {
    this.companies = started.map((c) => ({
      company: c.company,
      name: names.get(c.company) ?? "",
      planned: c.inserts + c.updates + c.deletes,
      done: 0,
      failed: 0,
    }));
    for (const c of this.companies) {
      this.byCompany.set(c.company, c);
      this.planned += c.planned;
    }
  }

  apply(event: SyncProgress): void {
    let entry = this.byCompany.get(event.company);
    if (!entry) {
      entry = { company: event.company, name: "", planned: 0, done: 0, failed: 0 };
      this.byCompany.set(event.company, entry);
      this.companies.push(entry);
    }
    this.planned += event.planned - entry.planned;
    this.done += event.done - entry.done;
    this.failed += event.failed - entry.failed;
    entry.planned = event.planned;
    entry.done = event.done;
    entry.failed = event.failed;
  }

  /** Operations that ended, either way. */
  get finished(): number {
    return this.done + this.failed;
  }

  /** Rows per second since the writes began. */
  rate(now: number): number {
    const seconds = (now - this.startedAt) / 1000;
    return seconds > 0.5 ? this.finished / seconds : 0;
  }
}

/** 0..100, for a bar; a company with nothing to do is complete. */
export function percent(finished: number, planned: number): number {
  if (planned <= 0) return 100;
  return Math.min(100, Math.round((finished / planned) * 1000) / 10);
}
