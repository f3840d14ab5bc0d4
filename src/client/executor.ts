/**
 * How an API call runs. Every operation is described once — the request, the handler that turns
 * a success answer into the result, and the operation's error class — and an executor decides
 * how to run it, like python-arango's executors:
 *
 * - default: send it now and apply the handler;
 * - async: send it with `x-arango-async: store`, and return an {@link AsyncJob} that applies the
 *   same handler to the stored answer later (so `job.result()` throws what the call would have);
 * - async without result: send it with `x-arango-async: true` and return `undefined`.
 */
import type { Authenticator } from './auth';
import type { Connection, HttpRequest } from './connection';
import type { ArangoErrorClass } from './errors';
import { ArangoResponseError, AsyncExecuteError } from './errors';
import { AsyncJob } from './job';
import type { ArangoResponse } from './response';
import { errorFromResponse, headerValue, isSuccess } from './response';

/**
 * How a database handle runs its calls: `'default'` (results), `'async'` (an {@link AsyncJob}
 * per call) or `'async-without-result'` (fire and forget: `undefined` per call).
 */
export type ExecutionMode = 'default' | 'async' | 'async-without-result';

/**
 * What a call made in mode `M` resolves to, for an operation whose result is `T`.
 *
 * @example const job: Executed<'async', Cursor> = await asyncDb.aql.execute('RETURN 1')
 */
export type Executed<M extends ExecutionMode, T> = M extends 'default' ? T : M extends 'async' ? AsyncJob<T> : undefined;

/** python-arango's `context` attribute: `'default'` or `'async'` (also for async without result). */
export type ExecutionContext = 'default' | 'async';

/** @internal Everything a call needs to reach its database. */
export interface DatabaseContext {
  readonly connection: Connection;
  readonly database: string;
  readonly auth: Authenticator | undefined;
}

/**
 * @internal The canonical URL of `coordinator` (one of the client's hosts), or `undefined` when
 * the caller left the choice to the client. A job's or cursor's owner must be a configured host:
 * credentials are never sent anywhere else.
 */
export function pinnedCoordinator(context: DatabaseContext, coordinator: string | undefined): string | undefined {
  if (coordinator === undefined) return undefined;
  const known = context.connection.knownCoordinator(coordinator);
  if (known === undefined) {
    throw new TypeError(`Coordinator ${coordinator} is not one of this client's hosts (${context.connection.coordinators.join(', ')})`);
  }
  return known;
}

/** @internal The request part of an operation (the database, credentials and signal are added when it runs). */
export type OperationRequest = Pick<HttpRequest, 'method' | 'path' | 'query' | 'body' | 'retry' | 'coordinator' | 'rawSuccessBody'>;

/** @internal One API operation: request, response handler, error class. */
export interface Operation<T> {
  readonly request: OperationRequest;
  /** Thrown for an error answer, with the server's errorNum and errorMessage. */
  readonly errorClass: ArangoErrorClass;
  /** Turns a success answer into the result. */
  readonly parse: (response: ArangoResponse) => T;
}

/** @internal The operation's response handler: its error for an error answer, else its result. */
export function handleResponse<T>(operation: Operation<T>, response: ArangoResponse): T {
  if (!isSuccess(response)) throw errorFromResponse(operation.errorClass, response);
  return operation.parse(response);
}

/** @internal */
export interface Executor<M extends ExecutionMode> {
  readonly mode: M;
  readonly context: ExecutionContext;
  execute<T>(operation: Operation<T>, signal: AbortSignal | undefined): Promise<Executed<M, T>>;
}

/** @internal */
export function executorFor<M extends ExecutionMode>(mode: M, context: DatabaseContext): Executor<M> {
  const run = async <T>(operation: Operation<T>, signal: AbortSignal | undefined): Promise<unknown> => {
    if (mode === 'default') return runNow(context, operation, signal);
    return submit(context, operation, signal, mode === 'async');
  };
  return {
    mode,
    context: mode === 'default' ? 'default' : 'async',
    // The mode decides the shape of the result; `run` honours it, the type system cannot see that.
    execute: run as <T>(operation: Operation<T>, signal: AbortSignal | undefined) => Promise<Executed<M, T>>,
  };
}

/** Sends an operation now and applies its handler. */
async function runNow<T>(context: DatabaseContext, operation: Operation<T>, signal: AbortSignal | undefined): Promise<T> {
  const response = await context.connection.send(requestOf(context, operation, signal));
  return handleResponse(operation, response);
}

/**
 * The operation's request, addressed to the context's database. Written out field by field: on
 * Node 20 an object spread followed by more properties costs microseconds, on every call.
 */
function requestOf(
  context: DatabaseContext,
  operation: Operation<unknown>,
  signal: AbortSignal | undefined,
  asyncHeaders?: Readonly<Record<string, string>>,
): HttpRequest {
  const { method, path, query, body, retry, coordinator, rawSuccessBody } = operation.request;
  return {
    method,
    path,
    query,
    body,
    coordinator,
    database: context.database,
    auth: context.auth,
    signal,
    headers: asyncHeaders,
    rawSuccessBody,
    // A submission that may have reached the server is never sent again: it could queue a
    // second job. The caller gets mayHaveReachedServer and can look at the job lists.
    retry: asyncHeaders === undefined ? retry : 'never',
  };
}

const KEEP_RESULT: Readonly<Record<string, string>> = { 'x-arango-async': 'store' };
const DISCARD_RESULT: Readonly<Record<string, string>> = { 'x-arango-async': 'true' };

async function submit<T>(
  context: DatabaseContext,
  operation: Operation<T>,
  signal: AbortSignal | undefined,
  keepResult: boolean,
): Promise<AsyncJob<T> | undefined> {
  const response = await context.connection.send(requestOf(context, operation, signal, keepResult ? KEEP_RESULT : DISCARD_RESULT));
  // Checks made before queueing (credentials, database, queue) answer synchronously, without a job.
  if (!isSuccess(response)) throw errorFromResponse(AsyncExecuteError, response);
  const id = headerValue(response, 'x-arango-async-id');
  if (response.status === 202 && (!keepResult || (id !== undefined && id !== ''))) {
    if (!keepResult) return undefined;
    return new AsyncJob<T>(context, id as string, response.coordinator, (stored) => handleResponse(operation, stored), operation.request.rawSuccessBody === true);
  }
  throw new ArangoResponseError({
    code: 'MISSING_JOB_ID',
    message:
      `${response.method} ${response.path} answered HTTP ${response.status} without queueing a job` +
      ' (no 202 and x-arango-async-id): the request ran synchronously. Does a proxy drop the x-arango-async header?',
    httpCode: response.status,
    method: response.method,
    path: response.path,
    coordinator: response.coordinator,
  });
}
