/**
 * The server every test talks to: a real ArangoDB when `ARANGODB_URL` is set, otherwise a fresh
 * sandbox on a free port with a random root password (so tests always exercise authentication).
 *
 * @example
 * ```ts
 * let server: TestServer;
 * before(async () => { server = await startTestServer(); });
 * after(() => server.close());
 * it('answers the version', async () => {
 *   const { status } = await server.request({ path: '/_api/version' });
 *   assert.equal(status, 200);
 * });
 * ```
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'undici';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index';
import { sendHttp, type HttpRequestOptions, type HttpResult } from './arangoHttp';

export interface TestServer {
  /** Base URL of the first coordinator. */
  readonly url: string;
  /** Base URL of every coordinator (one for a single server). */
  readonly urls: readonly string[];
  readonly username: string;
  readonly password: string;
  /** True for a real server from `ARANGODB_URL`. */
  readonly real: boolean;
  /** The sandbox, when the server is one (sandbox-only features: faults, restart, stats). */
  readonly sandbox?: Sandbox;
  /**
   * Sends a request with the server's credentials (unless `auth` says otherwise) to `url`, or to
   * coordinator `coordinator`.
   */
  request(options: HttpRequestOptions & { coordinator?: number }): Promise<HttpResult>;
  /** Stops the sandbox (a real server is left running) and closes the connections. */
  close(): Promise<void>;
}

function realServerFromEnvironment(): { urls: string[]; username: string; password: string } | undefined {
  const raw = process.env['ARANGODB_URL'];
  if (raw === undefined || raw.trim() === '') {
    return undefined;
  }
  const urls = raw
    .split(',')
    .map((url) => url.trim().replace(/\/+$/, ''))
    .filter((url) => url !== '');
  return { urls, username: process.env['ARANGODB_USERNAME'] ?? 'root', password: process.env['ARANGODB_PASSWORD'] ?? '' };
}

/**
 * The server for a test file. `options` configure a sandbox (a real server ignores them); a sandbox
 * gets a random root password unless `options.password` names one.
 */
export async function startTestServer(options: SandboxOptions = {}): Promise<TestServer> {
  // TLS sandboxes use self-signed certificates made by the tests.
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  const real = realServerFromEnvironment();
  if (real !== undefined) {
    return makeTestServer({ ...real, real: true, dispatcher, close: () => Promise.resolve() });
  }
  const password = options.password ?? randomBytes(12).toString('base64url');
  const sandbox = await startSandbox({ ...options, password });
  return makeTestServer({
    urls: [...sandbox.urls],
    username: 'root',
    password,
    real: false,
    sandbox,
    dispatcher,
    close: () => sandbox.close(),
  });
}

function makeTestServer(parts: {
  urls: string[];
  username: string;
  password: string;
  real: boolean;
  sandbox?: Sandbox;
  dispatcher: Agent;
  close: () => Promise<void>;
}): TestServer {
  const { username, password, dispatcher } = parts;
  const urlOf = (coordinator: number): string => {
    // A sandbox's urls can change only by restart on the same ports, so reading them live is safe.
    const urls = parts.sandbox?.urls ?? parts.urls;
    const url = urls[coordinator];
    if (url === undefined) {
      throw new RangeError(`the server has no coordinator ${coordinator}`);
    }
    return url;
  };
  const server: TestServer = {
    url: urlOf(0),
    urls: parts.urls,
    username,
    password,
    real: parts.real,
    request: ({ coordinator = 0, ...options }) =>
      sendHttp(urlOf(coordinator), { auth: { username, password }, dispatcher, ...options }),
    close: async () => {
      await parts.close();
      await dispatcher.destroy();
    },
  };
  return parts.sandbox === undefined ? server : { ...server, sandbox: parts.sandbox };
}

/** A name no other test run uses, valid for databases and collections: `<prefix>_<time>_<random>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Creates a database for one test file and returns its name (drop it with `dropTestDatabase`). */
export async function createTestDatabase(server: TestServer, prefix = 'test'): Promise<string> {
  const name = uniqueName(prefix);
  const { status, text } = await server.request({ method: 'POST', database: '_system', path: '/_api/database', body: { name } });
  if (status !== 201) {
    throw new Error(`creating test database ${name} failed: ${status} ${text}`);
  }
  return name;
}

/** Drops a test database; one that is already gone is fine. */
export async function dropTestDatabase(server: TestServer, name: string): Promise<void> {
  const { status, text } = await server.request({
    method: 'DELETE',
    database: '_system',
    path: `/_api/database/${encodeURIComponent(name)}`,
  });
  if (status !== 200 && status !== 404) {
    throw new Error(`dropping test database ${name} failed: ${status} ${text}`);
  }
}

/**
 * The sandbox behind `server`, for a test of a sandbox-only feature (faults, restart, stats,
 * stopping coordinators). Against a real server the test is skipped, saying why.
 */
export function requireSandbox(context: Mocha.Context, server: TestServer, feature: string): Sandbox {
  if (server.sandbox === undefined) {
    // Only reachable under ARANGODB_URL: a real server cannot be made to do this.
    console.log(`      skipped against a real server: ${feature} needs the sandbox`);
    context.skip();
  }
  return server.sandbox;
}
