/**
 * The request and response shapes that flow between the HTTP layer, the pipeline, the router and
 * the job manager, and the builders for arangod's response bodies.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ArangoError } from '../errors';
import { corruptedJson } from './serverErrors';

export type HeaderValue = string | string[];

/** A complete response: what is written to the socket, or stored as an async job's result. */
export interface SandboxResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, HeaderValue>;
  body: Buffer;
}

/** A request as it arrived, with its whole body read. */
export interface RawRequest {
  method: string;
  /** The request target as sent: path plus query string, still URL-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Who sent a request. */
export interface Principal {
  /** The user name ('' for an internal context). */
  user: string;
  /**
   * An internal context (authentication off, or a superuser JWT without a user name): it sees every
   * user's jobs. A logged-in user, root included, is not one (AsyncJobManager's `authorized`).
   */
  superuser: boolean;
}

/** A request after the database prefix was split off and the sender authenticated. */
export interface ApiRequest {
  raw: RawRequest;
  method: string;
  database: string;
  /** URL-decoded path segments after the database prefix, e.g. `['_api', 'job', '123']`. */
  segments: string[];
  query: URLSearchParams;
  principal: Principal;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

/** A JSON answer; key order is kept as the value has it. */
export function jsonResponse(status: number, value: unknown, headers: Record<string, HeaderValue> = {}): SandboxResponse {
  return {
    status,
    headers: { 'content-type': JSON_CONTENT_TYPE, ...headers },
    body: Buffer.from(JSON.stringify(value), 'utf8'),
  };
}

/** An empty `text/plain` answer, as arangod sends for a 202 submit and a job's 200/204 status. */
export function emptyResponse(status: number, headers: Record<string, HeaderValue> = {}): SandboxResponse {
  return { status, headers: { 'content-type': TEXT_CONTENT_TYPE, ...headers }, body: Buffer.alloc(0) };
}

/** An error as a REST handler reports it (RestBaseHandler::generateError): `{code, error, errorMessage, errorNum}`. */
export function errorResponse(error: ArangoError): SandboxResponse {
  return jsonResponse(error.httpCode, error.toBody());
}

/**
 * An error the connection layer sends before any handler ran (CommTask::sendErrorResponse: bad
 * credentials, unknown database, queue full, queue time): arangod builds it with the keys in the
 * order `{error, errorNum, errorMessage, code}`.
 */
export function earlyErrorResponse(error: ArangoError): SandboxResponse {
  return jsonResponse(error.httpCode, {
    error: true,
    errorNum: error.errorNum,
    errorMessage: error.message,
    code: error.httpCode,
  });
}

/** A request header as one string (the first value if it was repeated). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The request body as JSON: `undefined` when it is empty (arangod treats an empty body as "no
 * body"), an ArangoError 400/600 when it does not parse.
 */
export function parseJsonBody(request: ApiRequest): unknown {
  const text = request.raw.body.toString('utf8');
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    throw corruptedJson(describeJsonError(error, text));
  }
}

/**
 * Velocypack's parser says what it expected (e.g. `Expecting '"' or '}'`, recorded in arangod's
 * own API tests); V8's JSON.parse messages map onto the common cases.
 */
function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/end of (JSON )?input/i.test(message)) {
    return 'Unexpected end of input';
  }
  if (/Expected property name or '}'/.test(message)) {
    return `Expecting '"' or '}'`;
  }
  if (/Expected double-quoted property name/.test(message)) {
    return `Expecting '"'`;
  }
  if (/No number after minus sign|Exponent part is missing|Unterminated fractional number/.test(message)) {
    return 'Expecting digit';
  }
  const expectedSeparator = /Expected ',' or '([}\]])'/.exec(message)?.[1];
  if (expectedSeparator !== undefined) {
    return `Expecting ',' or '${expectedSeparator}'`;
  }
  const position = /position (\d+)/.exec(message)?.[1];
  const found = position === undefined ? undefined : text[Number(position)];
  return found !== undefined && /[0-9.eE+-]/.test(found) ? 'Expecting digit' : 'Unexpected character';
}

/** A query-string flag as arangod reads booleans: `true`, `yes`, `on`, `1` (python-arango sends 0/1). */
export function queryFlag(query: URLSearchParams, name: string, fallback = false): boolean {
  const value = query.get(name);
  if (value === null) {
    return fallback;
  }
  return ['true', 'yes', 'on', '1', 'y'].includes(value.toLowerCase());
}
