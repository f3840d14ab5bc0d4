/**
 * {@link Aql}: running AQL queries (`POST /_api/cursor`), listing running and slow queries, killing
 * them and emptying the slow list (`/_api/query`). Mirrors python-arango's `AQL` wrapper.
 */
import { Cursor } from './cursor';
import { AQLQueryClearError, AQLQueryExecuteError, AQLQueryKillError, AQLQueryListError, AQLQueryParseError, AQLQueryRulesError } from './errors';
import type { DatabaseContext, ExecutionContext, ExecutionMode, Executed, Executor, Operation } from './executor';
import { handleResponse, pinnedCoordinator } from './executor';
import type { RequestOptions } from './job';
import type { ArangoResponse } from './response';
import { objectBody, unexpectedBody } from './response';

/** Options of {@link Aql.execute} (the names of `POST /_api/cursor`). */
export interface AqlExecuteOptions extends RequestOptions {
  /** Values for `@name` / `@@collection` parameters. @example { bindVars: { name: 'Neal' } } */
  readonly bindVars?: Readonly<Record<string, unknown>>;
  /** Items per batch (server default 1000). @example { batchSize: 500 } */
  readonly batchSize?: number;
  /** Ask for the total number of items (`cursor.count`). @example { count: true } */
  readonly count?: boolean;
  /** Ask for `statistics.fullCount` (items before the last top-level `LIMIT`). @example { fullCount: true } */
  readonly fullCount?: boolean;
  /** Seconds the server keeps the cursor between fetches. @example { ttl: 600 } */
  readonly ttl?: number;
  /** Seconds after which the server kills the query. @example { maxRuntime: 300 } */
  readonly maxRuntime?: number;
  /** Bytes the query may use (0 = no limit); over it the query fails with errorNum 32. @example { memoryLimit: 2 ** 30 } */
  readonly memoryLimit?: number;
  /** `true` or `1`: phase timings in `cursor.profile`; `2`: also per-node statistics. @example { profile: true } */
  readonly profile?: boolean | number;
  /** Produce results lazily on the server (no `count`, no cache). @example { stream: true } */
  readonly stream?: boolean;
  /** Fail the query at its first warning instead of returning the warnings. @example { failOnWarning: true } */
  readonly failOnWarning?: boolean;
  /** Optimizer rules to turn on (`+name`) or off (`-name`, `-all`), sent as `options.optimizer.rules`. @example { optimizerRules: ['-use-indexes'] } */
  readonly optimizerRules?: readonly string[];
  /**
   * Let a batch be asked again by its `nextBatchId` after its answer was lost (ArangoDB 3.11+,
   * sent as `options.allowRetry`). The server then keeps the cursor after its last batch until
   * `cursor.close()` deletes it or its ttl ends: close such cursors. @example { allowRetry: true }
   */
  readonly allowRetry?: boolean;
}

/** Options of calls that may be addressed to one coordinator. */
export interface CoordinatorOptions extends RequestOptions {
  /** Ask this coordinator (one of the client's hosts); default: the next in turn. */
  readonly coordinator?: string;
}

/** One entry of `GET /_api/query/current`, or of `GET /_api/query/slow` (finished ones, with `exitCode`). */
export interface RunningQuery {
  /** Query id, for {@link Aql.kill}. */
  readonly id: string;
  readonly database: string;
  readonly user: string;
  readonly query: string;
  readonly bindVars: Readonly<Record<string, unknown>>;
  /** ISO date the query started. */
  readonly started: string;
  /** Seconds it has run. */
  readonly runTime: number;
  /** e.g. `'executing'`, `'finalizing'`; in the slow list `'finished'` (or `'killed'`). */
  readonly state: string;
  readonly stream: boolean;
  readonly peakMemoryUsage?: number;
  /** Slow list only: 0, or the errorNum the query ended with (1500 when it was killed). */
  readonly exitCode?: number;
  /** The coordinator that answered (kill the query there). */
  readonly coordinator: string;
}

/** What `POST /_api/query` answers for a query it could parse: what the query names, nothing run. */
export interface ParsedQuery {
  /** Collections the query names (the server does not check here that they exist). */
  readonly collections: readonly string[];
  /** The `bindVars` keys the query declares: `name` for `@name`, `@coll` for `@@coll`. */
  readonly bindVars: readonly string[];
  /** The abstract syntax tree, as the server prints it. */
  readonly ast: readonly unknown[];
}

/** One entry of `GET /_api/query/rules` (ArangoDB 3.10+). */
export interface OptimizerRule {
  /** e.g. `'use-indexes'`. */
  readonly name: string;
  readonly description: string;
  readonly flags: {
    readonly hidden: boolean;
    readonly clusterOnly: boolean;
    /** `false`: `-name` has no effect. */
    readonly canBeDisabled: boolean;
    readonly canCreateAdditionalPlans: boolean;
    readonly disabledByDefault: boolean;
    readonly enterpriseOnly: boolean;
  };
}

/** @internal The handler of `POST /_api/cursor`, shared by `execute()` and `db.aqlJob()`. */
export function handleQueryAnswer<T>(context: DatabaseContext, response: ArangoResponse): Cursor<T> {
  return handleResponse(queryAnswer<T>(context), response);
}

function queryAnswer<T>(context: DatabaseContext, body?: Record<string, unknown>): Operation<Cursor<T>> {
  return {
    // Rows stay the server's bytes until read (Cursor.rawBatches() copies them to a file as sent).
    request: { method: 'POST', path: '/_api/cursor', retry: 'never', body, rawSuccessBody: true },
    errorClass: AQLQueryExecuteError,
    parse: (response) => Cursor.fromResponse<T>(context, response),
  };
}

/**
 * AQL for one database. Calls return results, or jobs when the database handle came from
 * `beginAsyncExecution()` (then {@link Aql.context} is `'async'`).
 *
 * @example const cursor = await db.aql.execute('FOR s IN students RETURN s', { batchSize: 100 })
 */
export class Aql<M extends ExecutionMode = 'default'> {
  /** Name of the database. @example db.aql.database === 'test' */
  readonly database: string;
  /** The user the handle authenticates as, if any. @example db.aql.username === 'root' */
  readonly username: string | undefined;
  readonly #executor: Executor<M>;
  readonly #context: DatabaseContext;

  /** @internal Use `db.aql`. */
  constructor(executor: Executor<M>, context: DatabaseContext) {
    this.#executor = executor;
    this.#context = context;
    this.database = context.database;
    this.username = context.auth?.username;
  }

  /** `'default'` or `'async'`, as python-arango's `context`. @example asyncDb.aql.context === 'async' */
  get context(): ExecutionContext {
    return this.#executor.context;
  }

  /**
   * Runs a query. Resolves to a {@link Cursor}; in async mode to an `AsyncJob<Cursor>` whose
   * `result()` throws {@link AQLQueryExecuteError} when the query failed (e.g. errorCode 1501
   * for a syntax error). Never retried (a query may write).
   *
   * @example const cursor = await db.aql.execute('FOR s IN @@c RETURN s', { bindVars: { '@c': 'students' } })
   */
  execute<T = unknown>(query: string, options: AqlExecuteOptions = {}): Promise<Executed<M, Cursor<T>>> {
    const extra: Record<string, unknown> = {};
    if (options.fullCount !== undefined) extra.fullCount = options.fullCount;
    if (options.maxRuntime !== undefined) extra.maxRuntime = options.maxRuntime;
    if (options.profile !== undefined) extra.profile = options.profile;
    if (options.stream !== undefined) extra.stream = options.stream;
    if (options.allowRetry !== undefined) extra.allowRetry = options.allowRetry;
    if (options.failOnWarning !== undefined) extra.failOnWarning = options.failOnWarning;
    if (options.optimizerRules !== undefined) extra.optimizer = { rules: [...options.optimizerRules] };
    const body: Record<string, unknown> = { query };
    if (options.bindVars !== undefined) body.bindVars = options.bindVars;
    if (options.batchSize !== undefined) body.batchSize = options.batchSize;
    if (options.count !== undefined) body.count = options.count;
    if (options.ttl !== undefined) body.ttl = options.ttl;
    if (options.memoryLimit !== undefined) body.memoryLimit = options.memoryLimit;
    if (Object.keys(extra).length > 0) body.options = extra;
    return this.#executor.execute(queryAnswer<T>(this.#context, body), options.signal);
  }

  /**
   * Lists the queries running now on one coordinator (`GET /_api/query/current`).
   *
   * @throws {@link AQLQueryListError}
   * @example for (const q of await db.aql.queries()) console.log(q.id, q.runTime, q.query)
   */
  queries(options: CoordinatorOptions = {}): Promise<Executed<M, RunningQuery[]>> {
    return this.#listQueries('current', options);
  }

  /**
   * Lists the finished queries that ran at least the server's `slowQueryThreshold`
   * (`GET /_api/query/slow`), oldest first, each with its `exitCode`.
   *
   * @throws {@link AQLQueryListError}
   * @example const killed = (await db.aql.slowQueries()).filter((q) => q.exitCode === 1500)
   */
  slowQueries(options: CoordinatorOptions = {}): Promise<Executed<M, RunningQuery[]>> {
    return this.#listQueries('slow', options);
  }

  /**
   * Empties the slow-query list of this database (`DELETE /_api/query/slow`).
   *
   * @returns `true` once the server emptied it.
   * @throws {@link AQLQueryClearError}
   * @example await db.aql.clearSlowQueries()
   */
  clearSlowQueries(options: CoordinatorOptions = {}): Promise<Executed<M, boolean>> {
    return this.#executor.execute(
      {
        request: { method: 'DELETE', path: '/_api/query/slow', retry: 'read', coordinator: pinnedCoordinator(this.#context, options.coordinator) },
        errorClass: AQLQueryClearError,
        parse: () => true,
      },
      options.signal,
    );
  }

  #listQueries(list: 'current' | 'slow', options: CoordinatorOptions): Promise<Executed<M, RunningQuery[]>> {
    return this.#executor.execute(
      {
        request: { method: 'GET', path: `/_api/query/${list}`, retry: 'read', coordinator: pinnedCoordinator(this.#context, options.coordinator) },
        errorClass: AQLQueryListError,
        parse: (response) => {
          if (!Array.isArray(response.body)) throw unexpectedBody(response, 'a JSON array of queries');
          return (response.body as Array<Omit<RunningQuery, 'coordinator'>>).map((entry) => ({ ...entry, coordinator: response.coordinator }));
        },
      },
      options.signal,
    );
  }

  /**
   * Kills a running query (`DELETE /_api/query/{id}`), on the coordinator that runs it.
   *
   * @returns `true` once the server accepted the kill.
   * @throws {@link AQLQueryKillError} errorCode 1591 when no such query runs.
   * @example await db.aql.kill(query.id, { coordinator: query.coordinator })
   */
  kill(id: string, options: CoordinatorOptions = {}): Promise<Executed<M, boolean>> {
    return this.#executor.execute(
      {
        request: {
          method: 'DELETE',
          path: `/_api/query/${encodeURIComponent(id)}`,
          retry: 'never',
          coordinator: pinnedCoordinator(this.#context, options.coordinator),
        },
        errorClass: AQLQueryKillError,
        parse: () => true,
      },
      options.signal,
    );
  }

  /**
   * Parses a query without running it (`POST /_api/query`): resolves to what it names.
   * Safe to retry: parsing changes nothing.
   *
   * @throws {@link AQLQueryParseError} errorCode 1501 for a syntax error (the message says where).
   * @example const { bindVars } = await db.aql.parse('FOR s IN students FILTER s.age > @min RETURN s')
   */
  parse(query: string, options: RequestOptions = {}): Promise<Executed<M, ParsedQuery>> {
    return this.#executor.execute(
      {
        request: { method: 'POST', path: '/_api/query', body: { query }, retry: 'read' },
        errorClass: AQLQueryParseError,
        parse: (response) => {
          const body = objectBody(response, 'a parsed query');
          const names = (value: unknown): string[] => {
            if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) throw unexpectedBody(response, 'a parsed query');
            return value;
          };
          return { collections: names(body.collections), bindVars: names(body.bindVars), ast: Array.isArray(body.ast) ? body.ast : [] };
        },
      },
      options.signal,
    );
  }

  /**
   * The optimizer rules the server knows (`GET /_api/query/rules`, ArangoDB 3.10+), with what
   * each may do (`canBeDisabled`, `enterpriseOnly`, ...).
   *
   * @throws {@link AQLQueryRulesError}
   * @example const names = (await db.aql.optimizerRules()).map((rule) => rule.name)
   */
  optimizerRules(options: RequestOptions = {}): Promise<Executed<M, OptimizerRule[]>> {
    return this.#executor.execute(
      {
        request: { method: 'GET', path: '/_api/query/rules', retry: 'read' },
        errorClass: AQLQueryRulesError,
        parse: (response) => {
          const body = response.body;
          if (!Array.isArray(body) || !body.every((rule) => typeof rule === 'object' && rule !== null && typeof (rule as { name?: unknown }).name === 'string')) {
            throw unexpectedBody(response, 'a JSON array of optimizer rules');
          }
          return body as OptimizerRule[];
        },
      },
      options.signal,
    );
  }
}
