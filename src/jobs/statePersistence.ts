import type { JobPersistence } from './jobStore';
import { JOB_STATES } from './trackedJob';
import type { TrackedJob } from './trackedJob';

/** The part of VS Code's `Memento` the store needs, so this module stays free of `vscode`. */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const STATE_KEY = 'arangodb.jobs.v1';

/**
 * Persists tracked jobs in a Memento. Whatever was stored is checked on load: a job record that
 * cannot be read is dropped rather than breaking the whole explorer.
 */
export class StatePersistence implements JobPersistence {
  constructor(private readonly state: KeyValueState) {}

  load(): TrackedJob[] {
    const stored = this.state.get<unknown>(STATE_KEY);
    if (!Array.isArray(stored)) {
      return [];
    }
    return stored.filter(isTrackedJob);
  }

  async save(jobs: readonly TrackedJob[]): Promise<void> {
    await this.state.update(STATE_KEY, jobs);
  }
}

function isTrackedJob(value: unknown): value is TrackedJob {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const job = value as Record<string, unknown>;
  return (
    typeof job.key === 'string' &&
    typeof job.id === 'string' &&
    typeof job.coordinator === 'string' &&
    typeof job.database === 'string' &&
    (job.origin === 'submitted' || job.origin === 'discovered') &&
    JOB_STATES.includes(job.state as TrackedJob['state']) &&
    typeof job.submittedAt === 'number' &&
    typeof job.resultWaiting === 'boolean'
  );
}
