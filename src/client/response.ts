/**
 * An answer as the client sees it, and the helpers every response handler uses to turn it
 * into a result or into the operation's error.
 */
import type { ArangoErrorClass, RequestSummary } from './errors';
import { ArangoResponseError } from './errors';

/** One HTTP answer: status, headers, and the body already read (JSON parsed when it is JSON). */
export interface ArangoResponse extends RequestSummary {
  /** HTTP status. @example res.status === 201 */
  readonly status: number;
  /** Lower-cased header names, as undici delivers them. @example res.headers['x-arango-async-id'] */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body; `undefined` for an empty body or one that is not JSON. @example (res.body as { result: unknown[] }).result */
  readonly body: unknown;
  /** The body's bytes, unparsed: only for a 2xx answer to a request that asked for them. */
  readonly rawBody?: Buffer;
  /** Byte length of the raw body. @example res.bodyLength === 0 */
  readonly bodyLength: number;
  /** The media type (before `;`), lower-cased; `''` when absent. @example res.mediaType === 'application/json' */
  readonly mediaType: string;
}

/** The shape of every ArangoDB error body. */
interface ErrorBody {
  errorNum?: unknown;
  errorMessage?: unknown;
}

export function isSuccess(response: ArangoResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

export function headerValue(response: ArangoResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The `errorNum` of an error answer, if it has one. */
export function errorNumOf(response: ArangoResponse): number | undefined {
  const body = response.body as ErrorBody | undefined;
  return typeof body?.errorNum === 'number' ? body.errorNum : undefined;
}

/**
 * The operation's error for an error answer. The server's `errorMessage` becomes the message
 * unless the caller words it itself (`job {id} not found`); an answer without an ArangoDB error
 * body (a proxy's page) still becomes the operation's error, with a message saying so.
 */
export function errorFromResponse(errorClass: ArangoErrorClass, response: ArangoResponse, message?: string): Error {
  const body = response.body as ErrorBody | undefined;
  const errorNum = typeof body?.errorNum === 'number' ? body.errorNum : undefined;
  const serverMessage = typeof body?.errorMessage === 'string' ? body.errorMessage : undefined;
  return new errorClass({
    message: message ?? serverMessage ?? withoutErrorBody(response),
    httpCode: response.status,
    errorCode: errorNum,
    method: response.method,
    path: response.path,
    coordinator: response.coordinator,
  });
}

function withoutErrorBody(response: ArangoResponse): string {
  const what = response.bodyLength === 0 ? 'an empty body' : `a ${response.mediaType || 'untyped'} body of ${response.bodyLength} bytes`;
  return `${response.method} ${response.path} answered HTTP ${response.status} with ${what} instead of an ArangoDB error`;
}

/** The error for a success answer whose body is not what the operation expects. */
export function unexpectedBody(response: ArangoResponse, expected: string): ArangoResponseError {
  const got = response.bodyLength === 0 ? 'an empty body' : `a ${response.mediaType || 'untyped'} body of ${response.bodyLength} bytes`;
  return new ArangoResponseError({
    code: 'UNEXPECTED_BODY',
    message: `${response.method} ${response.path} answered HTTP ${response.status} with ${got}; expected ${expected}. Is ${response.coordinator} an ArangoDB server?`,
    httpCode: response.status,
    method: response.method,
    path: response.path,
    coordinator: response.coordinator,
  });
}

/** The error for an answer whose body claims to be JSON but cannot be read as JSON (often: cut off). */
export function invalidJson(response: Omit<ArangoResponse, 'body' | 'headers' | 'mediaType'>, cause: unknown, detail = ''): ArangoResponseError {
  return new ArangoResponseError({
    code: 'INVALID_JSON',
    message: `${response.method} ${response.path} answered HTTP ${response.status} with a body that is not valid JSON (${response.bodyLength} bytes, possibly cut off)${detail}`,
    httpCode: response.status,
    method: response.method,
    path: response.path,
    coordinator: response.coordinator,
    cause,
  });
}

/** The body as a JSON object, or an {@link ArangoResponseError} naming what was expected. */
export function objectBody(response: ArangoResponse, expected: string): Record<string, unknown> {
  const body = response.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw unexpectedBody(response, expected);
  return body as Record<string, unknown>;
}
