/**
 * python-arango's own tests of async execution (tests/test_async.py in arangodb/python-arango),
 * case by case, against the test server. Fixtures as in its conftest: `db` a fresh database,
 * `col` a fresh collection, `docs` documents keyed '1'..'3', `badDb` a database that does not
 * exist (the server answers 401/11 with authentication on, else 404/1228: both are accepted).
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AQLQueryExecuteError,
  ArangoClient,
  AsyncExecuteError,
  AsyncJob,
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  AsyncJobStatusError,
  Database,
} from '../../../src/client';
import type { ArangoError } from '../../../src/client';
import type { TestServer } from '../../support/testServer';
import { createTestDatabase, dropTestDatabase, startTestServer, uniqueName } from '../../support/testServer';
import { waitUntil } from '../../support/waitUntil';

const docs = [
  { _key: '1', val: 1 },
  { _key: '2', val: 2 },
  { _key: '3', val: 3 },
] as const;

/** Block until the async job is done. */
async function waitOnJob<J extends AsyncJob<unknown>>(job: J): Promise<J> {
  while ((await job.status()) !== 'done') await sleep(20);
  return job;
}

/** Block until no async job of this user is pending. */
async function waitOnJobs(db: Database): Promise<void> {
  while ((await db.asyncJobs('pending')).length > 0) await sleep(20);
}

/** Asserts that `promise` rejects with `errorClass` and returns the error. */
async function rejectsWith<E extends ArangoError>(promise: Promise<unknown>, errorClass: new (...args: never[]) => E): Promise<E> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return error instanceof errorClass;
  });
  return caught as E;
}

function assertBadDatabaseCode(error: ArangoError): void {
  assert.ok(error.errorCode === 11 || error.errorCode === 1228, `errorCode ${String(error.errorCode)}`);
}

describe('client: python-arango tests/test_async.py, ported', function () {
  this.timeout(60_000);
  let server: TestServer;
  let client: ArangoClient;
  let databaseName: string;
  let db: Database;
  let badDb: Database;
  let colName: string;

  before(async () => {
    server = await startTestServer();
    databaseName = await createTestDatabase(server, 'pyasync');
    client = new ArangoClient({ hosts: server.urls });
    db = client.db(databaseName, { username: server.username, password: server.password });
    badDb = client.db(uniqueName('missing'), { username: server.username, password: server.password });
  });

  beforeEach(async () => {
    colName = uniqueName('col');
    await db.createCollection(colName);
  });

  afterEach(async () => {
    // Jobs a test left behind must not show up in the next test's lists.
    for (const id of await db.asyncJobs('pending')) await db.job(id).cancel({ ignoreMissing: true });
    await waitOnJobs(db);
    await db.clearAsyncJobs();
  });

  after(async () => {
    await client.close();
    await dropTestDatabase(server, databaseName);
    await server.close();
  });

  it('test_async_wrapper_attributes', async () => {
    const asyncDb = db.beginAsyncExecution();
    assert.ok(asyncDb instanceof Database);
    assert.equal(asyncDb.username, server.username);
    assert.equal(asyncDb.context, 'async');
    assert.equal(asyncDb.name, db.name);
    assert.equal(String(asyncDb), `<AsyncDatabase ${db.name}>`);

    const asyncCol = asyncDb.collection(colName);
    assert.equal(asyncCol.username, server.username);
    assert.equal(asyncCol.context, 'async');
    assert.equal(asyncCol.database, db.name);
    assert.equal(asyncCol.name, colName);

    const asyncAql = asyncDb.aql;
    assert.equal(asyncAql.username, server.username);
    assert.equal(asyncAql.context, 'async');
    assert.equal(asyncAql.database, db.name);

    const job = await asyncAql.execute('INVALID QUERY');
    assert.ok(job instanceof AsyncJob);
    assert.equal(typeof job.id, 'string');
    assert.equal(String(job), `<AsyncJob ${job.id}>`);
  });

  it('test_async_execute_without_result', async () => {
    // Insert test documents asynchronously with return_result set to False
    const asyncCol = db.beginAsyncExecution({ returnResult: false }).collection(colName);

    // Ensure that no jobs were returned
    assert.equal(await asyncCol.insert(docs[0]), undefined);
    assert.equal(await asyncCol.insert(docs[1]), undefined);
    assert.equal(await asyncCol.insert(docs[2]), undefined);

    // Ensure that the operations went through. Fire-and-forget requests are not in the job
    // lists, so besides python-arango's wait on pending jobs, wait for the documents.
    await waitOnJobs(db);
    await waitUntil(async () => (await db.collection(colName).count()) === 3, { what: 'three inserted documents' });
    const keys = await (await db.aql.execute<string>('FOR d IN @@col SORT d._key RETURN d._key', { bindVars: { '@col': colName } })).all();
    assert.deepEqual(keys, ['1', '2', '3']);
  });

  it('test_async_execute_error_in_result', async () => {
    for (const doc of docs) await db.collection(colName).insert(doc);
    const asyncDb = db.beginAsyncExecution({ returnResult: true });

    // Test async execution of a bad AQL query
    const job = await waitOnJob(await asyncDb.aql.execute('INVALID QUERY'));
    const error = await rejectsWith(job.result(), AQLQueryExecuteError);
    assert.equal(error.errorCode, 1501);
  });

  it('test_async_get_job_status', async () => {
    const asyncDb = db.beginAsyncExecution({ returnResult: true });

    // Test get status of a pending job
    const job = await asyncDb.aql.execute('RETURN SLEEP(0.1)', { count: true });
    assert.equal(await job.status(), 'pending');

    // Test get status of a finished job
    assert.equal(await (await waitOnJob(job)).status(), 'done');
    assert.equal((await job.result()).count, 1);

    // Test get status of a missing job
    let error: ArangoError = await rejectsWith(job.status(), AsyncJobStatusError);
    assert.equal(error.errorCode, 404);

    // Test get status from invalid job
    const badJob = await waitOnJob(await asyncDb.aql.execute('INVALID QUERY'));
    error = await rejectsWith(badDb.job(badJob.id, { coordinator: badJob.coordinator }).status(), AsyncJobStatusError);
    assertBadDatabaseCode(error);
  });

  it('test_async_get_job_result', async () => {
    const asyncDb = db.beginAsyncExecution({ returnResult: true });

    // Test get result from a pending job
    const job = await asyncDb.aql.execute('RETURN SLEEP(0.1)', { count: true });
    let error: ArangoError = await rejectsWith(job.result(), AsyncJobResultError);
    assert.equal(error.httpCode, 204);
    assert.ok(String(error).includes(`${job.id} not done`));

    // Test get result from a finished job
    assert.equal((await (await waitOnJob(job)).result()).count, 1);

    // Test get result from a cleared job
    error = await rejectsWith(job.result(), AsyncJobResultError);
    assert.equal(error.errorCode, 404);

    // Test get result from an invalid job
    const badJob = await asyncDb.aql.execute('INVALID QUERY');
    error = await rejectsWith(badDb.aqlJob(badJob.id, { coordinator: badJob.coordinator }).result(), AsyncJobResultError);
    assertBadDatabaseCode(error);
  });

  it('test_async_cancel_job', async () => {
    const asyncDb = db.beginAsyncExecution({ returnResult: true });

    // Start a long running request to ensure that job can be cancelled
    let job = await asyncDb.aql.execute('RETURN SLEEP(5)');

    // Test cancel a pending job
    assert.equal(await job.cancel(), true);

    // Test cancel a missing job
    const missing = db.job('invalid_id', { coordinator: job.coordinator });
    let error: ArangoError = await rejectsWith(missing.cancel({ ignoreMissing: false }), AsyncJobCancelError);
    assert.equal(error.errorCode, 404);
    assert.equal(await missing.cancel({ ignoreMissing: true }), false);

    // Test cancel an invalid job
    job = await asyncDb.aql.execute('RETURN SLEEP(5)');
    error = await rejectsWith(badDb.job(job.id, { coordinator: job.coordinator }).cancel(), AsyncJobCancelError);
    assertBadDatabaseCode(error);
    await job.cancel();
  });

  it('test_async_clear_job', async () => {
    const asyncDb = db.beginAsyncExecution({ returnResult: true });

    const job = await asyncDb.aql.execute('RETURN 1');

    // Test clear finished job
    assert.equal(await job.clear({ ignoreMissing: true }), true);

    // Test clear missing job
    let error: ArangoError = await rejectsWith(job.clear({ ignoreMissing: false }), AsyncJobClearError);
    assert.equal(error.errorCode, 404);
    assert.equal(await job.clear({ ignoreMissing: true }), false);

    // Test clear with an invalid job
    error = await rejectsWith(badDb.job(job.id, { coordinator: job.coordinator }).clear(), AsyncJobClearError);
    assertBadDatabaseCode(error);
  });

  it('test_async_execute_errors', async () => {
    let badAsyncDb: Database<'async'> | Database<'async-without-result'> = badDb.beginAsyncExecution({ returnResult: false });
    let error: ArangoError = await rejectsWith(badAsyncDb.aql.execute('RETURN 1'), AsyncExecuteError);
    assertBadDatabaseCode(error);

    badAsyncDb = badDb.beginAsyncExecution({ returnResult: true });
    error = await rejectsWith(badAsyncDb.aql.execute('RETURN 1'), AsyncExecuteError);
    assertBadDatabaseCode(error);
  });

  it('test_async_execute_error (bad credentials, from the older python-arango suite)', async () => {
    const wrong = client.db(databaseName, { username: server.username, password: `${server.password}-incorrect` });
    for (const asyncDb of [wrong.beginAsyncExecution({ returnResult: false }), wrong.beginAsyncExecution({ returnResult: true })]) {
      const error = await rejectsWith(asyncDb.collection(colName).insert({ _key: '1', val: 1 }), AsyncExecuteError);
      assert.equal(error.httpCode, 401);
      assert.equal(error.errorCode, 11);
      await rejectsWith(asyncDb.aql.execute(`FOR d IN ${colName} RETURN d`), AsyncExecuteError);
    }
    const job = await db.beginAsyncExecution().aql.execute('RETURN 1');
    const error = await rejectsWith(wrong.job(job.id, { coordinator: job.coordinator }).status(), AsyncJobStatusError);
    assert.equal(error.errorCode, 11);
    assert.equal(await db.collection(colName).count(), 0);
  });

  it('test_async_clear_jobs', async () => {
    const asyncDb = db.beginAsyncExecution({ returnResult: true });
    const asyncCol = asyncDb.collection(colName);

    let job1 = await waitOnJob(await asyncCol.insert(docs[0]));
    let job2 = await waitOnJob(await asyncCol.insert(docs[1]));
    let job3 = await waitOnJob(await asyncCol.insert(docs[2]));

    // Test clear all async jobs
    assert.equal(await db.clearAsyncJobs(), true);
    for (const job of [job1, job2, job3]) {
      const error = await rejectsWith(job.status(), AsyncJobStatusError);
      assert.equal(error.errorCode, 404);
    }

    // Set up test documents again (the inserts now fail with 1210 inside their jobs; only the
    // jobs' status matters here, as in python-arango)
    job1 = await waitOnJob(await asyncCol.insert(docs[0]));
    job2 = await waitOnJob(await asyncCol.insert(docs[1]));
    job3 = await waitOnJob(await asyncCol.insert(docs[2]));

    // Test clear jobs that have expired
    const past = Math.floor(Date.now() / 1000) - 1_000_000;
    assert.equal(await db.clearAsyncJobs(past), true);
    for (const job of [job1, job2, job3]) assert.equal(await job.status(), 'done');

    // Test clear jobs that have not expired yet
    const future = Math.floor(Date.now() / 1000) + 1_000_000;
    assert.equal(await db.clearAsyncJobs(future), true);
    for (const job of [job1, job2, job3]) {
      const error = await rejectsWith(job.status(), AsyncJobStatusError);
      assert.equal(error.errorCode, 404);
    }

    // Test clear job with bad database
    const error = await rejectsWith(badDb.clearAsyncJobs(), AsyncJobClearError);
    assertBadDatabaseCode(error);
  });

  it('test_async_list_jobs', async () => {
    const asyncDb = db.beginAsyncExecution({ returnResult: true });
    const asyncCol = asyncDb.collection(colName);

    const job1 = await waitOnJob(await asyncCol.insert(docs[0]));
    const job2 = await waitOnJob(await asyncCol.insert(docs[1]));
    const job3 = await waitOnJob(await asyncCol.insert(docs[2]));

    // Test list async jobs that are done
    let jobIds = await db.asyncJobs('done');
    assert.ok(jobIds.includes(job1.id));
    assert.ok(jobIds.includes(job2.id));
    assert.ok(jobIds.includes(job3.id));

    // Test list async jobs that are pending
    const job4 = await asyncDb.aql.execute('RETURN SLEEP(0.3)');
    assert.deepEqual(await db.asyncJobs('pending'), [job4.id]);
    await waitOnJob(job4); // Make sure the job is done

    // Test list async jobs with invalid status
    const error = await rejectsWith(db.asyncJobs('bad_status' as 'done'), AsyncJobListError);
    assert.equal(error.errorCode, 400);

    // Test list jobs with count
    jobIds = await db.asyncJobs('done', 1);
    assert.equal(jobIds.length, 1);
    assert.ok([job1.id, job2.id, job3.id, job4.id].includes(jobIds[0] as string));
  });
});
