/**
 * `DELETE /_api/query/{id}` (PROTOCOL §3): kills a running query, which then lands in the
 * slow-query list as `killed` with exitCode 1500; an unknown id is 404/1591.
 */
import assert from 'node:assert/strict';
import { fetchJob, submitJob } from '../support/asyncJobs';
import { createTestDatabase, dropTestDatabase, startTestServer, type TestServer } from '../support/testServer';
import { waitUntil } from '../support/waitUntil';

type Json = Record<string, unknown>;

describe('sandbox: killing a query by id', function () {
  let server: TestServer;
  let database: string;

  before(async function () {
    server = await startTestServer();
    database = await createTestDatabase(server, 'killing');
  });

  after(async function () {
    await dropTestDatabase(server, database);
    await server.close();
  });

  it('kills a running query, which shows in the slow list as killed with exitCode 1500', async function () {
    await server.request({ method: 'PUT', database, path: '/_api/query/properties', body: { slowQueryThreshold: 0.001 } });
    const query = 'FOR i IN 1..3 LET s = SLEEP(2) RETURN i';
    const job = await submitJob(server, { method: 'POST', database, path: '/_api/cursor', body: { query } });
    const running = await waitUntil(
      async () => ((await server.request({ database, path: '/_api/query/current' })).json as Json[]).find((entry) => entry['query'] === query),
      { what: 'the query among the running ones' },
    );
    const killed = await server.request({ method: 'DELETE', database, path: `/_api/query/${String(running['id'])}` });
    assert.deepEqual([killed.status, killed.json], [200, { error: false, code: 200 }]);
    const result = await waitUntil(
      async () => {
        const fetched = await fetchJob(server, job, { database });
        return fetched.status === 204 ? undefined : fetched;
      },
      { what: 'the killed job done' },
    );
    assert.deepEqual([result.status, (result.json as Json)['errorNum']], [410, 1500]);
    const slow = (await server.request({ database, path: '/_api/query/slow' })).json as Json[];
    const entry = slow.find((candidate) => candidate['id'] === running['id']);
    assert.ok(entry !== undefined, JSON.stringify(slow));
    assert.deepEqual([entry['state'], entry['exitCode'], entry['query']], ['killed', 1500, query]);
    assert.equal(((await server.request({ database, path: '/_api/query/current' })).json as Json[]).length, 0);
  });

  it('answers an unknown id, and one of another database, with 404/1591', async function () {
    const unknown = await server.request({ method: 'DELETE', database, path: '/_api/query/123456789' });
    assert.deepEqual([unknown.status, (unknown.json as Json)['errorNum'], (unknown.json as Json)['errorMessage']], [404, 1591, 'query ID not found in query list']);
    const query = 'LET s = SLEEP(2) RETURN 1';
    const job = await submitJob(server, { method: 'POST', database, path: '/_api/cursor', body: { query } });
    const running = await waitUntil(
      async () => ((await server.request({ database, path: '/_api/query/current' })).json as Json[]).find((entry) => entry['query'] === query),
      { what: 'the query among the running ones' },
    );
    const elsewhere = await server.request({ method: 'DELETE', path: `/_api/query/${String(running['id'])}` });
    assert.deepEqual([elsewhere.status, (elsewhere.json as Json)['errorNum']], [404, 1591]);
    await server.request({ method: 'DELETE', database, path: `/_api/query/${String(running['id'])}` });
    await server.request({ method: 'PUT', database, path: `/_api/job/${job}` });
  });
});
