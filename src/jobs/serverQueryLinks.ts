/**
 * Which of the server's running queries are our own pending jobs' queries. ArangoDB's list does
 * not name the async job a query runs for (an entry has id, database, user, query, bindVars,
 * started, runTime, state, stream), so a job is recognised by what it sent.
 */
import type { RunningQuery } from '../client/aql';
import { queryOfJob } from '../plans/serverQueries';
import type { TrackedJob } from './trackedJob';

/** arangod cuts a query text longer than `maxQueryStringLength` (4096 by default) and appends this. */
const CUT_MARK = '...';

/** The links both ways: job key → its running query, and query id → the job key. */
export interface JobQueryLinks {
  readonly queryOfJob: ReadonlyMap<string, RunningQuery>;
  readonly jobOfQuery: ReadonlyMap<string, string>;
}

export const NO_LINKS: JobQueryLinks = { queryOfJob: new Map(), jobOfQuery: new Map() };

/**
 * Links each pending job to the running query that is its own: same database, same text (or the
 * server's cut copy of it), same bind parameters in any key order, started no earlier than a
 * second before the job was submitted. Jobs are taken oldest first, and each takes the earliest
 * matching query no other job took, so two identical jobs get one query each.
 *
 * @example const links = linkJobsToQueries(running, store.byState('pending')); links.jobOfQuery.get(query.id)
 */
export function linkJobsToQueries(queries: readonly RunningQuery[], jobs: readonly TrackedJob[]): JobQueryLinks {
  const byJob = new Map<string, RunningQuery>();
  const byQuery = new Map<string, string>();
  const pending = jobs.filter((job) => job.state === 'pending' && job.query !== undefined).sort((a, b) => a.submittedAt - b.submittedAt);
  for (const job of pending) {
    const text = job.query ?? '';
    // A cut copy stands for the job's full text, so the one matching rule of queryOfJob applies.
    const free = queries
      .filter((query) => !byQuery.has(query.id))
      .map((query) => (isCutCopyOf(query.query, text) ? { ...query, query: text, original: query } : { ...query, original: query }));
    const found = queryOfJob(free, job);
    if (found) {
      byJob.set(job.key, found.original);
      byQuery.set(found.id, job.key);
    }
  }
  return { queryOfJob: byJob, jobOfQuery: byQuery };
}

function isCutCopyOf(listed: string, full: string): boolean {
  return listed.endsWith(CUT_MARK) && listed.length < full.length + CUT_MARK.length && full.startsWith(listed.slice(0, -CUT_MARK.length));
}
