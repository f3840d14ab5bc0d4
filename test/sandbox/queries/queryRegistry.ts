/**
 * The AQL queries of one coordinator (arangod's QueryList, one per database): the running ones
 * (`GET /_api/query/current`, killed by `DELETE /_api/query/{id}`), the finished slow ones
 * (`GET`/`DELETE /_api/query/slow`) and the tracking settings (`/_api/query/properties`).
 */
import { queryKilled } from '../server/serverErrors';
import { DEFAULT_TRACKING, trackedQueryString, type QueryTrackingProperties } from './queryTracking';

export interface RunningQuery {
  readonly id: string;
  readonly database: string;
  readonly user: string;
  readonly query: string;
  readonly bindVars: Record<string, unknown>;
  readonly startedAt: number;
  readonly stream: boolean;
  /** The query writes (INSERT, UPDATE, REPLACE, REMOVE). */
  readonly modificationQuery: boolean;
  readonly controller: AbortController;
  /** Set by `kill`: the query shows as `killed` from then on. */
  killed: boolean;
}

/** How a query ended, for its slow-list entry. */
export interface QueryEnd {
  peakMemoryUsage: number;
  warnings: number;
  /** 0, or the errorNum the query failed with. */
  exitCode: number;
}

/**
 * One entry of `GET /_api/query/current` (and `/slow`, which adds `exitCode`): keys in
 * QueryEntryCopy::toVelocyPack's order, then `modificationQuery` and the number of `warnings`
 * (PROTOCOL §3).
 */
export interface QueryEntry {
  id: string;
  database: string;
  user: string;
  query: string;
  bindVars: Record<string, unknown>;
  started: string;
  runTime: number;
  peakMemoryUsage: number;
  state: 'executing' | 'finished' | 'killed';
  stream: boolean;
  exitCode?: number;
  modificationQuery: boolean;
  warnings: number;
}

/** TRI_StringTimeStamp: ISO 8601 in UTC with whole seconds. */
function timestamp(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class QueryRegistry {
  private readonly running = new Map<string, RunningQuery>();
  private readonly slowByDatabase = new Map<string, QueryEntry[]>();
  private readonly trackingByDatabase = new Map<string, QueryTrackingProperties>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The tracking settings of a database. */
  tracking(database: string): QueryTrackingProperties {
    return { ...(this.trackingByDatabase.get(database) ?? DEFAULT_TRACKING) };
  }

  setTracking(database: string, properties: QueryTrackingProperties): void {
    this.trackingByDatabase.set(database, { ...properties });
  }

  /**
   * Starts tracking a query. With tracking disabled for its database it is not listed (and so
   * cannot be killed by id), as QueryList::insert refuses it.
   */
  register(query: Omit<RunningQuery, 'startedAt' | 'killed'>): RunningQuery {
    const entry: RunningQuery = { ...query, startedAt: this.now(), killed: false };
    if (this.tracking(query.database).enabled) {
      this.running.set(entry.id, entry);
    }
    return entry;
  }

  /**
   * Stops tracking a query; one that ran at least the slow threshold of its database enters
   * the slow list (the oldest entry leaves beyond `maxSlowQueries`), as QueryList::remove.
   */
  finish(id: string, end: QueryEnd): void {
    const query = this.running.get(id);
    if (query === undefined) {
      return;
    }
    this.running.delete(id);
    const tracking = this.tracking(query.database);
    if (!tracking.enabled || !tracking.trackSlowQueries) {
      return;
    }
    const threshold = query.stream ? tracking.slowStreamingQueryThreshold : tracking.slowQueryThreshold;
    const runTime = (this.now() - query.startedAt) / 1000;
    if (threshold < 0 || runTime < threshold) {
      return;
    }
    const slow = this.slowByDatabase.get(query.database) ?? [];
    slow.push(this.entry(query, tracking, runTime, end));
    while (slow.length > tracking.maxSlowQueries) {
      slow.shift();
    }
    this.slowByDatabase.set(query.database, slow);
  }

  /** The running queries of a database (of every database with `allDatabases`). */
  list(database: string, allDatabases = false): QueryEntry[] {
    const now = this.now();
    return [...this.running.values()]
      .filter((query) => allDatabases || query.database === database)
      .map((query) => this.entry(query, this.tracking(query.database), (now - query.startedAt) / 1000));
  }

  /** The slow queries of a database (of every database with `allDatabases`), oldest first. */
  slow(database: string, allDatabases = false): QueryEntry[] {
    const lists = allDatabases ? [...this.slowByDatabase.values()] : [this.slowByDatabase.get(database) ?? []];
    return lists.flat().map((entry) => ({ ...entry }));
  }

  clearSlow(database: string, allDatabases = false): void {
    if (allDatabases) {
      this.slowByDatabase.clear();
    } else {
      this.slowByDatabase.delete(database);
    }
  }

  /** Kills a running query of the database; false when there is none with this id. */
  kill(id: string, database: string, allDatabases = false): boolean {
    const query = this.running.get(id);
    if (query === undefined || (!allDatabases && query.database !== database)) {
      return false;
    }
    query.killed = true;
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

  private entry(query: RunningQuery, tracking: QueryTrackingProperties, runTime: number, end?: QueryEnd): QueryEntry {
    return {
      id: query.id,
      database: query.database,
      user: query.user,
      query: trackedQueryString(query.query, tracking.maxQueryStringLength),
      bindVars: tracking.trackBindVars ? query.bindVars : {},
      started: timestamp(query.startedAt),
      runTime,
      peakMemoryUsage: end?.peakMemoryUsage ?? 0,
      state: query.killed ? 'killed' : end === undefined ? 'executing' : 'finished',
      stream: query.stream,
      // Only a finished query has an exit code.
      ...(end === undefined ? {} : { exitCode: end.exitCode }),
      modificationQuery: query.modificationQuery,
      warnings: end?.warnings ?? 0,
    };
  }
}
