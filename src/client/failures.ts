/**
 * How a failed attempt becomes an {@link ArangoConnectionError}: Node's and undici's error codes
 * mapped to the client's stable codes, whether the server may have received the request, and
 * the scrubbing of any secret a foreign error might quote.
 */
import type { ConnectionErrorCode, RequestSummary } from './errors';
import { ArangoConnectionError } from './errors';

/** @internal What was known when an attempt failed. */
export interface FailureContext {
  readonly summary: RequestSummary;
  readonly attempt: number;
  /** `before`: nothing sent; `sent`: handed to undici; `headers`: the answer had begun. */
  readonly stage: 'before' | 'sent' | 'headers';
  readonly timedOut: boolean;
  readonly userAborted: boolean;
  readonly timeoutMs: number;
  readonly secrets: readonly string[];
}

const NOT_SENT_CODES: Readonly<Record<string, ConnectionErrorCode>> = {
  ECONNREFUSED: 'ECONNREFUSED',
  ENOTFOUND: 'ENOTFOUND',
  EAI_AGAIN: 'ENOTFOUND',
  EAI_NONAME: 'ENOTFOUND',
  EHOSTUNREACH: 'EHOSTUNREACH',
  ENETUNREACH: 'EHOSTUNREACH',
  EHOSTDOWN: 'EHOSTUNREACH',
  ENETDOWN: 'EHOSTUNREACH',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
};

const BROKEN_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

const TLS_CODES = new Set([
  'EPROTO',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'HOSTNAME_MISMATCH',
]);

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** @internal */
export function toConnectionError(error: unknown, context: FailureContext): ArangoConnectionError {
  const { summary } = context;
  const where = `${summary.method} ${summary.path} to ${summary.coordinator}`;
  const raw = codeOf(error);
  const cause = redacted(error, context.secrets);
  const make = (code: ConnectionErrorCode, text: string, mayHaveReachedServer: boolean): ArangoConnectionError =>
    new ArangoConnectionError({ code, message: `${where}: ${text}`, mayHaveReachedServer, attempts: context.attempt, ...summary, cause });
  const sent = context.stage !== 'before';

  if (context.userAborted) return make('ABORTED', 'aborted by the caller', sent);
  if (context.timedOut) return make('ETIMEDOUT', `no complete answer within ${context.timeoutMs} ms`, sent);
  if (raw === 'UND_ERR_CLOSED' || raw === 'UND_ERR_DESTROYED') return make('CLOSED', 'the client was closed', sent);
  if (raw === 'UND_ERR_CONNECT_TIMEOUT') return make('ETIMEDOUT', 'could not connect in time', false);
  if (raw !== undefined && raw in NOT_SENT_CODES) {
    const code = NOT_SENT_CODES[raw] as ConnectionErrorCode;
    const text: Record<string, string> = {
      ECONNREFUSED: 'connection refused: is ArangoDB running and listening at that address?',
      ENOTFOUND: 'the host name could not be resolved',
      EHOSTUNREACH: 'the host is unreachable',
    };
    return make(code, `${text[code] ?? 'could not connect'} (${raw})`, false);
  }
  if (raw !== undefined && (TLS_CODES.has(raw) || raw.startsWith('ERR_TLS_') || raw.startsWith('ERR_SSL_'))) {
    return make('TLS', `TLS handshake failed (${raw}): check the server certificate or the client's tls.ca option`, false);
  }
  if (raw === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || (context.stage === 'headers' && raw !== undefined && BROKEN_CONNECTION_CODES.has(raw))) {
    return make('TRUNCATED', 'the connection closed before the whole answer arrived (body cut off)', true);
  }
  if (raw !== undefined && BROKEN_CONNECTION_CODES.has(raw)) {
    return make('ECONNRESET', `the connection closed before an answer arrived (${raw}); the server may have received the request`, sent);
  }
  if (raw === 'UND_ERR_HEADERS_TIMEOUT' || raw === 'UND_ERR_BODY_TIMEOUT' || raw === 'ETIMEDOUT') {
    return make('ETIMEDOUT', `no complete answer in time (${raw})`, sent);
  }
  if (raw === 'UND_ERR_ABORTED' || (error instanceof Error && error.name === 'AbortError')) {
    return make('ABORTED', 'the request was aborted', sent);
  }
  return make('UNKNOWN', `request failed (${raw ?? (error instanceof Error ? error.name : typeof error)})`, sent);
}

/** The forms in which an Authorization value could show up in a foreign error's text. */
export function secretsOf(authorization: string): string[] {
  const token = authorization.slice(authorization.indexOf(' ') + 1);
  const secrets = [authorization, token];
  if (/^basic /i.test(authorization)) {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    secrets.push(decoded, decoded.slice(decoded.indexOf(':') + 1));
  }
  return secrets.filter((secret) => secret.length > 0);
}

/**
 * undici's mock errors quote request headers in their message; no cause may carry a secret.
 * A cause that mentions one is replaced by a copy with the secret blotted out.
 */
function redacted(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error) || secrets.length === 0) return error;
  const text = `${error.message}\n${error.stack ?? ''}`;
  if (!secrets.some((secret) => text.includes(secret))) return error;
  const scrub = (value: string): string => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), value);
  const copy = new Error(scrub(error.message));
  copy.name = error.name;
  copy.stack = scrub(error.stack ?? '');
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}
