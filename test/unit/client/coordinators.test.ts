/**
 * Jobs across three coordinators that do not forward job requests (like ArangoDB before 3.7):
 * a job lives in the memory of the coordinator that accepted it, so the client must send every
 * call about a job there, while spreading new submissions round-robin.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArangoClient, ArangoConnectionError, AsyncJobStatusError } from '../../../src/client';
import type { AsyncJob, Database, RequestEvent } from '../../../src/client';
import type { Sandbox } from '../../sandbox/index';
import type { TestServer } from '../../support/testServer';
import { createTestDatabase, dropTestDatabase, requireSandbox, startTestServer } from '../../support/testServer';

async function waitOnJob<J extends AsyncJob<unknown>>(job: J): Promise<J> {
  while ((await job.status()) !== 'done') await sleep(10);
  return job;
}

describe('client: jobs across three coordinators', function () {
  this.timeout(60_000);
  let server: TestServer;
  let sandbox: Sandbox;
  let databaseName: string;
  let client: ArangoClient;
  let events: RequestEvent[];
  let db: Database;

  before(async function () {
    server = await startTestServer({ coordinators: 3, forwarding: false });
    sandbox = requireSandbox(this, server, 'three coordinators without forwarding');
    databaseName = await createTestDatabase(server, 'coordinators');
  });

  beforeEach(async () => {
    events = [];
    client = new ArangoClient({ hosts: server.urls, onRequest: (event) => events.push(event) });
    db = client.db(databaseName, { username: server.username, password: server.password });
    await db.clearAsyncJobs();
    events.length = 0;
  });

  afterEach(async () => {
    await client.close();
  });

  after(async () => {
    await dropTestDatabase(server, databaseName);
    await server.close();
  });

  async function submitSix(): Promise<AsyncJob<unknown>[]> {
    const asyncDb = db.beginAsyncExecution();
    const jobs: AsyncJob<unknown>[] = [];
    for (let i = 0; i < 6; i += 1) jobs.push(await asyncDb.aql.execute(`RETURN ${i}`));
    return jobs;
  }

  it('spreads new jobs round-robin over the coordinators', async () => {
    const jobs = await submitSix();
    assert.deepEqual(
      jobs.map((job) => job.coordinator),
      [...server.urls, ...server.urls],
    );
  });

  it('sends every call about a job to the coordinator that accepted it', async () => {
    const jobs = await submitSix();
    sandbox.resetStats();
    events.length = 0;
    for (const job of jobs) {
      await waitOnJob(job);
      await job.result();
      assert.equal(await job.cancel({ ignoreMissing: true }), false);
      assert.equal(await job.clear({ ignoreMissing: true }), false);
    }
    for (const job of jobs) {
      const calls = events.filter((event) => event.path.startsWith(`/_db/${databaseName}/_api/job/${job.id}`));
      assert.ok(calls.length >= 4);
      for (const call of calls) assert.equal(call.coordinator, job.coordinator, `${call.method} ${call.path}`);
    }
    // The server's own count agrees with what the client says it sent, coordinator by coordinator.
    const stats = sandbox.stats();
    assert.deepEqual(
      stats.byCoordinator,
      server.urls.map((url) => events.filter((event) => event.coordinator === url).length),
    );
    assert.equal(stats.byRoute['PUT /_api/job/{id}'], 6);
  });

  it('would not find a job at another coordinator (forwarding off): that is why jobs are pinned', async () => {
    const job = await db.beginAsyncExecution().aql.execute('RETURN 1');
    await waitOnJob(job);
    const owner = server.urls.indexOf(job.coordinator);
    const other = (owner + 1) % server.urls.length;
    const elsewhere = await server.request({ coordinator: other, database: databaseName, path: `/_api/job/${job.id}` });
    assert.equal(elsewhere.status, 404);
    assert.equal(await job.status(), 'done');
  });

  it('lists jobs of every coordinator, or of one, and clears them all', async () => {
    const jobs = (await submitSix()).slice(0, 3);
    for (const job of jobs) await waitOnJob(job);
    const everywhere = await db.asyncJobs('done');
    for (const job of jobs) assert.ok(everywhere.includes(job.id));
    const second = jobs[1] as AsyncJob<unknown>;
    const onSecond = await db.asyncJobs('done', 100, { coordinator: second.coordinator });
    assert.ok(onSecond.includes(second.id));
    assert.ok(!onSecond.includes((jobs[0] as AsyncJob<unknown>).id));
    assert.equal(await db.clearAsyncJobs(), true);
    assert.deepEqual(await db.asyncJobs('done'), []);
  });

  it("fetches an AQL job's later batches from the job's coordinator", async () => {
    const job = await db.beginAsyncExecution().aql.execute<number>('FOR i IN 1..6 RETURN i', { batchSize: 2 });
    await waitOnJob(job);
    const cursor = await job.result();
    assert.equal(cursor.coordinator, job.coordinator);
    assert.deepEqual(await cursor.all(), [1, 2, 3, 4, 5, 6]);
    const batchCalls = events.filter((event) => event.path.includes('/_api/cursor/'));
    assert.equal(batchCalls.length, 2);
    for (const call of batchCalls) assert.equal(call.coordinator, job.coordinator);
  });

  it('re-attaches to a job by id and coordinator from a new client', async () => {
    const job = await db.beginAsyncExecution().aql.execute('RETURN 42');
    const saved = JSON.parse(JSON.stringify(job)) as { id: string; coordinator: string; database: string };
    const later = new ArangoClient({ hosts: server.urls });
    try {
      const again = later.db(saved.database, { username: server.username, password: server.password }).aqlJob(saved.id, { coordinator: saved.coordinator });
      await waitOnJob(again);
      assert.deepEqual(await (await again.result()).all(), [42]);
    } finally {
      await later.close();
    }
  });

  it("loses only the stopped coordinator's jobs, and says the server was not reached while it is down", async () => {
    const jobs = (await submitSix()).slice(0, 3);
    for (const job of jobs) await waitOnJob(job);
    const [first, second, third] = jobs as [AsyncJob<unknown>, AsyncJob<unknown>, AsyncJob<unknown>];
    await sandbox.stopCoordinator(1);
    try {
      await assert.rejects(second.status(), (error: unknown) => {
        assert.ok(error instanceof ArangoConnectionError);
        assert.equal(error.code, 'ECONNREFUSED');
        assert.equal(error.mayHaveReachedServer, false);
        assert.equal(error.coordinator, second.coordinator);
        return true;
      });
      assert.equal(await first.status(), 'done');
      assert.equal(await third.status(), 'done');
    } finally {
      await sandbox.startCoordinator(1);
    }
    await assert.rejects(second.status(), (error: unknown) => error instanceof AsyncJobStatusError && error.errorCode === 404);
  });
});
