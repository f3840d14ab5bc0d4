import type { Dispatcher } from 'undici';
import { ArangoClient } from '../client';
import type { Credentials, RequestEvent } from '../client';
import type { StoredSecret } from '../connection/credentials';
import type { Settings } from '../settings';
import { ClientSession } from './clientSession';

/** The part of VS Code's `LogOutputChannel` the job layer writes to, so it stays free of `vscode`. */
export interface JobLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type SessionSettings = Pick<Settings, 'urls' | 'database' | 'username' | 'requestTimeoutMs' | 'tls'>;

export interface SessionOptions {
  /** The CA file's contents, read by the caller (`arangodb.tls.caFile`). */
  ca?: string | Buffer;
  log: JobLog;
  /** Sees every request event as well as the log (tests record them). */
  onRequest?: (event: RequestEvent) => void;
  /** An undici dispatcher to send through instead of the client's own pools (tests shape the network with it). */
  dispatcher?: Dispatcher;
}

/** What the stored secret means for the server: a bearer token, or the user's password (empty when none is stored). */
export function credentialsFrom(username: string, secret: StoredSecret | undefined): Credentials {
  return secret?.kind === 'token' ? { token: secret.value } : { username, password: secret?.value ?? '' };
}

/** A client for `settings`, logging every request at debug level (never a credential). */
export function openSession(settings: SessionSettings, credentials: Credentials, options: SessionOptions): ClientSession {
  if (settings.tls.allowSelfSigned) {
    options.log.warn('TLS certificate verification is off (arangodb.tls.allowSelfSigned).');
  }
  const onRequest = options.onRequest;
  const client = new ArangoClient({
    hosts: settings.urls,
    requestTimeoutMs: settings.requestTimeoutMs,
    tls: { ...(options.ca ? { ca: options.ca } : {}), ...(settings.tls.allowSelfSigned ? { rejectUnauthorized: false } : {}) },
    onRequest: (event) => {
      options.log.debug(describeRequest(event));
      onRequest?.(event);
    },
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  options.log.info(`Connecting as ${settings.username} to ${client.coordinators.join(', ')}, database ${settings.database}`);
  return new ClientSession(client, credentials, settings.database);
}

/** The log line of one request attempt: method, path, status or failure code, time, coordinator. */
export function describeRequest(event: RequestEvent): string {
  const outcome = event.status !== undefined ? String(event.status) : `failed (${event.error ?? 'no answer'})`;
  return `${event.method} ${event.path} → ${outcome} in ${Math.round(event.durationMs)} ms [${event.coordinator}]`;
}

