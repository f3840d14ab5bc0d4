/**
 * The client's error types. Three families, told apart by class, never by message text:
 *
 * - {@link ArangoError} and one subclass per operation (named as python-arango names them): the
 *   server answered, and the answer was an error. `errorCode` is ArangoDB's `errorNum`.
 * - {@link ArangoConnectionError}: no usable answer arrived (refused, reset, timed out, aborted).
 *   `code` is stable; `mayHaveReachedServer` says whether the server may have acted on the request.
 * - {@link ArangoResponseError}: an answer arrived but cannot be read (not JSON, wrong shape).
 *
 * No error ever carries request headers, credentials or tokens: messages are built from the
 * method, the path, the coordinator's address and the server's `errorMessage` only.
 */

/** ArangoDB `errorNum` values this client and its callers branch on (from arangod's `errors.dat`). */
export const ErrorNum = {
  /** `not authorized to execute this request` (401) */
  FORBIDDEN: 11,
  /** `canceled request`: the stored result of a job cancelled while queued or running (410) */
  REQUEST_CANCELED: 21,
  /** `query would use more memory than allowed` (500) */
  RESOURCE_LIMIT: 32,
  /** `bad parameter` */
  HTTP_BAD_PARAMETER: 400,
  /** `Wrong credentials` from `POST /_open/auth` */
  HTTP_UNAUTHORIZED: 401,
  /** the job manager's (or any route's) `not found` */
  HTTP_NOT_FOUND: 404,
  /** `method not supported` */
  HTTP_METHOD_NOT_ALLOWED: 405,
  /** `document not found` */
  DOCUMENT_NOT_FOUND: 1202,
  /** `collection or view not found` */
  DATA_SOURCE_NOT_FOUND: 1203,
  /** `duplicate name` (collection or database exists) */
  DUPLICATE_NAME: 1207,
  /** `unique constraint violated` */
  UNIQUE_CONSTRAINT_VIOLATED: 1210,
  /** `database not found` */
  DATABASE_NOT_FOUND: 1228,
  /** `query killed` */
  QUERY_KILLED: 1500,
  /** AQL syntax error */
  QUERY_PARSE: 1501,
  /** `query is empty` */
  QUERY_EMPTY: 1502,
  /** unknown AQL function */
  QUERY_FUNCTION_NAME_UNKNOWN: 1540,
  /** wrong number of arguments for an AQL function */
  QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH: 1541,
  /** no value for a declared bind parameter */
  QUERY_BIND_PARAMETER_MISSING: 1551,
  /** bind parameter not declared in the query */
  QUERY_BIND_PARAMETER_UNDECLARED: 1552,
  /** bind parameter of invalid value or type */
  QUERY_BIND_PARAMETER_TYPE: 1553,
  /** `query ID not found in query list` */
  QUERY_NOT_FOUND: 1591,
  /** `cursor not found` (expired or unknown) */
  CURSOR_NOT_FOUND: 1600,
  /** `queue is full` (503) */
  QUEUE_FULL: 21003,
  /** `queue time violated` (412) */
  QUEUE_TIME_REQUIREMENT_VIOLATED: 21004,
} as const;

/** Where a request went: enough to say what failed, never anything secret. */
export interface RequestSummary {
  /** HTTP method, e.g. `'PUT'`. */
  readonly method: string;
  /** Path including `/_db/{name}` and query string, e.g. `'/_db/test/_api/job/123'`. */
  readonly path: string;
  /** The coordinator's base URL, e.g. `'http://127.0.0.1:8529'`. */
  readonly coordinator: string;
}

/** What an {@link ArangoError} is built from. */
export interface ArangoErrorInit extends RequestSummary {
  /** Text for people: the server's `errorMessage`, or the client's own description. */
  readonly message: string;
  /** The HTTP status of the answer. */
  readonly httpCode: number;
  /** ArangoDB's `errorNum`, when the answer carried one. */
  readonly errorCode?: number | undefined;
  /** The error that led to this one, if any. */
  readonly cause?: unknown;
}

/** Constructor shape shared by every {@link ArangoError} subclass. */
export type ArangoErrorClass = new (init: ArangoErrorInit) => ArangoError;

/**
 * The server answered with an error. Branch on the class (which operation failed) and on
 * {@link ArangoError.errorCode} (ArangoDB's `errorNum`), never on the message.
 *
 * @example
 * try { await db.aql.execute('RETURN'); } catch (e) { if (isArangoError(e) && e.errorCode === ErrorNum.QUERY_PARSE) { ... } }
 */
export class ArangoError extends Error {
  /** The class name, kept explicit so it survives minification. @example err.name === 'AQLQueryExecuteError' */
  override readonly name: string = 'ArangoError';
  /** HTTP status of the answer. @example err.httpCode === 400 */
  readonly httpCode: number;
  /** ArangoDB's `errorNum`, or `undefined` when the answer had none. @example err.errorCode === 1501 */
  readonly errorCode: number | undefined;
  /** HTTP method of the failed request. @example err.method === 'POST' */
  readonly method: string;
  /** Path of the failed request (with `/_db/{name}`). @example err.path === '/_db/test/_api/cursor' */
  readonly path: string;
  /** Base URL of the coordinator that answered. @example err.coordinator === 'http://127.0.0.1:8529' */
  readonly coordinator: string;

  /** @example new AQLQueryExecuteError({ message: 'syntax error', httpCode: 400, errorCode: 1501, method: 'POST', path: '/_api/cursor', coordinator: url }) */
  constructor(init: ArangoErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.httpCode = init.httpCode;
    this.errorCode = init.errorCode;
    this.method = init.method;
    this.path = init.path;
    this.coordinator = init.coordinator;
  }

  /** A plain object that is safe to log. @example logger.debug(JSON.stringify(err)) */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      httpCode: this.httpCode,
      errorCode: this.errorCode,
      method: this.method,
      path: this.path,
      coordinator: this.coordinator,
    };
  }
}

/** Running an AQL query failed (`POST /_api/cursor`). @example if (e instanceof AQLQueryExecuteError && e.errorCode === 1501) showSyntaxError(e.message) */
export class AQLQueryExecuteError extends ArangoError {
  override readonly name = 'AQLQueryExecuteError';
}
/** Explaining an AQL query failed (`POST /_api/explain`; 1501 = syntax error, 1203 = unknown collection). @example if (e instanceof AQLQueryExplainError && e.errorCode === 1501) ... */
export class AQLQueryExplainError extends ArangoError {
  override readonly name = 'AQLQueryExplainError';
}
/** Listing running queries failed (`GET /_api/query/current`). @example catch (e) { if (e instanceof AQLQueryListError) ... } */
export class AQLQueryListError extends ArangoError {
  override readonly name = 'AQLQueryListError';
}
/** Killing a running query failed (`DELETE /_api/query/{id}`; 1591 = not running). @example if (e instanceof AQLQueryKillError && e.errorCode === 1591) ... */
export class AQLQueryKillError extends ArangoError {
  override readonly name = 'AQLQueryKillError';
}
/** Parsing an AQL query failed (`POST /_api/query`; 1501 = syntax error, 1502 = empty query). @example if (e instanceof AQLQueryParseError && e.errorCode === 1501) ... */
export class AQLQueryParseError extends ArangoError {
  override readonly name = 'AQLQueryParseError';
}
/** Listing the optimizer rules failed (`GET /_api/query/rules`). @example catch (e) { if (e instanceof AQLQueryRulesError) ... } */
export class AQLQueryRulesError extends ArangoError {
  override readonly name = 'AQLQueryRulesError';
}
/** Emptying the slow-query list failed (`DELETE /_api/query/slow`). @example if (e instanceof AQLQueryClearError && e.errorCode === 11) ... */
export class AQLQueryClearError extends ArangoError {
  override readonly name = 'AQLQueryClearError';
}
/** Fetching a cursor's next batch failed (1600 = cursor expired or unknown). @example if (e instanceof CursorNextError && e.errorCode === 1600) ... */
export class CursorNextError extends ArangoError {
  override readonly name = 'CursorNextError';
}
/** Closing a cursor failed. @example catch (e) { if (e instanceof CursorCloseError) ... } */
export class CursorCloseError extends ArangoError {
  override readonly name = 'CursorCloseError';
}
/** Inserting a document failed (1210 = unique constraint violated). @example if (e instanceof DocumentInsertError && e.errorCode === 1210) ... */
export class DocumentInsertError extends ArangoError {
  override readonly name = 'DocumentInsertError';
}
/** Reading a document failed (1202 = not found). @example if (e instanceof DocumentGetError && e.errorCode === 1202) ... */
export class DocumentGetError extends ArangoError {
  override readonly name = 'DocumentGetError';
}
/** Removing a document failed. @example catch (e) { if (e instanceof DocumentDeleteError) ... } */
export class DocumentDeleteError extends ArangoError {
  override readonly name = 'DocumentDeleteError';
}
/** Counting a collection's documents failed. @example catch (e) { if (e instanceof DocumentCountError) ... } */
export class DocumentCountError extends ArangoError {
  override readonly name = 'DocumentCountError';
}
/** Creating a collection failed (1207 = exists). @example if (e instanceof CollectionCreateError && e.errorCode === 1207) ... */
export class CollectionCreateError extends ArangoError {
  override readonly name = 'CollectionCreateError';
}
/** Dropping a collection failed. @example catch (e) { if (e instanceof CollectionDeleteError) ... } */
export class CollectionDeleteError extends ArangoError {
  override readonly name = 'CollectionDeleteError';
}
/** Creating a database failed. @example catch (e) { if (e instanceof DatabaseCreateError) ... } */
export class DatabaseCreateError extends ArangoError {
  override readonly name = 'DatabaseCreateError';
}
/** Dropping a database failed. @example catch (e) { if (e instanceof DatabaseDeleteError) ... } */
export class DatabaseDeleteError extends ArangoError {
  override readonly name = 'DatabaseDeleteError';
}
/** Listing databases failed. @example catch (e) { if (e instanceof DatabaseListError) ... } */
export class DatabaseListError extends ArangoError {
  override readonly name = 'DatabaseListError';
}
/** Listing a database's collections, views, graphs, analyzers or user functions failed. @example catch (e) { if (e instanceof SchemaListError) ... } */
export class SchemaListError extends ArangoError {
  override readonly name = 'SchemaListError';
}
/** Reading the server version failed. @example catch (e) { if (e instanceof ServerVersionError) ... } */
export class ServerVersionError extends ArangoError {
  override readonly name = 'ServerVersionError';
}
/**
 * The server refused an async submission before queueing it (no job exists): bad credentials
 * (401/11), unknown database (401/11 or 404/1228), queue time violated (412/21004), queue full
 * (503/21003).
 *
 * @example if (e instanceof AsyncExecuteError && e.errorCode === ErrorNum.QUEUE_FULL) retryLater()
 */
export class AsyncExecuteError extends ArangoError {
  override readonly name = 'AsyncExecuteError';
}
/** Reading a job's status failed (`job {id} not found` when the server does not know it). @example if (e instanceof AsyncJobStatusError && e.errorCode === 404) markLost(job) */
export class AsyncJobStatusError extends ArangoError {
  override readonly name = 'AsyncJobStatusError';
}
/** Fetching a job's result failed: `job {id} not done` (httpCode 204) or `job {id} not found`. @example if (e instanceof AsyncJobResultError && e.httpCode === 204) pollAgain() */
export class AsyncJobResultError extends ArangoError {
  override readonly name = 'AsyncJobResultError';
}
/** Cancelling a job failed (`job {id} not found`: unknown or already finished). @example catch (e) { if (e instanceof AsyncJobCancelError) ... } */
export class AsyncJobCancelError extends ArangoError {
  override readonly name = 'AsyncJobCancelError';
}
/** Clearing one job's result, or all / expired results, failed. @example catch (e) { if (e instanceof AsyncJobClearError) ... } */
export class AsyncJobClearError extends ArangoError {
  override readonly name = 'AsyncJobClearError';
}
/** Listing pending or done job ids failed. @example catch (e) { if (e instanceof AsyncJobListError) ... } */
export class AsyncJobListError extends ArangoError {
  override readonly name = 'AsyncJobListError';
}
/** Logging in for a JWT (`POST /_open/auth`) failed, e.g. wrong credentials (401/401). @example if (e instanceof JWTAuthError) askForPassword() */
export class JWTAuthError extends ArangoError {
  override readonly name = 'JWTAuthError';
}

/**
 * Stable reasons for {@link ArangoConnectionError}, mapped from Node's and undici's error codes.
 * - `ECONNREFUSED`, `ENOTFOUND`, `EHOSTUNREACH`, `TLS`: the request was certainly not sent.
 * - `ECONNRESET`: the connection broke after the request may have been sent.
 * - `TRUNCATED`: the answer's headers arrived, its body did not arrive whole.
 * - `ETIMEDOUT`: no complete answer within `requestTimeoutMs` (or undici's connect timeout).
 * - `ABORTED`: the caller's `AbortSignal` fired.
 * - `CLOSED`: the client was closed.
 * - `UNKNOWN`: anything else (see `cause`).
 */
export type ConnectionErrorCode =
  | 'ECONNREFUSED'
  | 'ENOTFOUND'
  | 'EHOSTUNREACH'
  | 'TLS'
  | 'ECONNRESET'
  | 'TRUNCATED'
  | 'ETIMEDOUT'
  | 'ABORTED'
  | 'CLOSED'
  | 'UNKNOWN';

/** What an {@link ArangoConnectionError} is built from. */
export interface ArangoConnectionErrorInit extends RequestSummary {
  readonly code: ConnectionErrorCode;
  readonly message: string;
  readonly mayHaveReachedServer: boolean;
  readonly attempts: number;
  readonly cause?: unknown;
}

/**
 * No usable answer arrived. When {@link ArangoConnectionError.mayHaveReachedServer} is `true`
 * the server may have acted on the request (queued a job, handed out and deleted a job's
 * result): ask the server what it has (job lists, job status) instead of sending it again.
 *
 * @example if (isConnectionError(e) && !e.mayHaveReachedServer) await submitAgain()
 */
export class ArangoConnectionError extends Error {
  /** The class name. @example err.name === 'ArangoConnectionError' */
  override readonly name = 'ArangoConnectionError';
  /** Stable reason. @example err.code === 'ECONNREFUSED' */
  readonly code: ConnectionErrorCode;
  /** `false` only when the request certainly never reached the server. @example if (err.mayHaveReachedServer) reconcile() */
  readonly mayHaveReachedServer: boolean;
  /** How many times the request was tried (retries only happen for reads). @example err.attempts === 3 */
  readonly attempts: number;
  /** HTTP method. @example err.method === 'PUT' */
  readonly method: string;
  /** Path with `/_db/{name}`. @example err.path === '/_db/test/_api/job/12' */
  readonly path: string;
  /** The coordinator's base URL. @example err.coordinator === 'http://127.0.0.1:8529' */
  readonly coordinator: string;

  /** @example new ArangoConnectionError({ code: 'ECONNRESET', message, mayHaveReachedServer: true, attempts: 1, method, path, coordinator }) */
  constructor(init: ArangoConnectionErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.mayHaveReachedServer = init.mayHaveReachedServer;
    this.attempts = init.attempts;
    this.method = init.method;
    this.path = init.path;
    this.coordinator = init.coordinator;
  }

  /** A plain object that is safe to log. @example logger.debug(JSON.stringify(err)) */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      mayHaveReachedServer: this.mayHaveReachedServer,
      attempts: this.attempts,
      method: this.method,
      path: this.path,
      coordinator: this.coordinator,
    };
  }
}

/** Why an answer could not be read. */
export type ResponseErrorCode = 'INVALID_JSON' | 'UNEXPECTED_BODY' | 'MISSING_JOB_ID';

/** What an {@link ArangoResponseError} is built from. */
export interface ArangoResponseErrorInit extends RequestSummary {
  readonly code: ResponseErrorCode;
  readonly message: string;
  readonly httpCode: number;
  readonly cause?: unknown;
}

/**
 * An answer arrived but is not what ArangoDB sends: a body that is not JSON (a proxy's HTML
 * page, a cut-off body), or JSON of the wrong shape.
 *
 * @example if (isResponseError(e)) show(`${e.coordinator} is not answering like ArangoDB`)
 */
export class ArangoResponseError extends Error {
  /** The class name. @example err.name === 'ArangoResponseError' */
  override readonly name = 'ArangoResponseError';
  /** Stable reason. @example err.code === 'INVALID_JSON' */
  readonly code: ResponseErrorCode;
  /** HTTP status of the unreadable answer. @example err.httpCode === 502 */
  readonly httpCode: number;
  /** HTTP method. @example err.method === 'GET' */
  readonly method: string;
  /** Path with `/_db/{name}`. @example err.path === '/_db/_system/_api/version' */
  readonly path: string;
  /** The coordinator's base URL. @example err.coordinator === 'http://127.0.0.1:8529' */
  readonly coordinator: string;

  /** @example new ArangoResponseError({ code: 'INVALID_JSON', message, httpCode: 200, method, path, coordinator }) */
  constructor(init: ArangoResponseErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.httpCode = init.httpCode;
    this.method = init.method;
    this.path = init.path;
    this.coordinator = init.coordinator;
  }

  /** A plain object that is safe to log. @example logger.debug(JSON.stringify(err)) */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      httpCode: this.httpCode,
      method: this.method,
      path: this.path,
      coordinator: this.coordinator,
    };
  }
}

/** True for any error the server answered with. @example if (isArangoError(e) && e.errorCode === 1501) ... */
export function isArangoError(error: unknown): error is ArangoError {
  return error instanceof ArangoError;
}

/** True when no usable answer arrived. @example if (isConnectionError(e) && e.code === 'ECONNREFUSED') ... */
export function isConnectionError(error: unknown): error is ArangoConnectionError {
  return error instanceof ArangoConnectionError;
}

/** True when an answer arrived but could not be read. @example if (isResponseError(e)) ... */
export function isResponseError(error: unknown): error is ArangoResponseError {
  return error instanceof ArangoResponseError;
}
