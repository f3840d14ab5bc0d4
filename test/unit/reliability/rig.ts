/**
 * The extension's job layer without VS Code, wired as `src/extension.ts` wires it: a job store over
 * a Memento stand-in, a result store folder, job actions, the poller and the auto-fetcher, all
 * talking to the test server through one recording client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArangoClient } from '../../../src/client';
import type { Credentials, RequestEvent, TlsOptions } from '../../../src/client';
import { AutoFetcher } from '../../../src/jobs/autoFetcher';
import { ClientSession } from '../../../src/jobs/clientSession';
import { JobActions } from '../../../src/jobs/jobActions';
import type { FetchOutcome } from '../../../src/jobs/jobActions';
import { JobStore } from '../../../src/jobs/jobStore';
import type { JobChange } from '../../../src/jobs/jobStore';
import { Poller } from '../../../src/jobs/poller';
import type { RefreshReport } from '../../../src/jobs/poller';
import { StatePersistence } from '../../../src/jobs/statePersistence';
import { isFinal } from '../../../src/jobs/trackedJob';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import { ResultStore } from '../../../src/results/resultStore';
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
  readonly client: ArangoClient;
  readonly session: ClientSession;
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
  const state = options.state ?? new MemoryState();
  const client = new ArangoClient({
    hosts: [...options.hosts],
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    onRequest: (event) => requests.push(event),
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const session = new ClientSession(client, options.credentials, options.database);
  const store = new JobStore(new StatePersistence(state));
  const results = new ResultStore(options.resultsDir, { rowLimit: options.rowLimit ?? 100 });
  const actions = new JobActions(store, results, () => session);
  const poller = new Poller(store, session, {
    intervalMs: options.intervalMs ?? 50,
    maxBackoffMs: options.maxBackoffMs ?? 400,
    discover: false,
  });
  const fetcher = new AutoFetcher(
    store,
    actions,
    () => options.autoFetch ?? true,
    (job, error) => fetchErrors.push({ job, error }),
    (outcome) => fetched.push(outcome),
  );
  store.onDidChange((batch) => changes.push(...batch));
  poller.onDidRefresh((report) => reports.push(report));
  return {
    state, client, session, store, results, actions, poller, fetcher, requests, reports, fetched, fetchErrors, changes,
    close: async () => {
      fetcher.dispose();
      poller.dispose();
      await store.flush();
      store.dispose();
      await client.close();
    },
    kill: async () => {
      // Stop the timers so the "dead" host cannot keep acting; its store is never flushed or disposed.
      poller.dispose();
      fetcher.dispose();
      await client.close();
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
