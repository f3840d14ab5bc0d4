/**
 * The server's own lists of queries: those running now (`GET /_api/query/current`) and the slow
 * ones that finished (`GET /_api/query/slow`), and which of them is one of our jobs.
 */
import type { RunningQuery } from '../client';

/**
 * One entry of either list, as arangod 3.12 sends it (the client's {@link RunningQuery} without
 * the coordinator it asked). The slow list's entries have `state: 'finished'`.
 */
export type ServerQuery = Omit<RunningQuery, 'coordinator'>;

/** An entry of the list did not have the fields every entry has. */
export class ServerQueryShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerQueryShapeError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The entries of a `GET /_api/query/current` or `/slow` answer (a JSON array).
 *
 * @example const slow = serverQueriesFromAnswer(await response.json()); slow[0]?.runTime
 */
export function serverQueriesFromAnswer(body: unknown): ServerQuery[] {
  if (!Array.isArray(body)) {
    throw new ServerQueryShapeError(`query list: expected a JSON array, got ${typeof body}`);
  }
  return body.map((entry, i) => {
    if (!isObject(entry) || typeof entry.id !== 'string' || typeof entry.query !== 'string' || typeof entry.started !== 'string') {
      throw new ServerQueryShapeError(`query list entry ${i}: needs id, query and started, got ${JSON.stringify(entry)?.slice(0, 200)}`);
    }
    return {
      id: entry.id,
      database: typeof entry.database === 'string' ? entry.database : '',
      user: typeof entry.user === 'string' ? entry.user : '',
      query: entry.query,
      bindVars: isObject(entry.bindVars) ? entry.bindVars : {},
      started: entry.started,
      runTime: typeof entry.runTime === 'number' ? entry.runTime : 0,
      state: typeof entry.state === 'string' ? entry.state : '',
      stream: entry.stream === true,
      ...(typeof entry.peakMemoryUsage === 'number' ? { peakMemoryUsage: entry.peakMemoryUsage } : {}),
    };
  });
}

/** What a job must tell about itself to be found in the server's lists. */
export interface QueryOfJob {
  readonly query?: string;
  readonly database: string;
  readonly bindVars?: Readonly<Record<string, unknown>>;
  /** Epoch milliseconds the job was submitted (our clock). */
  readonly submittedAt: number;
}

/** The server's clock and ours may differ a little; a query is not taken for older than its job by less. */
const CLOCK_SLACK_MS = 1000;

/**
 * The entry that is this job's query: same text, database and bind parameters (key order
 * ignored), started not before the job was submitted; of several, the earliest.
 *
 * @example const mine = queryOfJob(running, job); if (mine) await db.aql.kill(mine.id)
 */
export function queryOfJob<Q extends Pick<ServerQuery, 'query' | 'database' | 'bindVars' | 'started'>>(queries: readonly Q[], job: QueryOfJob): Q | undefined {
  if (job.query === undefined) {
    return undefined;
  }
  const candidates = queries
    .filter((query) => query.query === job.query && query.database === job.database)
    .filter((query) => sameBindVars(query.bindVars, job.bindVars ?? {}))
    .filter((query) => Date.parse(query.started) >= job.submittedAt - CLOCK_SLACK_MS);
  candidates.sort((a, b) => Date.parse(a.started) - Date.parse(b.started));
  return candidates[0];
}

function sameBindVars(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}
