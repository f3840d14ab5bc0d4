/** The async job manager as a client sees it (PROTOCOL §1–3). */
import assert from 'node:assert/strict';
import { KILL_NOTICE_DELAY_MS } from '../sandbox/index';
import { fetchJob, jobStatus, listJobs, sleepQuery, submitJob, waitForJob } from '../support/asyncJobs';
import { createTestDatabase, dropTestDatabase, requireSandbox, startTestServer, type TestServer } from '../support/testServer';
import { waitUntil } from '../support/waitUntil';

const errorBody = (code: number, errorNum: number, errorMessage: string) => ({ code, error: true, errorMessage, errorNum });

async function runningQueries(server: TestServer): Promise<{ id: string; query: string }[]> {
  return (await server.request({ path: '/_api/query/current' })).json as { id: string; query: string }[];
}

describe('async jobs', function () {
  let server: TestServer;
  let database: string;

  before(async function () {
    server = await startTestServer();
    database = await createTestDatabase(server, 'jobs');
    await server.request({ method: 'POST', database, path: '/_api/collection', body: { name: 'items' } });
  });

  after(async function () {
    await server.request({ method: 'DELETE', path: '/_api/job/all' });
    await dropTestDatabase(server, database);
    await server.close();
  });

  beforeEach(async function () {
    await server.request({ method: 'DELETE', path: '/_api/job/all' });
  });

  it('answers a store submit with 202, an empty text/plain body and a numeric job id', async function () {
    const response = await server.request({ method: 'PUT', path: '/_api/version', headers: { 'x-arango-async': 'store' } });
    assert.equal(response.status, 202);
    assert.equal(response.text, '');
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    assert.match(String(response.headers['x-arango-async-id']), /^\d+$/);
  });

  it('runs a fire-and-forget request without keeping its result', async function () {
    const response = await server.request({
      method: 'POST',
      database,
      path: '/_api/document/items',
      headers: { 'x-arango-async': 'true' },
      body: { _key: 'fired' },
    });
    assert.equal(response.status, 202);
    assert.equal(response.headers['x-arango-async-id'], undefined);
    await waitUntil(async () => (await server.request({ database, path: '/_api/document/items/fired' })).status === 200, {
      what: 'the fire-and-forget insert',
    });
    assert.deepEqual(await listJobs(server, 'done'), []);
  });

  it('runs the request synchronously for any other x-arango-async value', async function () {
    for (const value of ['STORE', 'True', 'false', '']) {
      const response = await server.request({ path: '/_api/version', headers: { 'x-arango-async': value } });
      assert.equal(response.status, 200, `x-arango-async: ${JSON.stringify(value)}`);
      assert.equal((response.json as { server: string }).server, 'arango');
    }
  });

  it('returns a stored result exactly once, as the original response plus x-arango-async-id', async function () {
    const id = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    await waitForJob(server, id);
    const first = await fetchJob(server, id);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-arango-async-id'], id);
    assert.equal((first.json as { server: string }).server, 'arango');
    const second = await fetchJob(server, id);
    assert.equal(second.status, 404);
    assert.equal(second.headers['x-arango-async-id'], undefined);
    assert.deepEqual(second.json, errorBody(404, 404, 'not found'));
    assert.equal(await jobStatus(server, id), 404);
  });

  it("stores a failing request's own error response", async function () {
    const id = await submitJob(server, { method: 'POST', path: '/_api/cursor', body: { query: 'INVALID QUERY' } });
    await waitForJob(server, id);
    const result = await fetchJob(server, id);
    assert.equal(result.status, 400);
    assert.equal(result.headers['x-arango-async-id'], id);
    const body = result.json as { errorNum: number; errorMessage: string; code: number };
    assert.equal(body.errorNum, 1501);
    assert.equal(body.code, 400);
    assert.match(body.errorMessage, /syntax error/);
  });

  it('reports a pending job as 204 and keeps it until it is done', async function () {
    const id = await submitJob(server, sleepQuery(0.6));
    assert.equal(await jobStatus(server, id), 204);
    const early = await fetchJob(server, id);
    assert.equal(early.status, 204);
    assert.equal(early.text, '');
    assert.equal(early.headers['x-arango-async-id'], undefined);
    assert.ok((await listJobs(server, 'pending')).includes(id));
    await waitForJob(server, id);
    assert.ok((await listJobs(server, 'done')).includes(id));
    const result = await fetchJob(server, id);
    assert.equal(result.status, 201);
    assert.deepEqual((result.json as { result: unknown[] }).result, [null]);
  });

  it('cancels a running query: the job stays pending until it ended, then holds 410/21', async function () {
    const id = await submitJob(server, sleepQuery(10));
    await waitUntil(async () => (await runningQueries(server)).some((query) => query.query === 'RETURN SLEEP(10)'), {
      what: 'the query to run',
    });
    const cancel = await server.request({ method: 'PUT', path: `/_api/job/${id}/cancel` });
    assert.equal(cancel.status, 200);
    assert.deepEqual(cancel.json, { result: true });
    assert.ok((await listJobs(server, 'pending')).includes(id), 'listed as pending right after the cancel');
    await waitForJob(server, id, 5000);
    const result = await fetchJob(server, id);
    assert.equal(result.status, 410);
    assert.equal(result.headers['x-arango-async-id'], id);
    assert.deepEqual(result.json, errorBody(410, 21, 'canceled request'));
  });

  it('answers cancelling an unknown or finished job with 404 naming the job', async function () {
    const id = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    await waitForJob(server, id);
    const finished = await server.request({ method: 'PUT', path: `/_api/job/${id}/cancel` });
    assert.equal(finished.status, 404);
    assert.deepEqual(finished.json, errorBody(404, 404, `could not find job (${id}) in AsyncJobManager during cancel operation`));
    const notNumeric = await server.request({ method: 'PUT', path: '/_api/job/nothere/cancel' });
    assert.deepEqual(notNumeric.json, errorBody(404, 404, 'could not find job (0) in AsyncJobManager during cancel operation'));
  });

  it('deletes a pending job without stopping it and discards its late result', async function () {
    const query = 'RETURN SLEEP(0.8)';
    const id = await submitJob(server, { method: 'POST', path: '/_api/cursor', body: { query } });
    await waitUntil(async () => (await runningQueries(server)).some((running) => running.query === query), { what: 'the query to run' });
    const deleted = await server.request({ method: 'DELETE', path: `/_api/job/${id}` });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.json, { result: true });
    assert.equal(await jobStatus(server, id), 404);
    assert.ok((await runningQueries(server)).some((running) => running.query === query), 'the query keeps running');
    await waitUntil(async () => !(await runningQueries(server)).some((running) => running.query === query), {
      what: 'the query to end',
    });
    assert.equal(await jobStatus(server, id), 404);
    assert.deepEqual(await listJobs(server, 'done'), []);
  });

  it('deletes all jobs, pending ones included, without stopping them', async function () {
    const pending = await submitJob(server, sleepQuery(0.5));
    const done = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    await waitForJob(server, done);
    const response = await server.request({ method: 'DELETE', path: '/_api/job/all' });
    assert.deepEqual(response.json, { result: true });
    assert.equal(await jobStatus(server, pending), 404);
    assert.equal(await jobStatus(server, done), 404);
  });

  it('deletes the results created before a stamp (fractional unix seconds)', async function () {
    const older = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    await waitForJob(server, older);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const time = (await server.request({ path: '/_admin/time' })).json as { time: number };
    await new Promise((resolve) => setTimeout(resolve, 30));
    const newer = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    await waitForJob(server, newer);
    const response = await server.request({ method: 'DELETE', path: `/_api/job/expired?stamp=${time.time}` });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { result: true });
    assert.equal(await jobStatus(server, older), 404);
    assert.equal(await jobStatus(server, newer), 200);
  });

  it('lists at most count ids (100 by default, one for count=0)', async function () {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push(await submitJob(server, { method: 'PUT', path: '/_api/version' }));
    }
    for (const id of ids) {
      await waitForJob(server, id);
    }
    assert.deepEqual([...(await listJobs(server, 'done'))].sort(), [...ids].sort());
    assert.equal(((await server.request({ path: '/_api/job/done?count=2' })).json as string[]).length, 2);
    assert.equal(((await server.request({ path: '/_api/job/done?count=0' })).json as string[]).length, 1);
    assert.deepEqual((await server.request({ path: '/_api/job/pending?count=5' })).json, []);
  });

  it('answers malformed job requests as arangod does', async function () {
    const cases: [string, string, number, ReturnType<typeof errorBody>][] = [
      ['GET', '/_api/job', 400, errorBody(400, 400, 'bad parameter')],
      ['GET', '/_api/job/finished', 400, errorBody(400, 400, 'bad parameter')],
      ['GET', '/_api/job/123/cancel', 400, errorBody(400, 400, 'bad parameter')],
      ['PUT', '/_api/job', 400, errorBody(400, 400, 'bad parameter')],
      ['PUT', '/_api/job/notthere', 404, errorBody(404, 404, 'not found')],
      ['PUT', '/_api/job/123/frobnicate', 400, errorBody(400, 400, 'bad parameter')],
      ['DELETE', '/_api/job', 400, errorBody(400, 400, 'bad parameter')],
      ['DELETE', '/_api/job/expired', 400, errorBody(400, 400, 'bad parameter')],
      ['DELETE', '/_api/job/AreYouThere', 404, errorBody(404, 404, 'not found')],
      ['GET', '/_api/job/12345', 404, errorBody(404, 404, 'not found')],
    ];
    for (const [method, path, status, body] of cases) {
      const response = await server.request({ method, path });
      assert.equal(response.status, status, `${method} ${path}`);
      assert.deepEqual(response.json, body, `${method} ${path}`);
    }
  });

  it('answers other methods on the job routes with 405', async function () {
    for (const [method, path] of [
      ['POST', '/_api/job/123'],
      ['PATCH', '/_api/job/all'],
      ['POST', '/_admin/job/pending'],
    ] as const) {
      const response = await server.request({ method, path });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.deepEqual(response.json, errorBody(405, 405, 'method not supported'));
    }
  });

  it('serves the job routes under /_admin/job and any database prefix', async function () {
    const id = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    await waitForJob(server, id);
    assert.equal((await server.request({ path: `/_admin/job/${id}` })).status, 200);
    assert.equal((await server.request({ database, path: `/_api/job/${id}` })).status, 200);
    assert.ok(((await server.request({ database, path: '/_api/job/done' })).json as string[]).includes(id));
    const fetched = await server.request({ method: 'PUT', database, path: `/_admin/job/${id}` });
    assert.equal(fetched.status, 200);
  });

  it('refuses bad credentials and unknown databases before queueing anything', async function () {
    const unauthorized = await server.request({
      method: 'PUT',
      path: '/_api/version',
      headers: { 'x-arango-async': 'store' },
      auth: { username: server.username, password: `${server.password}-wrong` },
    });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers['x-arango-async-id'], undefined);
    assert.equal((unauthorized.json as { errorNum: number }).errorNum, 11);
    const unknownDatabase = await server.request({
      method: 'PUT',
      database: 'no_such_database_here',
      path: '/_api/version',
      headers: { 'x-arango-async': 'store' },
    });
    assert.ok([401, 404].includes(unknownDatabase.status), `status ${unknownDatabase.status}`);
    assert.equal(unknownDatabase.headers['x-arango-async-id'], undefined);
    assert.ok([11, 1228].includes((unknownDatabase.json as { errorNum: number }).errorNum));
    assert.deepEqual(await listJobs(server, 'pending'), []);
    assert.deepEqual(await listJobs(server, 'done'), []);
  });
});

describe('async jobs on a bounded worker pool (sandbox)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer({ workers: 1, maxQueueSize: 2 });
  });

  after(async function () {
    await server?.close();
  });

  beforeEach(async function () {
    requireSandbox(this, server, 'a worker pool of a chosen size');
    await server.request({ method: 'DELETE', path: '/_api/job/all' });
    await waitUntil(async () => (await runningQueries(server)).length === 0, { what: 'earlier queries to end' });
  });

  it('runs jobs in FIFO order: later ones stay queued and pending while the worker is busy', async function () {
    const first = await submitJob(server, sleepQuery(0.4));
    const second = await submitJob(server, sleepQuery(0.2));
    const third = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    const queries = await runningQueries(server);
    assert.deepEqual(queries.map((query) => query.query), ['RETURN SLEEP(0.4)']);
    assert.equal(await jobStatus(server, third), 204, 'the quick job waits behind the slow ones');
    await waitForJob(server, first);
    assert.equal(await jobStatus(server, third), 204, 'still queued behind the second');
    await waitForJob(server, second);
    await waitForJob(server, third);
  });

  it('never runs a job cancelled while queued and stores 410/21 once its turn came', async function () {
    const blocker = await submitJob(server, sleepQuery(0.4));
    const queued = await submitJob(server, { method: 'POST', path: '/_api/collection', body: { name: 'never_created' } });
    const cancel = await server.request({ method: 'PUT', path: `/_api/job/${queued}/cancel` });
    assert.equal(cancel.status, 200);
    assert.ok((await listJobs(server, 'pending')).includes(queued));
    await waitForJob(server, blocker);
    await waitForJob(server, queued);
    const result = await fetchJob(server, queued);
    assert.equal(result.status, 410);
    assert.deepEqual(result.json, errorBody(410, 21, 'canceled request'));
    assert.equal((await server.request({ path: '/_api/collection/never_created' })).status, 404);
  });

  it('keeps a cancelled running job pending for a moment, as a query notices a kill at its next check', async function () {
    const id = await submitJob(server, sleepQuery(5));
    await waitUntil(async () => (await runningQueries(server)).length === 1, { what: 'the query to run' });
    const cancelledAt = Date.now();
    await server.request({ method: 'PUT', path: `/_api/job/${id}/cancel` });
    await waitForJob(server, id);
    assert.ok(Date.now() - cancelledAt >= KILL_NOTICE_DELAY_MS - 5);
  });

  it('frees the worker of a cancelled job at once, while the job itself still shows pending', async function () {
    const cancelled = await submitJob(server, sleepQuery(5));
    await waitUntil(async () => (await runningQueries(server)).length === 1, { what: 'the query to run' });
    await server.request({ method: 'PUT', path: `/_api/job/${cancelled}/cancel` });
    const quick = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    const statuses = await waitUntil(
      async () => {
        const cancelledStatus = await jobStatus(server, cancelled);
        const quickStatus = await jobStatus(server, quick);
        return quickStatus === 200 ? { cancelledStatus } : undefined;
      },
      { what: 'the quick job to run' },
    );
    assert.equal(statuses.cancelledStatus, 204, 'the quick job ran while the cancelled one was still pending');
  });

  it('refuses a submit with 503/21003 when the queue is full, still answering synchronous requests', async function () {
    await submitJob(server, sleepQuery(0.5));
    await submitJob(server, sleepQuery(0.1));
    await submitJob(server, sleepQuery(0.1));
    const refused = await server.request({ method: 'PUT', path: '/_api/version', headers: { 'x-arango-async': 'store' } });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers['x-arango-async-id'], undefined);
    assert.deepEqual(refused.json, { error: true, errorNum: 21003, errorMessage: 'queue is full', code: 503 });
    assert.equal((await server.request({ path: '/_api/version' })).status, 200);
  });

  it('refuses a request whose x-arango-queue-time-seconds the queue cannot meet with 412/21004', async function () {
    await submitJob(server, sleepQuery(0.6));
    await submitJob(server, sleepQuery(0.1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await server.request({
      method: 'PUT',
      path: '/_api/version',
      headers: { 'x-arango-async': 'store', 'x-arango-queue-time-seconds': '0.1' },
    });
    assert.equal(refused.status, 412);
    assert.deepEqual(refused.json, { error: true, errorNum: 21004, errorMessage: 'queue time violated', code: 412 });
    assert.equal(refused.headers['x-arango-async-id'], undefined);
    const patient = await server.request({ path: '/_api/version', headers: { 'x-arango-queue-time-seconds': '30' } });
    assert.equal(patient.status, 200);
    assert.ok(Number(patient.headers['x-arango-queue-time-seconds']) > 0.1);
  });
});

describe('async job visibility (sandbox)', function () {
  it('shows a logged-in user only its own jobs, root included', async function () {
    const server = await startTestServer({ users: { alice: 'alice-password' } });
    try {
      requireSandbox(this, server, 'a second user');
      const alice = { username: 'alice', password: 'alice-password' };
      const rootJob = await submitJob(server, { method: 'PUT', path: '/_api/version' });
      const aliceJob = await submitJob(server, { method: 'PUT', path: '/_api/version', auth: alice });
      await waitForJob(server, rootJob);
      await waitForJob(server, aliceJob, 5000, { auth: alice });
      assert.deepEqual(await listJobs(server, 'done'), [rootJob]);
      assert.deepEqual(await listJobs(server, 'done', { auth: alice }), [aliceJob]);
      assert.equal(await jobStatus(server, aliceJob), 404);
      assert.equal((await server.request({ method: 'DELETE', path: '/_api/job/all', auth: alice })).status, 200);
      assert.equal(await jobStatus(server, rootJob), 200);
    } finally {
      await server.close();
    }
  });

  it('shows every job when authentication is off', async function () {
    const server = await startTestServer({ authentication: false });
    try {
      requireSandbox(this, server, 'authentication turned off');
      const id = await submitJob(server, { method: 'PUT', path: '/_api/version', auth: false });
      await waitForJob(server, id, 5000, { auth: { username: 'someone', password: 'anything' } });
      assert.deepEqual(await listJobs(server, 'done', { auth: false }), [id]);
    } finally {
      await server.close();
    }
  });
});
