/**
 * The retry rule against the sandbox's injected connection resets: reads are asked again,
 * a result fetch and a submission never are, and the error says the server may have acted.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArangoClient, ArangoConnectionError, AsyncJobStatusError } from '../../../src/client';
import type { AsyncJob, Database, RequestEvent } from '../../../src/client';
import type { Sandbox } from '../../sandbox/index';
import type { TestServer } from '../../support/testServer';
import { createTestDatabase, dropTestDatabase, requireSandbox, startTestServer } from '../../support/testServer';
import { seedResettingFirst } from './sandboxFaults';

describe('client: retry rule under connection resets (sandbox faults)', function () {
  this.timeout(30_000);
  let server: TestServer;
  let sandbox: Sandbox;
  let databaseName: string;
  let client: ArangoClient;
  let db: Database;
  let events: RequestEvent[];

  before(async function () {
    server = await startTestServer();
    sandbox = requireSandbox(this, server, 'fault injection');
    databaseName = await createTestDatabase(server, 'retry');
  });

  beforeEach(() => {
    events = [];
    client = new ArangoClient({
      hosts: server.urls,
      onRequest: (event) => {
        events.push(event);
        // One reset is enough: the hook runs when the failed attempt ends, before any retry.
        if (event.error !== undefined) sandbox.setFaults({});
      },
    });
    db = client.db(databaseName, { username: server.username, password: server.password });
  });

  afterEach(async () => {
    sandbox.setFaults({});
    await db.clearAsyncJobs();
    await client.close();
  });

  after(async () => {
    await dropTestDatabase(server, databaseName);
    await server.close();
  });

  async function doneJob(): Promise<AsyncJob<unknown>> {
    const job = await db.beginAsyncExecution().aql.execute('RETURN 1');
    while ((await job.status()) !== 'done') await sleep(10);
    return job;
  }

  function injectOneReset(moment: 'beforeHandling' | 'afterHandling'): void {
    sandbox.resetStats();
    sandbox.setFaults({ resetRate: 1, seed: seedResettingFirst(moment) });
  }

  it('does not fetch a result again when the answer was lost: the result is gone, and the error says so', async () => {
    const job = await doneJob();
    injectOneReset('afterHandling');
    await assert.rejects(job.result(), (error: unknown) => {
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'ECONNRESET');
      assert.equal(error.mayHaveReachedServer, true);
      assert.equal(error.attempts, 1);
      return true;
    });
    assert.equal(sandbox.stats().byRoute['PUT /_api/job/{id}'], 1);
    await assert.rejects(job.status(), (error: unknown) => error instanceof AsyncJobStatusError && error.errorCode === 404);
  });

  it('does not submit again when the answer to a submission was lost: the job exists once', async () => {
    const before = new Set(await listAll());
    injectOneReset('afterHandling');
    await assert.rejects(db.beginAsyncExecution().aql.execute('RETURN 2'), (error: unknown) => {
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.mayHaveReachedServer, true);
      return true;
    });
    assert.equal(sandbox.stats().async.store, 1);
    // The caller's way out: ask the server which jobs it has.
    const created = (await listAll()).filter((id) => !before.has(id));
    assert.equal(created.length, 1);

    async function listAll(): Promise<string[]> {
      return [...(await db.asyncJobs('pending')), ...(await db.asyncJobs('done'))];
    }
  });

  for (const moment of ['beforeHandling', 'afterHandling'] as const) {
    it(`asks for a job status again after a reset ${moment === 'afterHandling' ? 'after' : 'before'} the server handled it`, async () => {
      const job = await doneJob();
      injectOneReset(moment);
      events.length = 0;
      assert.equal(await job.status(), 'done');
      assert.deepEqual(
        events.map((event) => event.attempt),
        [1, 2],
      );
    });
  }
});
