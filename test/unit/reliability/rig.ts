/**
 * The extension's job layer without VS Code, wired by the same `JobLayer` that `src/extension.ts`
 * uses (job store over a Memento stand-in, result store, actions, poller, auto-fetcher, outage
 * news), on a `LiveSession` whose client is opened by the extension's own `openSession`, all
 * talking to the test server; the rig records what the extension would log or show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ArangoClient, Credentials, RequestEvent, TlsOptions } from '../../../src/client';
import type { AutoFetcher } from '../../../src/jobs/autoFetcher';
import type { ClientSession } from '../../../src/jobs/clientSession';
import type { JobActions } from '../../../src/jobs/jobActions';
import type { FetchOutcome } from '../../../src/jobs/jobActions';
import { errorLine } from '../../../src/jobs/errorLine';
import { JobLayer } from '../../../src/jobs/jobLayer';
import type { JobStore } from '../../../src/jobs/jobStore';
import type { JobChange } from '../../../src/jobs/jobStore';
import { LiveSession } from '../../../src/jobs/liveSession';
import { openSession } from '../../../src/jobs/openSession';
import type { JobLog } from '../../../src/jobs/openSession';
import type { Poller } from '../../../src/jobs/poller';
import type { RefreshReport } from '../../../src/jobs/poller';
import { isFinal } from '../../../src/jobs/trackedJob';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import type { ResultStore } from '../../../src/results/resultStore';
import type { SandboxOptions } from '../../sandbox/index';
import { createTestDatabase, dropTestDatabase, startTestServer } from '../../support/testServer';
import type { TestServer } from '../../support/testServer';
import { MemoryState } from '../jobs/memoryState';

export interface RigOptions {
  hosts: readonly string[];
  credentials: Credentials;
  database: string;
  resultsDir: string;
  /** The workspace state; pass the same one to a second rig to "restart the extension host". */
  state?: MemoryState;
  rowLimit?: number;
  intervalMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  tls?: TlsOptions;
  /** The client's undici dispatcher, for tests that shape the network below HTTP (name lookups). */
  dispatcher?: Dispatcher;
  autoFetch?: boolean;
}

/** One "extension host": everything the job layer is made of, plus what the test records. */
export interface Rig {
  readonly state: MemoryState;
  /** The client of the session live now (a reconnect replaces it). */
  readonly client: ArangoClient;
  /** The session live now. */
  readonly session: ClientSession;
  readonly live: LiveSession;
  readonly layer: JobLayer;
  readonly store: JobStore;
  readonly results: ResultStore;
  readonly actions: JobActions;
  readonly poller: Poller;
  readonly fetcher: AutoFetcher;
  /** Every request attempt the client made. */
  readonly requests: RequestEvent[];
  readonly reports: RefreshReport[];
  readonly fetched: FetchOutcome[];
  /** Auto-fetches that threw (what the extension shows as an error message). */
  readonly fetchErrors: Array<{ job: TrackedJob; error: unknown }>;
  readonly changes: JobChange[];
  /** Every line the extension would write to its output channel, with its level. */
  readonly log: string[];
  /** Outage news the extension would show: `down: <coordinator>: <error line>`, `up: <coordinator>`. */
  readonly notices: string[];
  /**
   * What a change of a connection setting or of the stored secret does: a new session goes live
   * and the old one is retired. Resolves when the old one is closed.
   */
  reconnect(change?: { credentials?: Credentials; hosts?: readonly string[] }): Promise<void>;
  /** Stops everything as `deactivate` would. */
  close(): Promise<void>;
  /** Drops the objects without disposing anything but the sockets: a killed extension host. */
  kill(): Promise<void>;
}

export function startRig(options: RigOptions): Rig {
  const requests: RequestEvent[] = [];
  const reports: RefreshReport[] = [];
  const fetched: FetchOutcome[] = [];
  const fetchErrors: Array<{ job: TrackedJob; error: unknown }> = [];
  const changes: JobChange[] = [];
  const lines: string[] = [];
  const notices: string[] = [];
  const log: JobLog = {
    debug: (message) => lines.push(`debug ${message}`),
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warning ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
  const state = options.state ?? new MemoryState();
  const open = (credentials: Credentials, hosts: readonly string[]): ClientSession =>
    openSession(
      {
        urls: [...hosts],
        database: options.database,
        username: 'username' in credentials ? credentials.username : 'root',
        requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
        tls: { caFile: '', allowSelfSigned: options.tls?.rejectUnauthorized === false },
      },
      credentials,
      {
        log,
        onRequest: (event) => requests.push(event),
        ...(options.tls?.ca !== undefined ? { ca: options.tls.ca as string | Buffer } : {}),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      },
    );
  const live = new LiveSession();
  void live.replace(open(options.credentials, options.hosts));
  const layer = new JobLayer({
    state,
    resultsDir: options.resultsDir,
    connection: live,
    settings: () => ({ rowLimit: options.rowLimit ?? 100, autoFetch: options.autoFetch ?? true, pollingIntervalMs: options.intervalMs ?? 50 }),
    log,
    notices: {
      fetchFailed: (job, error) => fetchErrors.push({ job, error }),
      coordinatorUnreachable: (coordinator, error) => notices.push(`down: ${coordinator}: ${errorLine(error)}`),
      coordinatorReachable: (coordinator) => notices.push(`up: ${coordinator}`),
    },
    poller: { maxBackoffMs: options.maxBackoffMs ?? 400, discover: false },
  });
  const { store, results, actions, poller, autoFetcher } = layer;
  layer.onDidAutoFetch((outcome) => fetched.push(outcome));
  store.onDidChange((batch) => changes.push(...batch));
  poller.onDidRefresh((report) => reports.push(report));
  const current = (): ClientSession => {
    const session = live.current;
    if (!session) throw new Error('the rig is closed');
    return session;
  };
  return {
    state, live, layer, store, results, actions, poller, fetcher: autoFetcher, requests, reports, fetched, fetchErrors, changes, notices,
    log: lines,
    get client() {
      return current().client;
    },
    get session() {
      return current();
    },
    reconnect: (change = {}) => live.replace(open(change.credentials ?? options.credentials, change.hosts ?? options.hosts)),
    close: async () => {
      layer.autoFetcher.dispose();
      layer.poller.dispose();
      await store.flush();
      layer.dispose();
      await live.close();
    },
    kill: async () => {
      // Stop the timers so the "dead" host cannot keep acting; its store is never flushed or disposed.
      poller.dispose();
      autoFetcher.dispose();
      await live.close();
    },
  };
}

/** What a suite of rig tests shares: one test server, one database and one results folder. */
export interface RigTestbed {
  readonly server: TestServer;
  readonly database: string;
  readonly resultsDir: string;
  /** A rig on the testbed's server, database and folder, closed after the test that started it. */
  rig(options?: Partial<RigOptions>): Rig;
}

/**
 * Registers a suite's hooks: before it, a test server (`serverOptions`), a database named after
 * `name` and a results folder; after each test, sandbox faults off and the test's rigs closed;
 * after the suite, everything removed. Call it inside `describe`.
 */
export function useRigTestbed(name: string, serverOptions: SandboxOptions = {}, defaults: Partial<RigOptions> = {}): RigTestbed {
  let server: TestServer | undefined;
  let database: string | undefined;
  let resultsDir: string | undefined;
  const rigs: Rig[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the rig testbed is used before its before() hook ran');
    return value;
  };

  before(async () => {
    server = await startTestServer(serverOptions);
    database = await createTestDatabase(server, name);
    resultsDir = mkdtempSync(path.join(tmpdir(), `${name.replace(/_/g, '-')}-`));
  });

  afterEach(async () => {
    server?.sandbox?.setFaults({});
    await Promise.all(rigs.splice(0).map((rig) => rig.close()));
  });

  after(async () => {
    if (server !== undefined) {
      if (database !== undefined) await dropTestDatabase(server, database);
      await server.close();
    }
    if (resultsDir !== undefined) rmSync(resultsDir, { recursive: true, force: true });
  });

  return {
    get server() {
      return ready(server);
    },
    get database() {
      return ready(database);
    },
    get resultsDir() {
      return ready(resultsDir);
    },
    rig(options = {}) {
      const testServer = ready(server);
      const started = startRig({
        hosts: testServer.urls,
        credentials: { username: testServer.username, password: testServer.password },
        database: ready(database),
        resultsDir: ready(resultsDir),
        ...defaults,
        ...options,
      });
      rigs.push(started);
      return started;
    },
  };
}

/** Refreshes until the job's result waits on the server; returns its key. */
export async function untilResultWaiting(rig: Rig, key: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (rig.store.get(key)?.resultWaiting !== true) {
    if (Date.now() > deadline) throw new Error(`job ${rig.store.get(key)?.id ?? key} did not finish within ${timeoutMs} ms`);
    await rig.poller.refresh();
    await sleep(20);
  }
  return key;
}

/** Whether every job the store tracks has reached a final state (nothing left for the server to do). */
export function allFinal(store: JobStore): boolean {
  return store.all().every(isFinal);
}

/** Resolves when `probe` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The rows of a stored result file, whichever of the two formats it was written in. */
export async function readStoredRows(stored: { kind: 'json' | 'jsonl'; path: string }): Promise<unknown[]> {
  const text = await readFile(stored.path, 'utf8');
  if (stored.kind === 'json') {
    return JSON.parse(text) as unknown[];
  }
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

/** `PUT /_api/job/{id}` attempts per job id, from a client's request log. */
export function resultFetchesByJob(requests: readonly RequestEvent[]): Map<string, RequestEvent[]> {
  const byJob = new Map<string, RequestEvent[]>();
  for (const event of requests) {
    const match = event.method === 'PUT' ? /\/_api\/job\/(\d+)(?:\?|$)/.exec(event.path) : null;
    if (match?.[1] !== undefined) {
      const list = byJob.get(match[1]) ?? [];
      list.push(event);
      byJob.set(match[1], list);
    }
  }
  return byJob;
}
