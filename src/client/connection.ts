/**
 * HTTP to one or more coordinators over undici: keep-alive pools, authentication, a deadline
 * on every call, the retry rule, and the mapping of undici's failures to
 * {@link ArangoConnectionError}.
 */
import type { Dispatcher } from 'undici';
import type { Authenticator } from './auth';
import type { ConnectionErrorCode, RequestSummary } from './errors';
import { ArangoConnectionError, ArangoResponseError, JWTAuthError } from './errors';
import { secretsOf, toConnectionError } from './failures';
import type { ArangoResponse } from './response';
import { errorFromResponse, invalidJson, objectBody, unexpectedBody } from './response';
import { Exchange } from './exchange';
import { Pool } from './undiciParts';

/** HTTP methods the client uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';

/**
 * When a request may be sent again after a connection failure or a `503`.
 *
 * - `'read'`: the request has no effect on the server (a `GET` of a job status or list): up to
 *   {@link MAX_READ_RETRIES} more attempts, with backoff, after a refused connection, a DNS
 *   failure, a reset, a cut-off answer or an HTTP `503` (the server did not handle the request).
 *   When the attempts or the deadline run out, the last `503` answer is returned like any other.
 * - `'replay'`: asking again returns the same answer, and giving up would lose data the server
 *   hands out only now (a cursor batch addressed by its `nextBatchId`, which a job's one-time
 *   result depends on): retried on the same failures as a read, with backoff growing to 1 s,
 *   until the call's deadline rather than a fixed number of times.
 * - `'never'`: everything else — above all async submissions (a second send would queue a
 *   second job) and `PUT /_api/job/{id}` (the server deletes a result when it hands it out, so
 *   a second fetch finds it gone). These fail with an {@link ArangoConnectionError} whose
 *   `mayHaveReachedServer` tells the caller whether to ask the server what it has; a `503` is
 *   returned to the caller as it came.
 *
 * Timeouts and aborts are never retried: the caller's time is spent.
 */
export type RetryPolicy = 'read' | 'replay' | 'never';

/** At most this many extra attempts for a `'read'` request. */
export const MAX_READ_RETRIES = 2;
const RETRY_BACKOFF_MS = [100, 300] as const;
const REPLAY_BACKOFF_MAX_MS = 1000;

/** @internal One request as the API layer describes it. */
export interface HttpRequest {
  readonly method: HttpMethod;
  /** Database name: the path is sent under `/_db/{database}`; omitted for server routes. */
  readonly database?: string | undefined;
  /** Route below the database, e.g. `/_api/cursor`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>> | undefined;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Send to this coordinator (a job's or a cursor's owner); otherwise the next in turn. */
  readonly coordinator?: string | undefined;
  readonly retry: RetryPolicy;
  readonly auth?: Authenticator | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Keep a 2xx answer's body as bytes (`ArangoResponse.rawBody`) instead of parsing it. */
  readonly rawSuccessBody?: boolean | undefined;
}

/**
 * What the `onRequest` hook receives once per attempt. It never holds headers, bodies,
 * credentials or tokens.
 */
export interface RequestEvent {
  /** @example event.method === 'PUT' */
  readonly method: string;
  /** Path with `/_db/{name}` and query string. @example event.path === '/_db/test/_api/job/12' */
  readonly path: string;
  /** @example event.coordinator === 'http://127.0.0.1:8529' */
  readonly coordinator: string;
  /** HTTP status, when an answer arrived. @example event.status === 204 */
  readonly status?: number;
  /** Wall time of the attempt. @example event.durationMs < 50 */
  readonly durationMs: number;
  /** `'<code>: <message>'` of the failure, when no usable answer arrived. @example event.error?.startsWith('ECONNREFUSED') */
  readonly error?: string;
  /** 1 for the first attempt, 2.. for retries and for the resend after a renewed JWT. @example event.attempt === 1 */
  readonly attempt: number;
}

/** TLS settings for `https://` coordinators. */
export interface TlsOptions {
  /** Extra CA certificate(s) (PEM) to trust, e.g. a self-signed server's. @example { ca: fs.readFileSync('ca.pem') } */
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Set to `false` only to skip certificate checks deliberately (never the default). @example { rejectUnauthorized: false } */
  readonly rejectUnauthorized?: boolean;
}

/** @internal */
export interface ConnectionOptions {
  readonly hosts: readonly string[];
  readonly requestTimeoutMs: number;
  readonly tls?: TlsOptions | undefined;
  readonly dispatcher?: Dispatcher | undefined;
  readonly onRequest?: ((event: RequestEvent) => void) | undefined;
  readonly connectionsPerCoordinator: number;
}

interface Coordinator {
  readonly url: string;
  readonly origin: string;
  readonly basePath: string;
}

/** undici's own connect timeout, bounded by the call's deadline. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Turns `http://host:8529/`, `tcp://host:8529` or `ssl://host:8530` into a canonical base URL.
 * Credentials in the URL are refused: they would end up in every error and log line.
 */
export function normalizeHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host.trim().replace(/^tcp:/i, 'http:').replace(/^ssl:/i, 'https:'));
  } catch (cause) {
    throw new TypeError('Invalid ArangoDB host URL: expected something like http://127.0.0.1:8529', { cause });
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('ArangoDB host URLs must not contain credentials: pass them to client.db(name, { username, password })');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Unsupported protocol ${url.protocol} in ArangoDB host URL: use http:// or https://`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** @internal */
export class Connection {
  readonly coordinators: readonly string[];
  readonly requestTimeoutMs: number;
  readonly #coordinators: ReadonlyMap<string, Coordinator>;
  readonly #pools = new Map<string, Dispatcher>();
  readonly #custom: Dispatcher | undefined;
  readonly #tls: TlsOptions | undefined;
  readonly #onRequest: ((event: RequestEvent) => void) | undefined;
  readonly #connections: number;
  #turn = 0;
  #closed = false;

  constructor(options: ConnectionOptions) {
    if (options.hosts.length === 0) throw new TypeError('At least one ArangoDB host is needed');
    const coordinators = new Map<string, Coordinator>();
    for (const host of options.hosts) {
      const url = normalizeHost(host);
      const parsed = new URL(url);
      coordinators.set(url, { url, origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') });
    }
    this.#coordinators = coordinators;
    this.coordinators = [...coordinators.keys()];
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.#custom = options.dispatcher;
    this.#tls = options.tls;
    this.#onRequest = options.onRequest;
    this.#connections = options.connectionsPerCoordinator;
  }

  /** The next coordinator in round-robin order: where new jobs and cursors go. */
  nextCoordinator(): string {
    const url = this.coordinators[this.#turn % this.coordinators.length];
    this.#turn = (this.#turn + 1) % this.coordinators.length;
    return url as string;
  }

  /** The canonical form of `url` if it is one of this client's coordinators. */
  knownCoordinator(url: string): string | undefined {
    const normalized = normalizeHost(url);
    return this.#coordinators.has(normalized) ? normalized : undefined;
  }

  /**
   * Sends a request and reads its whole answer. Resolves for every HTTP status (the caller
   * maps statuses); rejects with {@link ArangoConnectionError} when no usable answer arrives
   * within `requestTimeoutMs` (connect, headers and body together, retries included), and with
   * {@link ArangoResponseError} when a JSON answer cannot be parsed.
   */
  async send(request: HttpRequest): Promise<ArangoResponse> {
    const coordinator = request.coordinator ?? this.nextCoordinator();
    return this.#sendBefore(request, coordinator, Date.now() + this.requestTimeoutMs);
  }

  /** Aborts requests in flight and closes every pool this connection created. */
  async close(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
  }

  async #sendBefore(request: HttpRequest, coordinator: string, deadline: number): Promise<ArangoResponse> {
    let attempt = 0;
    let renewedToken = false;
    for (;;) {
      attempt += 1;
      const authorization = request.auth
        ? await request.auth.header((username, password) => this.#logIn(username, password, coordinator, deadline, request.signal))
        : undefined;
      try {
        const response = await this.#attempt(request, coordinator, authorization, deadline, attempt);
        // A cached JWT may have been revoked or outlived its secret: log in once more. Safe
        // for every request, submissions included: a 401 is answered before anything runs.
        if (response.status === 401 && authorization !== undefined && request.auth?.renewable === true && !renewedToken) {
          renewedToken = true;
          request.auth.invalidate(authorization);
          continue;
        }
        // A 503 means the server (or a proxy before it) did not handle the request, so a read
        // may be asked again; its body was already read to the end, which frees the socket.
        const wait = response.status === 503 ? retryWait(request, attempt, deadline) : undefined;
        if (wait !== undefined) {
          await pause(wait, request.signal);
          continue;
        }
        return response;
      } catch (error) {
        const wait = error instanceof ArangoConnectionError && RETRYABLE_READ_FAILURES.has(error.code) ? retryWait(request, attempt, deadline) : undefined;
        if (wait !== undefined) {
          await pause(wait, request.signal);
          continue;
        }
        throw error;
      }
    }
  }

  async #logIn(username: string, password: string, coordinator: string, deadline: number, signal: AbortSignal | undefined): Promise<string> {
    const response = await this.#sendBefore(
      { method: 'POST', path: '/_open/auth', body: { username, password }, retry: 'read', signal },
      coordinator,
      deadline,
    );
    if (response.status !== 200) throw errorFromResponse(JWTAuthError, response);
    const jwt = objectBody(response, 'a JSON object with a jwt').jwt;
    if (typeof jwt !== 'string') throw unexpectedBody(response, 'a JSON object with a jwt');
    return jwt;
  }

  #dispatcherFor(coordinator: Coordinator): Dispatcher {
    if (this.#custom) return this.#custom;
    let pool = this.#pools.get(coordinator.origin);
    if (!pool) {
      const tls = this.#tls;
      pool = new Pool(coordinator.origin, {
        connections: this.#connections,
        connect: {
          timeout: Math.min(CONNECT_TIMEOUT_MS, this.requestTimeoutMs),
          ...(tls?.ca === undefined ? {} : { ca: tls.ca as string | Buffer | Array<string | Buffer> }),
          ...(tls?.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }),
        },
      });
      this.#pools.set(coordinator.origin, pool);
    }
    return pool;
  }

  async #attempt(
    request: HttpRequest,
    coordinatorUrl: string,
    authorization: string | undefined,
    deadline: number,
    attempt: number,
  ): Promise<ArangoResponse> {
    const coordinator = this.#coordinators.get(coordinatorUrl);
    if (!coordinator) throw new TypeError(`${coordinatorUrl} is not one of this client's hosts`);
    const path = coordinator.basePath + routeOf(request);
    const summary: RequestSummary = { method: request.method, path, coordinator: coordinator.url };
    const started = performance.now();
    const remaining = deadline - Date.now();
    let exchange: Exchange | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      exchange?.abort(abortError('the deadline passed'));
    }, Math.max(remaining, 0));
    const userSignal = request.signal;
    const onUserAbort = (): void => exchange?.abort(abortError('aborted by the caller'));
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    let stage: 'before' | 'sent' | 'headers' = 'before';
    let status: number | undefined;
    let failure: string | undefined;
    try {
      if (userSignal?.aborted === true) throw new Error('aborted before sending');
      if (this.#closed) throw Object.assign(new Error('client closed'), { code: 'UND_ERR_CLOSED' });
      if (remaining <= 0) {
        timedOut = true;
        throw new Error('deadline passed before sending');
      }
      // Copied key by key rather than spread: see requestOf in executor.ts.
      const headers: Record<string, string> = {};
      const extraHeaders = request.headers;
      if (extraHeaders !== undefined) for (const name of Object.keys(extraHeaders)) headers[name] = extraHeaders[name] as string;
      if (authorization !== undefined) headers.authorization = authorization;
      let body: string | null = null;
      if (request.body !== undefined) {
        body = JSON.stringify(request.body);
        headers['content-type'] = 'application/json';
      }
      stage = 'sent';
      exchange = new Exchange(this.#dispatcherFor(coordinator), {
        origin: coordinator.origin,
        path,
        method: request.method,
        headers,
        body,
        // undici's own timers stay behind ours so that our deadline decides.
        headersTimeout: remaining + 1000,
        bodyTimeout: remaining + 1000,
      });
      const answer = await exchange.answer;
      stage = 'headers';
      status = answer.statusCode;
      return parseAnswer(summary, answer.statusCode, answer.headers, answer.body, request.rawSuccessBody === true);
    } catch (error) {
      if (error instanceof ArangoResponseError) throw error;
      if (exchange?.answerBegan === true) {
        stage = 'headers';
        status = exchange.statusCode;
      }
      const connectionError = toConnectionError(error, {
        summary,
        attempt,
        stage,
        timedOut,
        userAborted: userSignal?.aborted === true,
        timeoutMs: this.requestTimeoutMs,
        secrets: authorization === undefined ? [] : secretsOf(authorization),
      });
      failure = `${connectionError.code}: ${connectionError.message}`;
      throw connectionError;
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
      // Built only for a hook: on a busy client every object per request shows.
      if (this.#onRequest) {
        const event: { -readonly [K in keyof RequestEvent]: RequestEvent[K] } = {
          method: summary.method,
          path: summary.path,
          coordinator: summary.coordinator,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          attempt,
        };
        if (status !== undefined) event.status = status;
        if (failure !== undefined) event.error = failure;
        this.#emit(event);
      }
    }
  }

  #emit(event: RequestEvent): void {
    if (!this.#onRequest) return;
    try {
      this.#onRequest(event);
    } catch {
      // A logging hook must not change the outcome of a request.
    }
  }
}

const RETRYABLE_READ_FAILURES: ReadonlySet<ConnectionErrorCode> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNRESET',
  'TRUNCATED',
]);

/** How long to wait before attempt `attempt + 1` of `request`, or undefined when it must not be sent again. */
function retryWait(request: HttpRequest, attempt: number, deadline: number): number | undefined {
  const wait =
    request.retry === 'read' && attempt <= MAX_READ_RETRIES
      ? RETRY_BACKOFF_MS[attempt - 1]
      : request.retry === 'replay'
        ? Math.min(100 * 2 ** (attempt - 1), REPLAY_BACKOFF_MAX_MS)
        : undefined;
  if (wait === undefined || Date.now() + wait >= deadline || request.signal?.aborted === true) {
    return undefined;
  }
  return wait;
}

function routeOf(request: HttpRequest): string {
  const prefix = request.database === undefined ? '' : `/_db/${encodeURIComponent(request.database)}`;
  const query = Object.entries(request.query ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return `${prefix}${request.path}${query === '' ? '' : `?${query}`}`;
}

function parseAnswer(
  summary: RequestSummary,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
  rawSuccessBody: boolean,
): ArangoResponse {
  const contentType = headers['content-type'];
  const mediaType = (Array.isArray(contentType) ? contentType[0] : contentType)?.split(';')[0]?.trim().toLowerCase() ?? '';
  // A 204 has no body by definition, and an empty body is not JSON.
  if (status === 204 || raw.length === 0) return answerOf(summary, status, headers, raw, mediaType, undefined);
  if (rawSuccessBody && status >= 200 && status < 300) {
    const response: ArangoResponse = answerOf(summary, status, headers, raw, mediaType, undefined);
    return Object.assign(response, { rawBody: raw });
  }
  const text = raw.toString('utf8');
  const declaredJson = mediaType.includes('json');
  if (!declaredJson && !/^\s*[[{]/.test(text)) return answerOf(summary, status, headers, raw, mediaType, undefined);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    if (!declaredJson) return answerOf(summary, status, headers, raw, mediaType, undefined);
    throw invalidJson(answerOf(summary, status, headers, raw, mediaType, undefined), cause);
  }
  return answerOf(summary, status, headers, raw, mediaType, body);
}

/** One shape for every answer, written out field by field (see requestOf in executor.ts). */
function answerOf(
  summary: RequestSummary,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
  mediaType: string,
  body: unknown,
): ArangoResponse {
  return { method: summary.method, path: summary.path, coordinator: summary.coordinator, status, headers, bodyLength: raw.length, mediaType, body };
}

function abortError(message: string): Error {
  return Object.assign(new Error(message), { name: 'AbortError' });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    // An abort ends the pause early; the next attempt then fails as ABORTED.
    signal?.addEventListener('abort', done, { once: true });
  });
}
