/**
 * python-arango's "Async API Execution" example (shared/seed/python-arango-async.txt, whole in
 * python-arango's docs/async.rst), ported line for line, against the test server.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { AQLQueryExecuteError, ArangoClient, AsyncJobCancelError, AsyncJobClearError } from '../../../src/client';
import type { AsyncJob } from '../../../src/client';
import type { TestServer } from '../../support/testServer';
import { createTestDatabase, dropTestDatabase, startTestServer } from '../../support/testServer';

describe('client: the python-arango async example, line for line', () => {
  let server: TestServer;
  let databaseName: string;
  let setupClient: ArangoClient;

  before(async () => {
    server = await startTestServer();
    databaseName = await createTestDatabase(server, 'seed');
    setupClient = new ArangoClient({ hosts: server.urls });
    await setupClient.db(databaseName, { username: server.username, password: server.password }).createCollection('students');
  });

  after(async () => {
    await setupClient.close();
    await dropTestDatabase(server, databaseName);
    await server.close();
  });

  it('inserts, queries, fails, cancels, clears and lists through async jobs as the seed says', async () => {
    // Initialize the ArangoDB client.
    const client = new ArangoClient({ hosts: server.urls });

    // Connect to "test" database as root user.
    const db = client.db(databaseName, { username: server.username, password: server.password });

    // Begin async execution. This returns an instance of AsyncDatabase, a
    // database-level API wrapper tailored specifically for async execution.
    const asyncDb = db.beginAsyncExecution({ returnResult: true });

    // Child wrappers are also tailored for async execution.
    const asyncAql = asyncDb.aql;
    const asyncCol = asyncDb.collection('students');

    // API execution context is always set to "async".
    assert.equal(asyncDb.context, 'async');
    assert.equal(asyncAql.context, 'async');
    assert.equal(asyncCol.context, 'async');

    // On API execution, AsyncJob objects are returned instead of results.
    const job1 = await asyncCol.insert({ _key: 'Neal' });
    const job2 = await asyncCol.insert({ _key: 'Lily' });
    const job3 = await asyncAql.execute('RETURN 100000');
    const job4 = await asyncAql.execute('INVALID QUERY'); // Fails due to syntax error.

    // Retrieve the status of each async job.
    for (const job of [job1, job2, job3, job4] as AsyncJob<unknown>[]) {
      // Job status can be "pending", "done" or "cancelled".
      assert.ok(['pending', 'done', 'cancelled'].includes(await job.status()));

      // Let's wait until the jobs are finished.
      while ((await job.status()) !== 'done') {
        await sleep(10);
      }
    }

    // Retrieve the results of successful jobs.
    let metadata = await job1.result();
    assert.equal(metadata._id, 'students/Neal');

    metadata = await job2.result();
    assert.equal(metadata._id, 'students/Lily');

    const cursor = await job3.result();
    assert.equal(await cursor.next(), 100000);

    // If a job fails, the exception is propagated up during result retrieval.
    await assert.rejects(job4.result(), (err: unknown) => {
      assert.ok(err instanceof AQLQueryExecuteError);
      assert.equal(err.httpCode, 400);
      assert.equal(err.errorCode, 1501);
      assert.ok(err.message.includes('syntax error'));
      return true;
    });

    // Cancel a job. Only pending jobs still in queue may be cancelled.
    // Since job3 is done, there is nothing to cancel and an exception is raised.
    await assert.rejects(job3.cancel(), (err: unknown) => {
      assert.ok(err instanceof AsyncJobCancelError);
      assert.ok(err.message.endsWith(`job ${job3.id} not found`));
      return true;
    });

    // Clear the result of a job from ArangoDB server to free up resources.
    // Result of job4 was removed from the server automatically upon retrieval,
    // so attempt to clear it raises an exception.
    await assert.rejects(job4.clear(), (err: unknown) => {
      assert.ok(err instanceof AsyncJobClearError);
      assert.ok(err.message.endsWith(`job ${job4.id} not found`));
      return true;
    });

    // List the IDs of the first 100 async jobs completed.
    const done = await db.asyncJobs('done', 100);

    // List the IDs of the first 100 async jobs still pending.
    const pending = await db.asyncJobs('pending', 100);

    // Clear all async jobs still sitting on the server.
    assert.equal(await db.clearAsyncJobs(), true);

    // Beyond the seed: what the calls above must have done.
    assert.ok(done.every((id) => typeof id === 'string'));
    assert.deepEqual(pending, []);
    assert.equal(await db.collection('students').count(), 2);
    assert.deepEqual(await db.asyncJobs('done', 100), []);
    await client.close();
  });
});
