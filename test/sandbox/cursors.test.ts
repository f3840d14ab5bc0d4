/** The cursor API and the running-query list (PROTOCOL §3–4). */
import assert from 'node:assert/strict';
import { fetchJob, submitJob, waitForJob } from '../support/asyncJobs';
import { startTestServer, type TestServer } from '../support/testServer';
import { waitUntil } from '../support/waitUntil';

interface CursorBody {
  result: unknown[];
  hasMore: boolean;
  id?: string;
  nextBatchId?: string;
  count?: number;
  extra?: { warnings: unknown[]; stats: Record<string, number> };
  cached: boolean;
  error: boolean;
  code: number;
}

describe('cursors', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  const create = async (body: Record<string, unknown>) => {
    const response = await server.request({ method: 'POST', path: '/_api/cursor', body });
    return { status: response.status, body: response.json as CursorBody };
  };

  it('answers a result that fits one batch without a cursor id', async function () {
    const { status, body } = await create({ query: 'FOR i IN 1..3 RETURN i', count: true });
    assert.equal(status, 201);
    assert.deepEqual(Object.keys(body), ['result', 'hasMore', 'count', 'cached', 'extra', 'error', 'code']);
    assert.deepEqual(body.result, [1, 2, 3]);
    assert.equal(body.count, 3);
    assert.equal(body.id, undefined);
    assert.deepEqual(Object.keys(body.extra!.stats), [
      'writesExecuted', 'writesIgnored', 'documentLookups', 'seeks', 'scannedFull', 'scannedIndex', 'searchParallelism',
      'cursorsCreated', 'cursorsRearmed', 'cacheHits', 'cacheMisses', 'filtered', 'httpRequests', 'executionTime',
      'peakMemoryUsage', 'intermediateCommits',
    ]);
  });

  it('hands out batches, repeating id, count and extra, with nextBatchId while there are more', async function () {
    const first = await create({ query: 'FOR i IN 1..5 RETURN i', batchSize: 2, count: true });
    assert.equal(first.status, 201);
    assert.deepEqual(Object.keys(first.body), ['result', 'hasMore', 'id', 'count', 'extra', 'cached', 'nextBatchId', 'error', 'code']);
    assert.deepEqual(first.body.result, [1, 2]);
    assert.equal(first.body.nextBatchId, '2');
    const id = first.body.id!;
    const second = await server.request({ method: 'POST', path: `/_api/cursor/${id}/2` });
    const secondBody = second.json as CursorBody;
    assert.equal(second.status, 200);
    assert.deepEqual(secondBody.result, [3, 4]);
    assert.equal(secondBody.id, id);
    assert.equal(secondBody.count, 5);
    assert.ok(secondBody.extra !== undefined);
    assert.equal(secondBody.nextBatchId, '3');
    assert.equal(secondBody.code, 200);
    const last = (await server.request({ method: 'PUT', path: `/_api/cursor/${id}` })).json as CursorBody;
    assert.deepEqual(last.result, [5]);
    assert.equal(last.hasMore, false);
    assert.equal(last.nextBatchId, undefined);
    assert.equal((await server.request({ method: 'PUT', path: `/_api/cursor/${id}` })).status, 404, 'gone after its last batch');
  });

  it('gives a streaming cursor no count and no fullCount, and its extra with the last batch only (docs: the stream option)', async function () {
    const single = await create({ query: 'FOR i IN 1..10 LIMIT 3 RETURN i', count: true, options: { stream: true, fullCount: true } });
    assert.equal(single.status, 201);
    assert.deepEqual(Object.keys(single.body), ['result', 'hasMore', 'cached', 'extra', 'error', 'code']);
    assert.equal(single.body.extra!.stats['fullCount'], undefined);
    const first = await create({ query: 'FOR i IN 1..5 RETURN i', batchSize: 2, count: true, options: { stream: true } });
    assert.deepEqual(Object.keys(first.body), ['result', 'hasMore', 'id', 'cached', 'nextBatchId', 'error', 'code']);
    const id = first.body.id!;
    const second = (await server.request({ method: 'POST', path: `/_api/cursor/${id}/2` })).json as CursorBody;
    assert.equal(second.count, undefined);
    assert.equal(second.extra, undefined);
    const last = (await server.request({ method: 'POST', path: `/_api/cursor/${id}/3` })).json as CursorBody;
    assert.deepEqual(last.result, [5]);
    assert.equal(last.hasMore, false);
    assert.equal(last.count, undefined);
    assert.ok(last.extra !== undefined && Array.isArray(last.extra.warnings));
  });

  it('sends the same batch again when its id is asked for again', async function () {
    const first = await create({ query: 'FOR i IN 1..6 RETURN i', batchSize: 2, options: { allowRetry: true } });
    const id = first.body.id!;
    const once = (await server.request({ method: 'POST', path: `/_api/cursor/${id}/2` })).json as CursorBody;
    const again = (await server.request({ method: 'POST', path: `/_api/cursor/${id}/2` })).json as CursorBody;
    assert.deepEqual(again.result, once.result);
    assert.deepEqual(once.result, [3, 4]);
    const third = (await server.request({ method: 'POST', path: `/_api/cursor/${id}/3` })).json as CursorBody;
    assert.deepEqual(third.result, [5, 6]);
    assert.equal(third.hasMore, false);
    const retried = (await server.request({ method: 'POST', path: `/_api/cursor/${id}/3` })).json as CursorBody;
    assert.deepEqual(retried.result, [5, 6], 'with allowRetry the last batch can be fetched again');
    assert.equal((await server.request({ method: 'DELETE', path: `/_api/cursor/${id}` })).status, 202);
  });

  it('deletes a cursor with 202, after which it is not found', async function () {
    const { body } = await create({ query: 'FOR i IN 1..3 RETURN i', batchSize: 1 });
    const removed = await server.request({ method: 'DELETE', path: `/_api/cursor/${body.id!}` });
    assert.equal(removed.status, 202);
    assert.deepEqual(removed.json, { id: body.id, error: false, code: 202 });
    const again = await server.request({ method: 'DELETE', path: `/_api/cursor/${body.id!}` });
    assert.equal(again.status, 404);
    assert.deepEqual(again.json, { code: 404, error: true, errorMessage: 'cursor not found', errorNum: 1600 });
  });

  it('expires a cursor ttl seconds after its last access', async function () {
    this.timeout(10_000);
    const { body } = await create({ query: 'FOR i IN 1..5 RETURN i', batchSize: 1, ttl: 1 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal((await server.request({ method: 'PUT', path: `/_api/cursor/${body.id!}` })).status, 200, 'an access keeps it alive');
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal((await server.request({ method: 'PUT', path: `/_api/cursor/${body.id!}` })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const expired = await server.request({ method: 'PUT', path: `/_api/cursor/${body.id!}` });
    assert.equal(expired.status, 404);
    assert.equal((expired.json as { errorNum: number }).errorNum, 1600);
  });

  it("starts an async cursor's ttl when its query finished, not when the result is fetched", async function () {
    this.timeout(10_000);
    const job = await submitJob(server, { method: 'POST', path: '/_api/cursor', body: { query: 'FOR i IN 1..4 RETURN i', batchSize: 2, ttl: 1 } });
    await waitForJob(server, job);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const result = await fetchJob(server, job);
    assert.equal(result.status, 201);
    const { id } = result.json as CursorBody;
    assert.equal((await server.request({ method: 'PUT', path: `/_api/cursor/${id!}` })).status, 404);
  });

  it('answers requests without a query or cursor id as arangod does', async function () {
    const empty = await server.request({ method: 'POST', path: '/_api/cursor' });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.json, { code: 400, error: true, errorMessage: 'query is empty', errorNum: 1502 });
    const noId = await server.request({ method: 'PUT', path: '/_api/cursor' });
    assert.deepEqual(noId.json, { code: 400, error: true, errorMessage: 'expecting POST /_api/cursor/<cursor-id>', errorNum: 400 });
    const malformed = await server.request({
      method: 'POST',
      path: '/_api/cursor',
      rawBody: '{"query": "RETURN 1",',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(malformed.status, 400);
    assert.equal((malformed.json as { errorNum: number }).errorNum, 600);
    const unknown = await server.request({ method: 'PUT', path: '/_api/cursor/123123' });
    assert.deepEqual(unknown.json, { code: 404, error: true, errorMessage: 'cursor not found', errorNum: 1600 });
  });
});

describe('running queries', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.request({ method: 'DELETE', path: '/_api/job/all' });
    await server.close();
  });

  const findQuery = (query: string) =>
    waitUntil(
      async () => {
        const list = (await server.request({ path: '/_api/query/current' })).json as Record<string, unknown>[];
        return list.find((entry) => entry['query'] === query);
      },
      { what: `${query} in the list of running queries` },
    );

  it('lists a running query with its id, database, user, bind variables, start and state', async function () {
    const query = 'RETURN SLEEP(@seconds)';
    const job = await submitJob(server, { method: 'POST', path: '/_api/cursor', body: { query, bindVars: { seconds: 3 } } });
    const entry = await findQuery(query);
    assert.deepEqual(Object.keys(entry).slice(0, 4), ['id', 'database', 'user', 'query']);
    assert.match(String(entry['id']), /^\d+$/);
    assert.equal(entry['database'], '_system');
    assert.equal(entry['user'], server.username);
    assert.deepEqual(entry['bindVars'], { seconds: 3 });
    assert.match(String(entry['started']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(typeof entry['runTime'], 'number');
    assert.equal(entry['state'], 'executing');
    assert.equal(entry['stream'], false);
    await server.request({ method: 'PUT', path: `/_api/job/${job}/cancel` });
  });

  it("kills a query: its job's result is 410/1500 query killed", async function () {
    const query = 'RETURN SLEEP(8)';
    const job = await submitJob(server, { method: 'POST', path: '/_api/cursor', body: { query } });
    const entry = await findQuery(query);
    const killed = await server.request({ method: 'DELETE', path: `/_api/query/${String(entry['id'])}` });
    assert.equal(killed.status, 200);
    assert.deepEqual(killed.json, { error: false, code: 200 });
    await waitForJob(server, job);
    const result = await fetchJob(server, job);
    assert.equal(result.status, 410);
    assert.deepEqual(result.json, { code: 410, error: true, errorMessage: 'query killed', errorNum: 1500 });
  });

  it('kills a query of a synchronous cursor request, which then answers 410/1500', async function () {
    const query = 'RETURN SLEEP(7)';
    const pending = server.request({ method: 'POST', path: '/_api/cursor', body: { query } });
    const entry = await findQuery(query);
    await server.request({ method: 'DELETE', path: `/_api/query/${String(entry['id'])}` });
    const response = await pending;
    assert.equal(response.status, 410);
    assert.equal((response.json as { errorNum: number }).errorNum, 1500);
  });

  it('answers killing an unknown query with 404/1591', async function () {
    const response = await server.request({ method: 'DELETE', path: '/_api/query/123456789' });
    assert.equal(response.status, 404);
    assert.deepEqual(response.json, { code: 404, error: true, errorMessage: 'query ID not found in query list', errorNum: 1591 });
  });
});
