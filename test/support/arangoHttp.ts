/**
 * Plain HTTP to an ArangoDB (or the sandbox) for tests: one undici request, the whole body read,
 * JSON parsed when the server says it is JSON. No client library in between, so tests see the wire.
 */
import { request, type Dispatcher } from 'undici';

export type Credentials = { username: string; password: string } | { token: string };

export interface HttpRequestOptions {
  method?: string;
  /** Path after the database prefix, e.g. `/_api/version` (may carry a query string). */
  path: string;
  /** Sends `/_db/{database}{path}`; without it the path is sent as given. */
  database?: string;
  headers?: Record<string, string>;
  /** A value sent as JSON (with `content-type: application/json`). */
  body?: unknown;
  /** Bytes sent as they are (no content-type added). */
  rawBody?: string | Buffer;
  /** Basic or bearer credentials; `false` sends none. */
  auth?: Credentials | false;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text ('' for an empty body). */
  text: string;
  /** The body parsed as JSON when the content-type is JSON and the body is not empty. */
  json: unknown;
}

/** The authorization header for credentials. */
export function authorizationHeader(credentials: Credentials): string {
  if ('token' in credentials) {
    return `bearer ${credentials.token}`;
  }
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** Sends one request to `baseUrl` and reads the whole answer. */
export async function sendHttp(baseUrl: string, options: HttpRequestOptions): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== undefined && options.auth !== false) {
    headers['authorization'] = authorizationHeader(options.auth);
  }
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const prefix = options.database === undefined ? '' : `/_db/${encodeURIComponent(options.database)}`;
  const response = await request(`${baseUrl.replace(/\/+$/, '')}${prefix}${options.path}`, {
    method: options.method ?? 'GET',
    headers,
    body: body ?? null,
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.body.text();
  const contentType = String(response.headers['content-type'] ?? '');
  let json: unknown;
  if (text !== '' && contentType.startsWith('application/json')) {
    json = JSON.parse(text) as unknown;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}
