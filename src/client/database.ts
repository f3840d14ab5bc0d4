/**
 * {@link Database}: one database as seen by one user, in one execution mode. Mirrors
 * python-arango's `StandardDatabase` / `AsyncDatabase`: `beginAsyncExecution()` returns the same
 * API whose calls return {@link AsyncJob}s; the job-manager calls (`asyncJobs`,
 * `clearAsyncJobs`, `job`, `aqlJob`) always run synchronously.
 */
import { Aql, handleQueryAnswer } from './aql';
import type { CoordinatorOptions } from './aql';
import { Collection } from './collection';
import { Cursor } from './cursor';
import {
  AQLQueryExplainError,
  ArangoError,
  AsyncJobClearError,
  AsyncJobListError,
  CollectionCreateError,
  CollectionDeleteError,
  DatabaseCreateError,
  DatabaseDeleteError,
  DatabaseListError,
  SchemaListError,
  ServerVersionError,
} from './errors';
import type { DatabaseContext, ExecutionContext, ExecutionMode, Executed, Executor } from './executor';
import { executorFor, pinnedCoordinator } from './executor';
import type { AsyncJobStatus, RequestOptions } from './job';
import { AsyncJob } from './job';
import type { ArangoResponse } from './response';
import { errorFromResponse, isSuccess, objectBody, unexpectedBody } from './response';

/** `GET /_api/version`. */
export interface ServerVersion {
  /** Always `'arango'`. */
  readonly server: string;
  /** e.g. `'3.12.10'` */
  readonly version: string;
  /** `'community'` or `'enterprise'`. */
  readonly license: string;
}

/** Options of {@link Database.explain} (the names of `POST /_api/explain`). */
export interface ExplainOptions extends RequestOptions {
  /** Values for `@name` / `@@collection` parameters. @example { bindVars: { '@c': 'students' } } */
  readonly bindVars?: Readonly<Record<string, unknown>>;
  /** Every plan the optimizer made (`plans`), instead of the chosen one (`plan`). @example { allPlans: true } */
  readonly allPlans?: boolean;
  /** How many plans the optimizer may make at most. @example { maxNumberOfPlans: 10 } */
  readonly maxNumberOfPlans?: number;
  /** Optimizer rules to turn on (`+name`) or off (`-name`, `-all`), sent as `options.optimizer.rules`. @example { optimizerRules: ['-use-indexes'] } */
  readonly optimizerRules?: readonly string[];
}

/** One collection as {@link Database.collections} lists it. */
export interface CollectionDescription {
  readonly name: string;
  readonly type: 'document' | 'edge';
  readonly isSystem: boolean;
}

/** One view as {@link Database.views} lists it; `type` is `'arangosearch'` or `'search-alias'`. */
export interface ViewDescription {
  readonly name: string;
  readonly type: string;
}

/** One named graph as {@link Database.graphs} lists it. */
export interface GraphDescription {
  readonly name: string;
  readonly edgeCollections: readonly string[];
}

/** One analyzer as {@link Database.analyzers} lists it (e.g. `text_en`, type `text`). */
export interface AnalyzerDescription {
  readonly name: string;
  readonly type: string;
}

/** One user-defined AQL function as {@link Database.userFunctions} lists it. */
export interface UserFunctionDescription {
  /** Fully qualified, e.g. `MYFUNCS::CELSIUS_TO_FAHRENHEIT`. */
  readonly name: string;
  readonly isDeterministic: boolean;
}

/** Options of `beginAsyncExecution()`. */
export interface AsyncExecutionOptions {
  /** `true` (default): calls return jobs whose results are kept. `false`: fire and forget. */
  readonly returnResult?: boolean;
}

/** Options of `db.job()` and `db.aqlJob()`. */
export interface JobLookupOptions {
  /** The coordinator that accepted the job (from `job.toJSON()`); default: the first host. */
  readonly coordinator?: string;
}

/** A database whose calls return {@link AsyncJob}s (python-arango's `AsyncDatabase`). */
export type AsyncDatabase = Database<'async'>;

/**
 * One database, reached with one set of credentials.
 *
 * @example const db = client.db('test', { username: 'root', password: 'passwd' })
 */
export class Database<M extends ExecutionMode = 'default'> {
  /** Database name. @example db.name === 'test' */
  readonly name: string;
  /** The user this handle authenticates as, if any. @example db.username === 'root' */
  readonly username: string | undefined;
  /** AQL in this database, in this handle's mode. @example await db.aql.execute('RETURN 1') */
  readonly aql: Aql<M>;
  readonly #context: DatabaseContext;
  readonly #executor: Executor<M>;

  /** @internal Use `client.db()` and `db.beginAsyncExecution()`. */
  constructor(context: DatabaseContext, mode: M) {
    this.#context = context;
    this.#executor = executorFor(mode, context);
    this.name = context.database;
    this.username = context.auth?.username;
    this.aql = new Aql(this.#executor, context);
  }

  /** `'default'`, or `'async'` for handles from `beginAsyncExecution()`. @example asyncDb.context === 'async' */
  get context(): ExecutionContext {
    return this.#executor.context;
  }

  /**
   * A handle on the same database whose calls run as server-side jobs: each returns an
   * {@link AsyncJob} (`x-arango-async: store`), or `undefined` with `returnResult: false`
   * (`x-arango-async: true`, the result is discarded).
   *
   * @example const asyncDb = db.beginAsyncExecution({ returnResult: true })
   */
  beginAsyncExecution(options?: { readonly returnResult?: true }): Database<'async'>;
  beginAsyncExecution(options: { readonly returnResult: false }): Database<'async-without-result'>;
  beginAsyncExecution(options: AsyncExecutionOptions): Database<'async'> | Database<'async-without-result'>;
  beginAsyncExecution(options: AsyncExecutionOptions = {}): Database<'async'> | Database<'async-without-result'> {
    return options.returnResult === false ? new Database(this.#context, 'async-without-result') : new Database(this.#context, 'async');
  }

  /** A collection of this database, in this handle's mode. @example db.collection('students') */
  collection(name: string): Collection<M> {
    return new Collection(this.#executor, this.#context, name);
  }

  /**
   * Creates a collection (`POST /_api/collection`) and resolves to its handle.
   *
   * @throws {@link CollectionCreateError} e.g. errorCode 1207 when it exists.
   * @example const students = await db.createCollection('students')
   */
  createCollection(name: string, options: RequestOptions = {}): Promise<Executed<M, Collection<M>>> {
    return this.#executor.execute(
      {
        request: { method: 'POST', path: '/_api/collection', body: { name }, retry: 'never' },
        errorClass: CollectionCreateError,
        parse: () => this.collection(name),
      },
      options.signal,
    );
  }

  /**
   * Drops a collection (`DELETE /_api/collection/{name}`).
   *
   * @throws {@link CollectionDeleteError} errorCode 1203 when there is none.
   * @example await db.dropCollection('students')
   */
  dropCollection(name: string, options: RequestOptions = {}): Promise<Executed<M, boolean>> {
    return this.#executor.execute(
      {
        request: { method: 'DELETE', path: `/_api/collection/${encodeURIComponent(name)}`, retry: 'never' },
        errorClass: CollectionDeleteError,
        parse: () => true,
      },
      options.signal,
    );
  }

  /**
   * Creates a database (`POST /_api/database`; call it on `_system`).
   *
   * @throws {@link DatabaseCreateError} e.g. errorCode 1207 when it exists.
   * @example await client.db('_system', auth).createDatabase('test')
   */
  createDatabase(name: string, options: RequestOptions = {}): Promise<Executed<M, boolean>> {
    return this.#executor.execute(
      {
        request: { method: 'POST', path: '/_api/database', body: { name }, retry: 'never' },
        errorClass: DatabaseCreateError,
        parse: () => true,
      },
      options.signal,
    );
  }

  /**
   * Drops a database (`DELETE /_api/database/{name}`; call it on `_system`).
   *
   * @throws {@link DatabaseDeleteError} errorCode 1228 when there is none.
   * @example await sys.dropDatabase('test')
   */
  dropDatabase(name: string, options: RequestOptions = {}): Promise<Executed<M, boolean>> {
    return this.#executor.execute(
      {
        request: { method: 'DELETE', path: `/_api/database/${encodeURIComponent(name)}`, retry: 'never' },
        errorClass: DatabaseDeleteError,
        parse: () => true,
      },
      options.signal,
    );
  }

  /**
   * Names of all databases (`GET /_api/database`; call it on `_system`).
   *
   * @throws {@link DatabaseListError}
   * @example (await sys.databases()).includes('test')
   */
  databases(options: RequestOptions = {}): Promise<Executed<M, string[]>> {
    return this.#databaseList('/_api/database', options);
  }

  /**
   * Names of the databases this handle's user can access (`GET /_api/database/user`); unlike
   * {@link databases}, any user may ask, from any database they can access.
   *
   * @throws {@link DatabaseListError}
   * @example (await db.userDatabases()).includes('test')
   */
  userDatabases(options: RequestOptions = {}): Promise<Executed<M, string[]>> {
    return this.#databaseList('/_api/database/user', options);
  }

  #databaseList(path: string, options: RequestOptions): Promise<Executed<M, string[]>> {
    return this.#executor.execute(
      {
        request: { method: 'GET', path, retry: 'read' },
        errorClass: DatabaseListError,
        parse: (response) => stringList(response, objectBody(response, 'an object with a result list').result),
      },
      options.signal,
    );
  }

  /**
   * The server's version (`GET /_api/version`).
   *
   * @throws {@link ServerVersionError}
   * @example const { version } = await db.version()
   */
  version(options: RequestOptions = {}): Promise<Executed<M, ServerVersion>> {
    return this.#executor.execute(
      {
        request: { method: 'GET', path: '/_api/version', retry: 'read' },
        errorClass: ServerVersionError,
        parse: (response) => {
          const body = objectBody(response, 'a version object');
          if (typeof body.version !== 'string') throw unexpectedBody(response, 'a version object');
          return body as unknown as ServerVersion;
        },
      },
      options.signal,
    );
  }

  /**
   * Explains a query (`POST /_api/explain`) without running it: resolves to the server's answer
   * as sent (`plan`, or `plans` with `allPlans`; `warnings`, `stats`, `cacheable`). Read-only on
   * the server, so retried after connection failures like other reads.
   *
   * @throws {@link AQLQueryExplainError} e.g. errorCode 1501 for a syntax error.
   * @example const { plan } = await db.explain('FOR s IN students RETURN s')
   */
  explain(query: string, options: ExplainOptions = {}): Promise<Executed<M, Record<string, unknown>>> {
    const queryOptions: Record<string, unknown> = {};
    if (options.allPlans !== undefined) queryOptions.allPlans = options.allPlans;
    if (options.maxNumberOfPlans !== undefined) queryOptions.maxNumberOfPlans = options.maxNumberOfPlans;
    if (options.optimizerRules !== undefined) queryOptions.optimizer = { rules: [...options.optimizerRules] };
    const body: Record<string, unknown> = { query };
    if (options.bindVars !== undefined) body.bindVars = options.bindVars;
    if (Object.keys(queryOptions).length > 0) body.options = queryOptions;
    return this.#executor.execute(
      {
        request: { method: 'POST', path: '/_api/explain', body, retry: 'read' },
        errorClass: AQLQueryExplainError,
        parse: (response) => objectBody(response, 'an explain answer'),
      },
      options.signal,
    );
  }

  /**
   * The collections of this database (`GET /_api/collection`), system collections left out
   * unless `includeSystem`.
   *
   * @throws {@link SchemaListError}
   * @example (await db.collections()).map((c) => c.name)
   */
  collections(options: RequestOptions & { readonly includeSystem?: boolean } = {}): Promise<Executed<M, CollectionDescription[]>> {
    const describe = (entry: Record<string, unknown>): CollectionDescription | undefined =>
      typeof entry.name === 'string' ? { name: entry.name, type: entry.type === 3 ? 'edge' : 'document', isSystem: entry.isSystem === true } : undefined;
    return this.#schemaList('/_api/collection', 'result', options, describe, { excludeSystem: options.includeSystem !== true });
  }

  /**
   * The views of this database (`GET /_api/view`): ArangoSearch and search-alias views.
   *
   * @throws {@link SchemaListError}
   * @example (await db.views()).map((v) => v.name)
   */
  views(options: RequestOptions = {}): Promise<Executed<M, ViewDescription[]>> {
    return this.#schemaList('/_api/view', 'result', options, (entry) =>
      typeof entry.name === 'string' ? { name: entry.name, type: typeof entry.type === 'string' ? entry.type : 'arangosearch' } : undefined,
    );
  }

  /**
   * The named graphs of this database (`GET /_api/gharial`).
   *
   * @throws {@link SchemaListError}
   * @example (await db.graphs()).map((g) => g.name)
   */
  graphs(options: RequestOptions = {}): Promise<Executed<M, GraphDescription[]>> {
    return this.#schemaList('/_api/gharial', 'graphs', options, (entry) => {
      const name = typeof entry.name === 'string' ? entry.name : typeof entry._key === 'string' ? entry._key : undefined;
      if (name === undefined) return undefined;
      const definitions = Array.isArray(entry.edgeDefinitions) ? (entry.edgeDefinitions as unknown[]) : [];
      const edgeCollections = definitions.flatMap((definition) =>
        typeof definition === 'object' && definition !== null && typeof (definition as { collection?: unknown }).collection === 'string'
          ? [(definition as { collection: string }).collection]
          : [],
      );
      return { name, edgeCollections };
    });
  }

  /**
   * The analyzers usable in this database (`GET /_api/analyzer`), the built-in ones included.
   *
   * @throws {@link SchemaListError}
   * @example (await db.analyzers()).map((a) => a.name)
   */
  analyzers(options: RequestOptions = {}): Promise<Executed<M, AnalyzerDescription[]>> {
    return this.#schemaList('/_api/analyzer', 'result', options, (entry) =>
      typeof entry.name === 'string' ? { name: entry.name, type: typeof entry.type === 'string' ? entry.type : '' } : undefined,
    );
  }

  /**
   * The user-defined AQL functions of this database (`GET /_api/aqlfunction`).
   *
   * @throws {@link SchemaListError}
   * @example (await db.userFunctions()).map((f) => f.name) // ['MYFUNCS::TEMPERATURE::CELSIUS']
   */
  userFunctions(options: RequestOptions = {}): Promise<Executed<M, UserFunctionDescription[]>> {
    return this.#schemaList('/_api/aqlfunction', 'result', options, (entry) =>
      typeof entry.name === 'string' ? { name: entry.name, isDeterministic: entry.isDeterministic === true } : undefined,
    );
  }

  #schemaList<T>(
    path: string,
    field: string,
    options: RequestOptions,
    read: (entry: Record<string, unknown>) => T | undefined,
    query?: Record<string, boolean>,
  ): Promise<Executed<M, T[]>> {
    return this.#executor.execute(
      {
        request: { method: 'GET', path, retry: 'read', ...(query === undefined ? {} : { query }) },
        errorClass: SchemaListError,
        parse: (response) => {
          const list = objectBody(response, `an object with a ${field} list`)[field];
          if (!Array.isArray(list)) throw unexpectedBody(response, `an object with a ${field} list`);
          return list.flatMap((entry: unknown) => {
            const item = typeof entry === 'object' && entry !== null ? read(entry as Record<string, unknown>) : undefined;
            return item === undefined ? [] : [item];
          });
        },
      },
      options.signal,
    );
  }

  /**
   * Ids of jobs that are `'pending'` or `'done'` (`GET /_api/job/{status}?count=`), in no
   * particular order. The lists are per coordinator: without `coordinator` every host is asked
   * and the lists are joined (`count` then applies to each host). Only the user's own jobs are
   * listed. Safe to retry, and retried after connection failures.
   *
   * @throws {@link AsyncJobListError}
   * @example const pending = await db.asyncJobs('pending', 100)
   */
  async asyncJobs(status: AsyncJobStatus, count?: number, options: CoordinatorOptions = {}): Promise<string[]> {
    const answers = await this.#askJobManager(options, (coordinator) => ({
      method: 'GET',
      path: `/_api/job/${encodeURIComponent(status)}`,
      query: { count },
      retry: 'read',
      coordinator,
    }));
    return answers.flatMap((response) => {
      if (!isSuccess(response)) throw errorFromResponse(AsyncJobListError, response);
      return stringList(response, response.body);
    });
  }

  /**
   * Deletes stored job results (`DELETE /_api/job/all`), or only those created before
   * `threshold` (Unix seconds; `DELETE /_api/job/expired?stamp=`). Pending entries go too with
   * `all`, without being stopped. Without `coordinator` every host is cleared.
   *
   * @returns `true`
   * @throws {@link AsyncJobClearError}
   * @example await db.clearAsyncJobs(Date.now() / 1000 - 3600)
   */
  async clearAsyncJobs(threshold?: number, options: CoordinatorOptions = {}): Promise<boolean> {
    const answers = await this.#askJobManager(options, (coordinator) => ({
      method: 'DELETE',
      path: threshold === undefined ? '/_api/job/all' : '/_api/job/expired',
      query: { stamp: threshold },
      retry: 'never',
      coordinator,
    }));
    for (const response of answers) {
      if (!isSuccess(response)) throw errorFromResponse(AsyncJobClearError, response);
    }
    return true;
  }

  /**
   * Re-attaches to a job by id, e.g. after a reload. Its operation is not known here, so
   * `result()` resolves to a {@link Cursor} when the stored answer is a cursor's (`201` with
   * `result` and `hasMore`: its later batches must still be read), otherwise to the answer's
   * parsed JSON body, and throws the base {@link ArangoError} for a stored error. For jobs known
   * to be AQL use {@link Database.aqlJob}.
   *
   * @example const value = await db.job(saved.id, { coordinator: saved.coordinator }).result()
   */
  job(id: string, options: JobLookupOptions = {}): AsyncJob<unknown> {
    const context = this.#context;
    return new AsyncJob<unknown>(context, id, this.#jobCoordinator(options), (response) => {
      if (!isSuccess(response)) throw errorFromResponse(ArangoError, response);
      return isCursorAnswer(response) ? Cursor.fromResponse(context, response) : response.body;
    });
  }

  /**
   * Re-attaches to an AQL job (`POST /_api/cursor` submitted asynchronously): `result()`
   * resolves to a {@link Cursor} and throws {@link AQLQueryExecuteError} for a failed query,
   * exactly like the job `aql.execute()` returned.
   *
   * @example const cursor = await db.aqlJob(saved.id, { coordinator: saved.coordinator }).result()
   */
  aqlJob<T = unknown>(id: string, options: JobLookupOptions = {}): AsyncJob<Cursor<T>> {
    const context = this.#context;
    return new AsyncJob<Cursor<T>>(context, id, this.#jobCoordinator(options), (response) => handleQueryAnswer<T>(context, response), true);
  }

  /** python-arango's repr. @example String(asyncDb) === '<AsyncDatabase test>' */
  toString(): string {
    return `<${this.context === 'async' ? 'AsyncDatabase' : 'StandardDatabase'} ${this.name}>`;
  }

  #jobCoordinator(options: JobLookupOptions): string {
    return pinnedCoordinator(this.#context, options.coordinator) ?? (this.#context.connection.coordinators[0] as string);
  }

  #askJobManager(
    options: CoordinatorOptions,
    request: (coordinator: string) => Parameters<DatabaseContext['connection']['send']>[0],
  ): Promise<ArangoResponse[]> {
    const pinned = pinnedCoordinator(this.#context, options.coordinator);
    const coordinators = pinned === undefined ? this.#context.connection.coordinators : [pinned];
    return Promise.all(
      coordinators.map((coordinator) =>
        this.#context.connection.send({ ...request(coordinator), database: this.name, auth: this.#context.auth, signal: options.signal }),
      ),
    );
  }
}

function stringList(response: ArangoResponse, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw unexpectedBody(response, 'a JSON array of strings');
  }
  return value;
}

/** A `POST /_api/cursor` answer, recognised by its shape when the job's request is not known. */
function isCursorAnswer(response: ArangoResponse): boolean {
  const body = response.body;
  if (response.status !== 201 || typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const fields = body as Record<string, unknown>;
  return Array.isArray(fields.result) && typeof fields.hasMore === 'boolean';
}
