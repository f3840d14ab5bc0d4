/**
 * The AQL queries running on one coordinator (arangod's QueryList): listed by
 * `GET /_api/query/current`, killed by `DELETE /_api/query/{id}`.
 */
import { queryKilled } from '../server/serverErrors';

export interface RunningQuery {
  readonly id: string;
  readonly database: string;
  readonly user: string;
  readonly query: string;
  readonly bindVars: Record<string, unknown>;
  readonly startedAt: number;
  readonly stream: boolean;
  readonly controller: AbortController;
}

/** One entry of `GET /_api/query/current`, keys in arangod's order (QueryEntryCopy::toVelocyPack). */
export interface RunningQueryEntry {
  id: string;
  database: string;
  user: string;
  query: string;
  bindVars: Record<string, unknown>;
  started: string;
  runTime: number;
  peakMemoryUsage: number;
  state: 'executing';
  stream: boolean;
}

export class QueryRegistry {
  private readonly running = new Map<string, RunningQuery>();

  constructor(private readonly now: () => number = Date.now) {}

  register(query: Omit<RunningQuery, 'startedAt'>): RunningQuery {
    const entry: RunningQuery = { ...query, startedAt: this.now() };
    this.running.set(entry.id, entry);
    return entry;
  }

  unregister(id: string): void {
    this.running.delete(id);
  }

  /** The running queries of a database (of every database with `allDatabases`). */
  list(database: string, allDatabases = false): RunningQueryEntry[] {
    const now = this.now();
    return [...this.running.values()]
      .filter((query) => allDatabases || query.database === database)
      .map((query) => ({
        id: query.id,
        database: query.database,
        user: query.user,
        query: query.query,
        bindVars: query.bindVars,
        // TRI_StringTimeStamp: ISO 8601 in UTC with whole seconds.
        started: new Date(query.startedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        runTime: (now - query.startedAt) / 1000,
        peakMemoryUsage: 0,
        state: 'executing',
        stream: query.stream,
      }));
  }

  /** Kills a running query of the database; false when there is none with this id. */
  kill(id: string, database: string, allDatabases = false): boolean {
    const query = this.running.get(id);
    if (query === undefined || (!allDatabases && query.database !== database)) {
      return false;
    }
    query.controller.abort(queryKilled());
    return true;
  }

  /** Kills everything (a process restart). */
  killAll(reason: unknown): void {
    for (const query of this.running.values()) {
      query.controller.abort(reason);
    }
    this.running.clear();
  }
}
