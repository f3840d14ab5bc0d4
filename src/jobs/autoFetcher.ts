import type { Disposable } from './events';
import type { FetchOutcome, JobActions } from './jobActions';
import type { JobStore } from './jobStore';
import type { TrackedJob } from './trackedJob';

export interface AutoFetcherOptions {
  /** First wait before fetching again after a failure; doubles each time. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Fetch attempts per job before leaving it to the user's Fetch Result. */
  maxAttempts?: number;
}

/**
 * Fetches the result of every job submitted here as soon as the server reports it done: a large
 * result's cursor expires `ttl` seconds after the query ends, so waiting for a click could lose it.
 * A fetch that fails without losing the result (the server unreachable or busy) is tried again
 * with back-off. Jobs found on the server that were not submitted here are left for the user.
 */
export class AutoFetcher implements Disposable {
  private readonly subscription: Disposable;
  private readonly retries = new Map<string, { attempts: number; timer?: NodeJS.Timeout }>();
  private disposed = false;

  constructor(
    private readonly store: JobStore,
    private readonly actions: JobActions,
    private readonly enabled: () => boolean,
    /** Told of the first failure of a job's fetch, and of the last when it gives up. */
    private readonly onError: (job: Readonly<TrackedJob>, error: unknown, willRetry: boolean) => void,
    private readonly onFetched: (outcome: FetchOutcome) => void = () => undefined,
    private readonly options: AutoFetcherOptions = {},
  ) {
    this.subscription = store.onDidChange((changes) => {
      for (const change of changes) {
        if (change.kind === 'removed') {
          this.forget(change.job.key);
        } else if (change.job.resultWaiting && !change.previous?.resultWaiting) {
          this.fetch(change.job);
        }
      }
    });
  }

  /** Fetches what finished while nobody was watching (e.g. before a reload). */
  catchUp(): void {
    for (const job of this.store.all()) {
      if (job.resultWaiting && !this.retries.get(job.key)?.timer) {
        this.fetch(job);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    for (const key of [...this.retries.keys()]) {
      this.forget(key);
    }
  }

  private fetch(job: Readonly<TrackedJob>): void {
    // A job of a coordinator no longer in the settings waits, untouched, until it is added back.
    if (this.disposed || job.origin !== 'submitted' || !this.enabled() || !this.actions.reaches(job)) {
      return;
    }
    this.actions.fetchResult(job.key).then(
      (outcome) => {
        this.forget(job.key);
        this.onFetched(outcome);
      },
      (error: unknown) => this.failed(job, error),
    );
  }

  private failed(job: Readonly<TrackedJob>, error: unknown): void {
    const attempts = (this.retries.get(job.key)?.attempts ?? 0) + 1;
    const maxAttempts = this.options.maxAttempts ?? 8;
    const current = this.store.get(job.key);
    const willRetry = !this.disposed && attempts < maxAttempts && current?.resultWaiting === true;
    if (attempts === 1 || !willRetry) {
      this.onError(job, error, willRetry);
    }
    if (!willRetry) {
      this.forget(job.key);
      return;
    }
    const first = this.options.retryDelayMs ?? 1000;
    const delay = Math.min(first * 2 ** (attempts - 1), this.options.maxRetryDelayMs ?? 30_000);
    const timer = setTimeout(() => {
      this.retries.set(job.key, { attempts });
      const latest = this.store.get(job.key);
      if (latest?.resultWaiting) {
        this.fetch(latest);
      } else {
        this.forget(job.key);
      }
    }, delay);
    this.retries.set(job.key, { attempts, timer });
  }

  private forget(key: string): void {
    const retry = this.retries.get(key);
    if (retry?.timer) {
      clearTimeout(retry.timer);
    }
    this.retries.delete(key);
  }
}
