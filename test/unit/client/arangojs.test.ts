/**
 * The seed scenario driven through arangojs 10, the referee driver, against the same test
 * server: if arangojs and the server disagree, the server is wrong. The same jobs are then read
 * with this client, to show that both drivers see one job manager.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Database as ArangojsDatabase } from 'arangojs';
import { isArangoError as isArangojsError } from 'arangojs/errors';
import type { Job } from 'arangojs/jobs';
import { AQLQueryExecuteError, AQLQueryKillError, ArangoClient } from '../../../src/client';
import type { TestServer } from '../../support/testServer';
import { createTestDatabase, dropTestDatabase, startTestServer } from '../../support/testServer';
import { waitUntil } from '../../support/waitUntil';

/** arangojs rejects the callback's own promise too when a job fails: keep that one handled. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

async function waitUntilCompleted(job: Job): Promise<void> {
  while (!(await job.getCompleted())) await sleep(10);
}

describe('client: the seed scenario through arangojs 10', function () {
  this.timeout(60_000);
  let server: TestServer;
  let databaseName: string;
  let db: ArangojsDatabase;

  before(async () => {
    server = await startTestServer();
    databaseName = await createTestDatabase(server, 'arangojs');
    db = new ArangojsDatabase({ url: [...server.urls], databaseName, auth: { username: server.username, password: server.password } });
    await db.createCollection('students');
  });

  after(async () => {
    db.close();
    await dropTestDatabase(server, databaseName);
    await server.close();
  });

  it('runs inserts, a query and a failing query as jobs, and reads, cancels, deletes and lists them', async () => {
    const students = db.collection('students');
    const job1 = await db.createJob(() => students.save({ _key: 'Neal' }));
    const job2 = await db.createJob(() => students.save({ _key: 'Lily' }));
    const job3 = await db.createJob(() => db.query<number>('RETURN 100000'));
    const job4 = await db.createJob(() => handled(db.query('INVALID QUERY')));
    for (const id of [job1.id, job2.id, job3.id, job4.id]) assert.match(id, /^\d+$/);

    for (const job of [job1, job2, job3, job4] as Job[]) await waitUntilCompleted(job);
    const completed = await db.listCompletedJobs();
    for (const job of [job1, job2, job3, job4] as Job[]) assert.ok(completed.includes(job.id), `job ${job.id} is listed as completed`);
    assert.deepEqual(await db.listPendingJobs(), []);

    assert.equal((await job1.load())?._id, 'students/Neal');
    assert.equal((await job2.load())?._id, 'students/Lily');
    const cursor = await job3.load();
    assert.equal(await cursor?.next(), 100000);

    await assert.rejects(job4.load(), (err: unknown) => {
      assert.ok(isArangojsError(err));
      assert.equal(err.code, 400);
      assert.equal(err.errorNum, 1501);
      assert.ok(err.message.includes('syntax error'));
      return true;
    });

    // job3 is done and fetched: nothing to cancel; job4's result was removed when it was loaded.
    await assert.rejects(job3.cancel(), (err: unknown) => isArangojsError(err) && err.errorNum === 404 && err.code === 404);
    await assert.rejects(job4.deleteResult(), (err: unknown) => isArangojsError(err) && err.errorNum === 404 && err.code === 404);

    await db.deleteAllJobResults();
    assert.deepEqual(await db.listCompletedJobs(), []);
  });

  it('keeps a pending job listed until it ends, and loads nothing while it is pending', async () => {
    const job = await db.createJob(() => db.query('RETURN SLEEP(0.5)'));
    assert.equal(await job.getCompleted(), false);
    assert.ok((await db.listPendingJobs()).includes(job.id));
    assert.equal(await job.load(), undefined);
    assert.equal(job.isLoaded, false);
    await waitUntilCompleted(job);
    const cursor = await job.load();
    assert.equal(job.isLoaded, true);
    assert.deepEqual(await cursor?.all(), [null]);
  });

  it('cancels a running job, whose stored result is then 410/21', async () => {
    const job = await db.createJob(() => handled(db.query('RETURN SLEEP(10)')));
    await job.cancel();
    await waitUntilCompleted(job);
    await assert.rejects(job.load(), (err: unknown) => isArangojsError(err) && err.code === 410 && err.errorNum === 21);
  });

  it('deletes expired results by a stamp in seconds (arangojs takes milliseconds)', async () => {
    const job = await db.createJob(() => db.collection('students').count());
    await waitUntilCompleted(job);
    await db.deleteExpiredJobResults(Date.now() - 1_000_000_000);
    assert.ok((await db.listCompletedJobs()).includes(job.id), 'a result newer than the stamp stays');
    await db.deleteExpiredJobResults(Date.now() + 1_000_000_000);
    assert.ok(!(await db.listCompletedJobs()).includes(job.id), 'a result older than the stamp goes');
  });

  it('lists a running query and kills it: the job then holds 410/1500 (listRunningQueries, killQuery)', async () => {
    const query = 'RETURN SLEEP(10)';
    const job = await db.createJob(() => handled(db.query(query)));
    const running = await waitUntil(async () => (await db.listRunningQueries()).find((entry) => entry.query === query), { what: 'the query to run' });
    await db.killQuery(running.id);
    await waitUntilCompleted(job);
    await assert.rejects(job.load(), (err: unknown) => isArangojsError(err) && err.code === 410 && err.errorNum === 1500);
  });

  it('sees the same running query and kill through this client', async () => {
    const client = new ArangoClient({ hosts: server.urls });
    try {
      const ours = client.db(databaseName, { username: server.username, password: server.password });
      const query = 'RETURN SLEEP(9)';
      const job = await ours.beginAsyncExecution().aql.execute(query);
      const running = await waitUntil(async () => (await ours.aql.queries()).find((entry) => entry.query === query), { what: 'the query to run' });
      assert.ok((await db.listRunningQueries()).some((entry) => entry.id === running.id), 'arangojs lists the same query');
      assert.equal(await ours.aql.kill(running.id, { coordinator: running.coordinator }), true);
      while ((await job.status()) !== 'done') await sleep(10);
      await assert.rejects(job.result(), (err: unknown) => err instanceof AQLQueryExecuteError && err.httpCode === 410 && err.errorCode === 1500);
      await assert.rejects(ours.aql.kill(running.id), (err: unknown) => err instanceof AQLQueryKillError && err.errorCode === 1591);
    } finally {
      await client.close();
    }
  });

  it('shares one job manager with this client: a job submitted by arangojs is read by ours, and back', async () => {
    const client = new ArangoClient({ hosts: server.urls });
    try {
      const ours = client.db(databaseName, { username: server.username, password: server.password });
      const theirs = await db.createJob(() => db.query('RETURN 7'));
      const reattached = ours.aqlJob<number>(theirs.id);
      while ((await reattached.status()) !== 'done') await sleep(10);
      assert.deepEqual(await (await reattached.result()).all(), [7]);
      assert.equal(await db.job(theirs.id).getCompleted().catch((err: unknown) => (isArangojsError(err) ? err.errorNum : err)), 404);

      const mine = await ours.beginAsyncExecution().aql.execute('RETURN 8');
      const seenByArangojs = db.job(mine.id);
      await waitUntilCompleted(seenByArangojs);
      const body = (await seenByArangojs.load()) as { result?: unknown[] } | undefined;
      assert.deepEqual(body?.result, [8]);
    } finally {
      await client.close();
    }
  });
});
