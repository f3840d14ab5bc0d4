import { Emitter } from './events';
import type { Disposable } from './events';
import type { JobPatch, JobStore } from './jobStore';
import { LOST_REASON, RESULT_LOST_IN_TRANSIT, jobKey } from './trackedJob';
import type { TrackedJob } from './trackedJob';

/** The two lists a refresh reads from each coordinator (`GET /_api/job/pending|done?count=N`). */
export interface JobLists {
  coordinators(): readonly string[];
  readonly database: string;
  list(coordinator: string, status: 'pending' | 'done', count: number, signal: AbortSignal): Promise<string[]>;
}

/** The timer functions the poller schedules its refreshes with (tests pass a fake clock's). */
export interface PollerTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PollerOptions {
  /** Delay between refreshes while something is pending, once the back-off after a submission has reached it. */
  intervalMs: number;
  /**
   * Delay of the first refresh after a submission ({@link Poller.wake}); each following one waits
   * twice as long, up to `intervalMs`. A query of a few milliseconds is then seen done at once,
   * while a long one costs a few refreshes more. `intervalMs` here gives a fixed schedule.
   */
  firstRefreshMs?: number;
  /** Longest delay after repeated failures. */
  maxBackoffMs: number;
  /** How many ids to ask for per list; a full list means "there may be more" and nothing is judged lost. */
  listCount?: number;
  /** Whether jobs found on the server that nobody here submitted are added to the store. */
  discover?: boolean;
  now?: () => number;
  timers?: PollerTimers;
}

export interface RefreshReport {
  /** Requests sent by this refresh. */
  requests: number;
  finished: string[];
  lost: string[];
  discovered: string[];
  /** Coordinators that could not be asked, with the error each gave. */
  unreachable: Array<{ coordinator: string; error: unknown }>;
}

const DEFAULT_LIST_COUNT = 10_000;
/** Long enough for the submission's job to reach the server's queue, short enough to see a `RETURN 1` done at once. */
const DEFAULT_FIRST_REFRESH_MS = 20;

const NODE_TIMERS: PollerTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Keeps the job store in step with the server's own lists: two requests per coordinator per refresh,
 * however many jobs are tracked. Runs only while a job is pending, refreshes soon after a submission
 * and then less often up to the interval, and backs off while refreshes fail.
 */
export class Poller implements Disposable {
  private timer: { handle: unknown; dueAt: number } | undefined;
  private running: Promise<RefreshReport> | undefined;
  private failures = 0;
  /** Delay after the next successful refresh: short after a submission, doubling up to the interval. */
  private nextDelayMs: number;
  private disposed = false;
  private readonly abort = new AbortController();
  private readonly refreshed = new Emitter<RefreshReport>();
  private readonly now: () => number;
  private readonly timers: PollerTimers;

  readonly onDidRefresh = this.refreshed.event;

  constructor(
    private readonly store: JobStore,
    private readonly lists: JobLists,
    private options: PollerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? NODE_TIMERS;
    this.nextDelayMs = options.intervalMs;
  }

  /** Applies a new refresh interval from the next refresh on. */
  setInterval(intervalMs: number): void {
    this.options = { ...this.options, intervalMs };
  }

  /** Whether a timer is set for the next refresh. */
  get isScheduled(): boolean {
    return this.timer !== undefined;
  }

  /**
   * After a submission: refreshes soon, then backs off to the interval. A refresh in flight or
   * already due sooner is kept (the one in flight may have asked before the job existed, so the
   * next one follows it after the short delay).
   */
  wake(): void {
    if (this.disposed || !this.pendingHere()) {
      return;
    }
    const first = this.firstDelayMs();
    this.nextDelayMs = first;
    if (this.running !== undefined) {
      return;
    }
    if (this.timer !== undefined && this.timer.dueAt <= this.now() + first) {
      return;
    }
    this.schedule(first);
    this.nextDelayMs = Math.min(first * 2, this.options.intervalMs);
  }

  /** One reconciliation pass now; concurrent callers share the pass in flight. */
  refresh(): Promise<RefreshReport> {
    if (this.running) {
      return this.running;
    }
    this.clearTimer();
    this.running = this.reconcile().finally(() => {
      this.running = undefined;
    });
    void this.running.then(
      (report) => this.afterRefresh(report),
      () => this.afterRefresh(undefined),
    );
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.abort.abort();
    this.refreshed.dispose();
  }

  private afterRefresh(report: RefreshReport | undefined): void {
    const failed = report === undefined || report.unreachable.length > 0;
    this.failures = failed ? this.failures + 1 : 0;
    if (report) {
      this.refreshed.fire(report);
    }
    if (this.disposed || !this.pendingHere()) {
      this.nextDelayMs = this.options.intervalMs;
      return;
    }
    if (failed) {
      this.schedule(Math.min(this.options.intervalMs * 2 ** this.failures, this.options.maxBackoffMs));
      return;
    }
    const delay = Math.min(this.nextDelayMs, this.options.intervalMs);
    this.nextDelayMs = Math.min(delay * 2, this.options.intervalMs);
    this.schedule(delay);
  }

  private firstDelayMs(): number {
    return Math.min(this.options.firstRefreshMs ?? DEFAULT_FIRST_REFRESH_MS, this.options.intervalMs);
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    const handle = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.refresh().catch(() => undefined);
    }, delayMs);
    this.timer = { handle, dueAt: this.now() + delayMs };
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer.handle);
      this.timer = undefined;
    }
  }

  private async reconcile(): Promise<RefreshReport> {
    const startedAt = this.now();
    const count = this.options.listCount ?? DEFAULT_LIST_COUNT;
    const report: RefreshReport = { requests: 0, finished: [], lost: [], discovered: [], unreachable: [] };

    for (const coordinator of this.coordinatorsToAsk()) {
      let pending: string[];
      let done: string[];
      try {
        // Pending first: a job that ends between the two answers is then seen in at least one list.
        report.requests++;
        pending = await this.lists.list(coordinator, 'pending', count, this.abort.signal);
        report.requests++;
        done = await this.lists.list(coordinator, 'done', count, this.abort.signal);
      } catch (error) {
        report.unreachable.push({ coordinator, error });
        continue;
      }
      const complete = pending.length < count && done.length < count;
      const pendingIds = new Set(pending);
      const doneIds = new Set(done);
      // What the lists say is applied at once, in the same turn as the jobs are read: while the next
      // coordinator is asked, a fetch may settle one of these jobs, and no older view may overwrite it.
      const tracked = this.store.all().filter((job) => job.coordinator === coordinator);
      const patches: Array<[string, JobPatch]> = [];
      for (const job of tracked) {
        const patch = this.reconcileJob(job, pendingIds, doneIds, complete, startedAt);
        if (patch) {
          patches.push([job.key, patch]);
          if (patch.state === 'lost') {
            report.lost.push(job.key);
          } else if (patch.resultWaiting === true) {
            report.finished.push(job.key);
          }
        }
      }
      this.store.updateMany(patches);
      if (this.options.discover ?? true) {
        report.discovered.push(...this.discover(coordinator, pendingIds, doneIds, tracked));
      }
    }
    return report;
  }

  /** Only this connection's coordinators: jobs of another connection wait until it is back. */
  private coordinatorsToAsk(): readonly string[] {
    return this.lists.coordinators();
  }

  /** Whether a job on one of this connection's coordinators is pending (what keeps polling alive). */
  private pendingHere(): boolean {
    const coordinators = new Set(this.lists.coordinators());
    return this.store.all().some((job) => job.state === 'pending' && coordinators.has(job.coordinator));
  }

  private reconcileJob(
    job: TrackedJob,
    pendingIds: ReadonlySet<string>,
    doneIds: ReadonlySet<string>,
    complete: boolean,
    startedAt: number,
  ): JobPatch | undefined {
    const live = job.state === 'pending' || job.resultWaiting;
    if (!live) {
      return undefined;
    }
    if (pendingIds.has(job.id)) {
      return undefined;
    }
    if (doneIds.has(job.id)) {
      return job.resultWaiting ? undefined : { state: 'done', resultWaiting: true, finishedAt: this.now() };
    }
    // A job submitted after the lists were asked for may simply not be in them yet. One whose
    // result is being fetched (or that is being cleared) left them by that action: its outcome
    // decides, and a fetch cut off after the server handed the result out says lost in transit.
    if (!complete || job.submittedAt >= startedAt || this.store.isHeld(job.key)) {
      return undefined;
    }
    const lostReason = job.fetchCutOffAt !== undefined ? RESULT_LOST_IN_TRANSIT : LOST_REASON;
    return { state: 'lost', resultWaiting: false, lostReason, finishedAt: job.finishedAt ?? this.now() };
  }

  private discover(
    coordinator: string,
    pendingIds: ReadonlySet<string>,
    doneIds: ReadonlySet<string>,
    tracked: readonly TrackedJob[],
  ): string[] {
    const known = new Set(tracked.map((job) => job.id));
    const discovered: string[] = [];
    const now = this.now();
    for (const [ids, state] of [[pendingIds, 'pending'], [doneIds, 'done']] as const) {
      for (const id of ids) {
        if (known.has(id)) {
          continue;
        }
        known.add(id);
        const key = jobKey(coordinator, id);
        if (this.store.get(key)) {
          continue;
        }
        this.store.add({
          key,
          id,
          coordinator,
          database: this.lists.database,
          origin: 'discovered',
          state,
          submittedAt: now,
          resultWaiting: state === 'done',
          ...(state === 'done' ? { finishedAt: now } : {}),
        });
        discovered.push(key);
      }
    }
    return discovered;
  }
}
