// Progress arrives as one event per finished operation: 500 companies doing
// thousands of writes each send far more events than a screen can show.
// Events only change numbers; the screen redraws at most once per
// `minInterval`, on an animation frame, so drawing never competes with the
// IPC channel that carries the events (and stops while the window is hidden).

export type Scheduler = {
  /** Runs `fn` after `ms` milliseconds. */
  timer: (fn: () => void, ms: number) => unknown;
  /** Runs `fn` before the next paint. */
  frame: (fn: () => void) => unknown;
  now: () => number;
};

export const browserScheduler: Scheduler = {
  timer: (fn, ms) => setTimeout(fn, ms),
  frame: (fn) =>
    typeof requestAnimationFrame === "function"
      ? requestAnimationFrame(() => fn())
      : setTimeout(fn, 16),
  now: () => performance.now(),
};

export class FrameThrottle {
  private pending = false;
  private last = Number.NEGATIVE_INFINITY;
  private cancelled = false;

  constructor(
    private readonly flush: () => void,
    private readonly minInterval = 100,
    private readonly scheduler: Scheduler = browserScheduler,
  ) {}

  /** Asks for a redraw; any number of calls before it happens make one. */
  request(): void {
    if (this.pending) return;
    this.pending = true;
    this.cancelled = false;
    const wait = Math.max(0, this.last + this.minInterval - this.scheduler.now());
    this.scheduler.timer(() => {
      if (this.cancelled) return;
      this.scheduler.frame(() => {
        if (this.cancelled) return;
        this.pending = false;
        this.last = this.scheduler.now();
        this.flush();
      });
    }, wait);
  }

  /** Drops a redraw that has not happened yet (the caller draws now). */
  cancel(): void {
    this.cancelled = true;
    this.pending = false;
  }
}
