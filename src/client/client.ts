/**
 * {@link ArangoClient}: the entry point. Holds the coordinators, their connection pools and the
 * client-wide options; hands out {@link Database} handles.
 */
import type { Dispatcher } from 'undici';
import { Authenticator } from './auth';
import type { Credentials } from './auth';
import { Connection } from './connection';
import type { RequestEvent, TlsOptions } from './connection';
import { Database } from './database';

/** Options of `new ArangoClient()`. */
export interface ArangoClientOptions {
  /**
   * Coordinator base URL(s); several are used round-robin for new jobs and cursors.
   * Default `'http://127.0.0.1:8529'`.
   *
   * @example { hosts: ['http://c1:8529', 'http://c2:8529'] }
   */
  readonly hosts?: string | readonly string[];
  /**
   * Upper bound for one call — connecting, waiting for headers, reading the body, retries and
   * JWT login included. Default 60 000.
   *
   * @example { requestTimeoutMs: 10_000 }
   */
  readonly requestTimeoutMs?: number;
  /** TLS for `https://` hosts. @example { tls: { ca: fs.readFileSync('ca.pem') } } */
  readonly tls?: TlsOptions;
  /** Send every request through this undici dispatcher instead of the client's own pools (tests: `MockAgent`). @example { dispatcher: mockAgent } */
  readonly dispatcher?: Dispatcher;
  /** Called after every attempt with method, path, coordinator, status or error, duration — never credentials. @example { onRequest: (e) => log.debug(`${e.method} ${e.path} ${e.status}`) } */
  readonly onRequest?: (event: RequestEvent) => void;
  /** Keep-alive connections per coordinator. Default 8. @example { connectionsPerCoordinator: 4 } */
  readonly connectionsPerCoordinator?: number;
}

const DEFAULT_HOST = 'http://127.0.0.1:8529';
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECTIONS = 8;

/**
 * A client for one ArangoDB deployment (a single server or a cluster's coordinators).
 *
 * @example const client = new ArangoClient({ hosts: 'http://127.0.0.1:8529' })
 */
export class ArangoClient {
  readonly #connection: Connection;

  /** @example new ArangoClient({ hosts: ['http://c1:8529', 'http://c2:8529'], requestTimeoutMs: 30_000 }) */
  constructor(options: ArangoClientOptions = {}) {
    const hosts = options.hosts ?? DEFAULT_HOST;
    const timeout = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeout) || timeout <= 0) throw new RangeError('requestTimeoutMs must be a positive number of milliseconds');
    this.#connection = new Connection({
      hosts: typeof hosts === 'string' ? [hosts] : hosts,
      requestTimeoutMs: timeout,
      tls: options.tls,
      dispatcher: options.dispatcher,
      onRequest: options.onRequest,
      connectionsPerCoordinator: options.connectionsPerCoordinator ?? DEFAULT_CONNECTIONS,
    });
  }

  /** The coordinators' canonical base URLs, in round-robin order. @example client.coordinators[0] === 'http://127.0.0.1:8529' */
  get coordinators(): readonly string[] {
    return this.#connection.coordinators;
  }

  /** The per-call time limit in milliseconds. @example client.requestTimeoutMs === 60000 */
  get requestTimeoutMs(): number {
    return this.#connection.requestTimeoutMs;
  }

  /**
   * A handle on one database. Credentials: `{ username, password }` (Basic),
   * `{ username, password, auth: 'jwt' }` (log in for a JWT), `{ token }` (bearer), or none.
   *
   * @example const db = client.db('test', { username: 'root', password: 'passwd' })
   */
  db(name = '_system', credentials?: Credentials): Database {
    return new Database({ connection: this.#connection, database: name, auth: credentials ? new Authenticator(credentials) : undefined }, 'default');
  }

  /** Aborts requests in flight and closes the client's connection pools (an injected `dispatcher` is left to its owner). @example await client.close() */
  async close(): Promise<void> {
    await this.#connection.close();
  }
}
