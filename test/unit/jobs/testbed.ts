import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JobActions } from '../../../src/jobs/jobActions';
import { JobStore } from '../../../src/jobs/jobStore';
import { Poller } from '../../../src/jobs/poller';
import { StatePersistence } from '../../../src/jobs/statePersistence';
import { ResultStore } from '../../../src/results/resultStore';
import type { SandboxOptions } from '../../sandbox/index';
import { createTestDatabase, dropTestDatabase, startTestServer } from '../../support/testServer';
import type { TestServer } from '../../support/testServer';
import { MemoryState } from './memoryState';
import { recordingSession } from './session';

/** A test server with a database of its own and a results folder, for one `describe`. */
export interface JobTestbed {
  readonly server: TestServer;
  readonly database: string;
  /** A fresh store, actions and (non-discovering) poller over a recording client session. */
  setup(options?: { rowLimit?: number }): ReturnType<typeof createParts>;
}

/** Registers mocha hooks that start and stop the testbed; read it only inside tests. */
export function useJobTestbed(prefix: string, sandboxOptions: SandboxOptions = {}): JobTestbed {
  let server: TestServer | undefined;
  let database: string | undefined;
  let resultsDir: string | undefined;
  before(async () => {
    server = await startTestServer(sandboxOptions);
    database = await createTestDatabase(server, prefix);
    resultsDir = mkdtempSync(path.join(tmpdir(), `${prefix}-results-`));
  });
  after(async () => {
    if (server && database) await dropTestDatabase(server, database);
    await server?.close();
    if (resultsDir) rmSync(resultsDir, { recursive: true, force: true });
  });
  const ready = () => {
    if (!server || database === undefined || resultsDir === undefined) throw new Error('the testbed is used outside a test');
    return { server, database, resultsDir };
  };
  return {
    get server() {
      return ready().server;
    },
    get database() {
      return ready().database;
    },
    setup: (options = {}) => {
      const { server: started, database: name, resultsDir: folder } = ready();
      return createParts(started, name, folder, options.rowLimit ?? 50);
    },
  };
}

function createParts(server: TestServer, database: string, resultsDir: string, rowLimit: number) {
  const recording = recordingSession(server, database);
  const store = new JobStore(new StatePersistence(new MemoryState()));
  const results = new ResultStore(resultsDir, { rowLimit });
  const actions = new JobActions(store, results, () => recording.session);
  const poller = new Poller(store, recording.session, { intervalMs: 50, maxBackoffMs: 400, discover: false });
  /** Refreshes until the server reports the job done (its result waiting). */
  const untilFinished = async (key: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!(store.get(key)?.resultWaiting ?? false)) {
      if (Date.now() > deadline) throw new Error(`job ${key} did not finish`);
      await poller.refresh();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    ...recording,
    store,
    results,
    actions,
    poller,
    untilFinished,
    close: async () => {
      poller.dispose();
      await recording.close();
    },
  };
}
