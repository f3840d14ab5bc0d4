/**
 * Jobs on a sandbox and their twins in a job store: what the refresh benchmark and the
 * refresh-cost test track. "Pending" jobs sleep for longer than any run lasts (two run, the rest
 * wait in the sandbox's queue); "done" jobs have their result waiting on the server.
 */
import type { Database } from '../src/client';
import { JobStore } from '../src/jobs/jobStore';
import { jobKey } from '../src/jobs/trackedJob';
import type { TrackedJob } from '../src/jobs/trackedJob';

/** A query that stays pending for the whole run (the sandbox is stopped long before it ends). */
export const SLEEPING_QUERY = 'LET x = SLEEP(3600) RETURN x';

/** A store that keeps nothing between sessions: the benchmark measures refreshes, not saving. */
export function memoryJobStore(jobs: readonly TrackedJob[] = []): JobStore {
  return new JobStore({ load: () => jobs, save: () => Promise.resolve() });
}

/**
 * Submits `done` quick jobs and waits until the server lists them all as done, then `pending`
 * sleeping jobs. Resolves to the tracked jobs, as the extension's store would hold them.
 */
export async function submitTrackedJobs(db: Database, counts: { done: number; pending: number }): Promise<TrackedJob[]> {
  const asyncDb = db.beginAsyncExecution();
  const tracked: TrackedJob[] = [];
  const submittedAt = Date.now() - 60_000;
  const track = (id: string, coordinator: string, query: string, state: 'pending' | 'done'): void => {
    tracked.push({
      key: jobKey(coordinator, id),
      id,
      coordinator,
      database: db.name,
      origin: 'submitted',
      query,
      state,
      submittedAt,
      resultWaiting: state === 'done',
      ...(state === 'done' ? { finishedAt: submittedAt } : {}),
    });
  };
  const doneIds = new Set<string>();
  for (let index = 0; index < counts.done; index += 1) {
    const query = `RETURN ${index}`;
    const job = await asyncDb.aql.execute(query);
    doneIds.add(job.id);
    track(job.id, job.coordinator, query, 'done');
  }
  await waitUntil(async () => {
    const listed = new Set(await db.asyncJobs('done', counts.done + counts.pending + 1000));
    return [...doneIds].every((id) => listed.has(id));
  });
  for (let index = 0; index < counts.pending; index += 1) {
    const job = await asyncDb.aql.execute(SLEEPING_QUERY);
    track(job.id, job.coordinator, SLEEPING_QUERY, 'pending');
  }
  return tracked;
}

/** The same jobs once nothing is pending any more: every result fetched and stored. */
export function settledCopies(jobs: readonly TrackedJob[]): TrackedJob[] {
  return jobs.map((job) => ({ ...job, state: 'done', resultWaiting: false, finishedAt: job.submittedAt }));
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`a job fixture was not ready within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
