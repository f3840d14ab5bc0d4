import type { Disposable } from '../jobs/events';

/** The timer functions a ticker runs on (tests pass a fake clock's). */
export interface TickTimers {
  setInterval(callback: () => void, periodMs: number): unknown;
  clearInterval(handle: unknown): void;
}

const NODE_TIMERS: TickTimers = {
  setInterval: (callback, periodMs) => setInterval(callback, periodMs),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/**
 * Calls `tick` every `periodMs` while it is wanted, and holds no timer otherwise: what keeps
 * elapsed times moving while someone can see them, at no cost while nobody can.
 */
export class Ticker implements Disposable {
  private handle: unknown;
  private running = false;
  private disposed = false;

  constructor(
    private readonly periodMs: number,
    private readonly tick: () => void,
    private readonly timers: TickTimers = NODE_TIMERS,
  ) {}

  /** Starts or stops the ticking; does nothing once disposed. */
  set(wanted: boolean): void {
    if (wanted && !this.running && !this.disposed) {
      this.handle = this.timers.setInterval(this.tick, this.periodMs);
      this.running = true;
    } else if (!wanted && this.running) {
      this.stop();
    }
  }

  get isTicking(): boolean {
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private stop(): void {
    if (this.running) {
      this.timers.clearInterval(this.handle);
      this.running = false;
      this.handle = undefined;
    }
  }
}
