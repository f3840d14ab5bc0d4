import { Emitter } from './events';
import type { Disposable } from './events';
import type { JobState, TrackedJob } from './trackedJob';

/** Where the store keeps its jobs between sessions (the extension passes a Memento-backed one). */
export interface JobPersistence {
  load(): readonly TrackedJob[];
  save(jobs: readonly TrackedJob[]): Promise<void>;
}

export interface JobChange {
  kind: 'added' | 'updated' | 'removed';
  job: Readonly<TrackedJob>;
  /** The job before an update, so listeners can tell "just finished" from "changed again". */
  previous?: Readonly<TrackedJob>;
}

export type JobPatch = Partial<Omit<TrackedJob, 'key' | 'id' | 'coordinator' | 'database' | 'origin'>>;

/**
 * The single source of truth for jobs: the poller and commands write to it, views subscribe to it.
 * Every change is persisted before `flush()` resolves, so a reload never forgets a submitted job.
 */
export class JobStore implements Disposable {
  private readonly jobs = new Map<string, TrackedJob>();
  private readonly changes = new Emitter<readonly JobChange[]>();
  /** Jobs an action is taking off the server's lists, with how many such actions are under way. */
  private readonly held = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();
  private saveError: Error | undefined;

  /** Fires once per mutation with everything that changed in it. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly persistence: JobPersistence) {
    for (const job of persistence.load()) {
      this.jobs.set(job.key, { ...job });
    }
  }

  all(): TrackedJob[] {
    return [...this.jobs.values()];
  }

  get(key: string): TrackedJob | undefined {
    return this.jobs.get(key);
  }

  byState(state: JobState): TrackedJob[] {
    return this.all().filter((job) => job.state === state);
  }

  get pendingCount(): number {
    let count = 0;
    for (const job of this.jobs.values()) {
      if (job.state === 'pending') {
        count++;
      }
    }
    return count;
  }

  add(job: TrackedJob): void {
    if (this.jobs.has(job.key)) {
      throw new Error(`job ${job.key} is tracked already`);
    }
    this.jobs.set(job.key, { ...job });
    this.commit([{ kind: 'added', job }]);
  }

  /** Applies patches to several jobs as one change (one event, one save). Unknown keys are skipped. */
  updateMany(patches: ReadonlyArray<readonly [key: string, patch: JobPatch]>): void {
    const changed: JobChange[] = [];
    for (const [key, patch] of patches) {
      const job = this.jobs.get(key);
      if (!job) {
        continue;
      }
      const updated: TrackedJob = { ...job, ...patch };
      this.jobs.set(key, updated);
      changed.push({ kind: 'updated', job: updated, previous: job });
    }
    if (changed.length > 0) {
      this.commit(changed);
    }
  }

  update(key: string, patch: JobPatch): TrackedJob | undefined {
    this.updateMany([[key, patch]]);
    return this.jobs.get(key);
  }

  remove(keys: readonly string[]): void {
    const removed: JobChange[] = [];
    for (const key of keys) {
      const job = this.jobs.get(key);
      if (job) {
        this.jobs.delete(key);
        removed.push({ kind: 'removed', job });
      }
    }
    if (removed.length > 0) {
      this.commit(removed);
    }
  }

  /**
   * Marks jobs that an action is taking off the server's lists (a result being fetched, a job
   * being cleared) until the handle is disposed. Meanwhile their absence from the lists is that
   * action's doing, and its outcome (stored, lost in transit, cleared) decides what they become.
   * Not persisted: no action survives a restart.
   */
  hold(keys: readonly string[]): Disposable {
    for (const key of keys) {
      this.held.set(key, (this.held.get(key) ?? 0) + 1);
    }
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        for (const key of keys) {
          const count = (this.held.get(key) ?? 1) - 1;
          if (count > 0) this.held.set(key, count);
          else this.held.delete(key);
        }
      },
    };
  }

  /** Whether an action is taking the job off the server's lists right now (see {@link hold}). */
  isHeld(key: string): boolean {
    return this.held.has(key);
  }

  /** Resolves once every change so far is persisted; rejects with the last save error, if any. */
  async flush(): Promise<void> {
    await this.saving;
    if (this.saveError !== undefined) {
      const error = this.saveError;
      this.saveError = undefined;
      throw error;
    }
  }

  dispose(): void {
    this.changes.dispose();
  }

  private commit(changes: JobChange[]): void {
    const snapshot = this.all();
    // Saves are chained so an older snapshot can never overwrite a newer one.
    this.saving = this.saving.then(
      () => this.persistence.save(snapshot),
    ).catch((error: unknown) => {
      this.saveError = error instanceof Error ? error : new Error(String(error));
    });
    this.changes.fire(changes);
  }
}
