import type { Disposable } from './events';
import type { FetchOutcome, JobActions } from './jobActions';
import type { JobStore } from './jobStore';
import type { TrackedJob } from './trackedJob';

/**
 * Fetches the result of every job submitted here as soon as the server reports it done: a large
 * result's cursor expires `ttl` seconds after the query ends, so waiting for a click could lose it.
 * Jobs found on the server that were not submitted here are left for the user to fetch.
 */
export class AutoFetcher implements Disposable {
  private readonly subscription: Disposable;

  constructor(
    private readonly store: JobStore,
    private readonly actions: JobActions,
    private readonly enabled: () => boolean,
    private readonly onError: (job: TrackedJob, error: unknown) => void,
    private readonly onFetched: (outcome: FetchOutcome) => void = () => undefined,
  ) {
    this.subscription = store.onDidChange((changes) => {
      for (const change of changes) {
        if (change.kind !== 'removed' && change.job.resultWaiting && !change.previous?.resultWaiting) {
          this.fetch(change.job);
        }
      }
    });
  }

  /** Fetches what finished while nobody was watching (e.g. before a reload). */
  catchUp(): void {
    for (const job of this.store.all()) {
      if (job.resultWaiting) {
        this.fetch(job);
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private fetch(job: Readonly<TrackedJob>): void {
    if (job.origin !== 'submitted' || !this.enabled()) {
      return;
    }
    this.actions.fetchResult(job.key).then(this.onFetched, (error: unknown) => this.onError(job, error));
  }
}
