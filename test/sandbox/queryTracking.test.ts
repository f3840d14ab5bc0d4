/**
 * Query tracking: the fields of a running query, `GET`/`PUT /_api/query/properties` per
 * database, and the slow-query list (`GET`/`DELETE /_api/query/slow`) filled by finished queries
 * slower than the threshold. Follows the HTTP API docs' "Track queries" and the JavaScript API
 * docs' example QUERY_01_propertyOfQueries.
 */
import assert from 'node:assert/strict';
import { submitJob, waitForJob } from '../support/asyncJobs';
import { createTestDatabase, dropTestDatabase, startTestServer, type TestServer } from '../support/testServer';
import { waitUntil } from '../support/waitUntil';

type Json = Record<string, unknown>;

const DEFAULTS = {
  error: false,
  code: 200,
  enabled: true,
  trackSlowQueries: true,
  trackBindVars: true,
  maxSlowQueries: 64,
  slowQueryThreshold: 10,
  slowStreamingQueryThreshold: 10,
  maxQueryStringLength: 4096,
};

describe('query tracking', function () {
  let server: TestServer;
  let database: string;

  before(async function () {
    server = await startTestServer();
    database = await createTestDatabase(server, 'tracking');
    await server.request({ method: 'POST', database, path: '/_api/collection', body: { name: 'things' } });
  });

  after(async function () {
    await server.request({ method: 'DELETE', database, path: '/_api/job/all' });
    await dropTestDatabase(server, database);
    await server.close();
  });

  afterEach(async function () {
    await server.request({ method: 'PUT', database, path: '/_api/query/properties', body: DEFAULTS });
    await server.request({ method: 'DELETE', database, path: '/_api/query/slow' });
  });

  const properties = (body?: Json) =>
    server.request(body === undefined ? { database, path: '/_api/query/properties' } : { method: 'PUT', database, path: '/_api/query/properties', body });
  const run = (query: string, extra: Json = {}) => server.request({ method: 'POST', database, path: '/_api/cursor', body: { query, ...extra } });
  const slowList = async (): Promise<Json[]> => (await server.request({ database, path: '/_api/query/slow' })).json as Json[];

  it('lists every field of a running query, modificationQuery and warnings too (docs: List the running AQL queries)', async function () {
    const query = 'LET s = SLEEP(@seconds) INSERT {s} INTO things RETURN NEW._key';
    const job = await submitJob(server, { method: 'POST', database, path: '/_api/cursor', body: { query, bindVars: { seconds: 2 } } });
    const entry = await waitUntil(
      async () => ((await server.request({ database, path: '/_api/query/current' })).json as Json[]).find((candidate) => candidate['query'] === query),
      { what: 'the query in the list of running queries' },
    );
    assert.deepEqual(Object.keys(entry), [
      'id', 'database', 'user', 'query', 'bindVars', 'started', 'runTime', 'peakMemoryUsage', 'state', 'stream', 'modificationQuery', 'warnings',
    ]);
    assert.equal(entry['database'], database);
    assert.deepEqual(entry['bindVars'], { seconds: 2 });
    assert.equal(typeof entry['runTime'], 'number');
    assert.equal(typeof entry['peakMemoryUsage'], 'number');
    assert.equal(entry['state'], 'executing');
    assert.equal(entry['modificationQuery'], true);
    assert.equal(entry['warnings'], 0);
    await waitForJob(server, job);
  });

  it('reads and changes the tracking properties per database (QUERY_01_propertyOfQueries)', async function () {
    const initial = await properties();
    assert.equal(initial.status, 200);
    assert.deepEqual(initial.json, DEFAULTS);
    assert.deepEqual(Object.keys(initial.json as Json), Object.keys(DEFAULTS));
    assert.deepEqual((await properties({ slowQueryThreshold: 1 })).json, { ...DEFAULTS, slowQueryThreshold: 1 });
    assert.deepEqual((await properties({ slowStreamingQueryThreshold: 1 })).json, { ...DEFAULTS, slowQueryThreshold: 1, slowStreamingQueryThreshold: 1 });
    assert.deepEqual((await properties({ maxSlowQueries: 'many', trackBindVars: 'no', enabled: 1 })).json, { ...DEFAULTS, slowQueryThreshold: 1, slowStreamingQueryThreshold: 1 }, 'values of the wrong type change nothing');
    const system = (await server.request({ path: '/_api/query/properties' })).json as Json;
    assert.equal(system['slowQueryThreshold'], 10, 'another database keeps its own settings');
    const notObject = await server.request({ method: 'PUT', database, path: '/_api/query/properties', body: [1] });
    assert.deepEqual(notObject.json, { code: 400, error: true, errorMessage: 'expecting a JSON object as body', errorNum: 400 });
  });

  it('lists finished queries at least as slow as slowQueryThreshold, and forgets them on DELETE (docs: List/Clear the slow AQL queries)', async function () {
    await run('RETURN 1');
    assert.deepEqual(await slowList(), [], 'nothing is slow under the default threshold of 10 s');
    await properties({ slowQueryThreshold: 0 });
    await run('FOR i IN 1..@n RETURN i', { bindVars: { n: 3 } });
    await run('RETURN 1 / 0');
    const slow = await slowList();
    assert.equal(slow.length, 2);
    const [first, second] = slow;
    assert.deepEqual(Object.keys(first!), [
      'id', 'database', 'user', 'query', 'bindVars', 'started', 'runTime', 'peakMemoryUsage', 'state', 'stream', 'exitCode', 'modificationQuery', 'warnings',
    ]);
    assert.equal(first!['query'], 'FOR i IN 1..@n RETURN i');
    assert.deepEqual(first!['bindVars'], { n: 3 });
    assert.equal(first!['state'], 'finished');
    assert.equal(first!['exitCode'], 0);
    assert.equal(first!['modificationQuery'], false);
    assert.equal(second!['warnings'], 1, 'the division by zero warned');
    const cleared = await server.request({ method: 'DELETE', database, path: '/_api/query/slow' });
    assert.deepEqual(cleared.json, { error: false, code: 200 });
    assert.deepEqual(await slowList(), []);
  });

  it('keeps maxSlowQueries entries, cuts the text at maxQueryStringLength and hides bind variables without trackBindVars', async function () {
    await properties({ slowQueryThreshold: 0, maxSlowQueries: 2, maxQueryStringLength: 12, trackBindVars: false });
    for (const n of [1, 2, 3]) {
      await run(`RETURN ${n} + @x + 0`, { bindVars: { x: n } });
    }
    const slow = await slowList();
    assert.deepEqual(slow.map((entry) => entry['query']), ['RETURN 2 + @...', 'RETURN 3 + @...']);
    assert.deepEqual(slow.map((entry) => entry['bindVars']), [{}, {}]);
    await properties({ maxQueryStringLength: 9 });
    await run('RETURN "äää"');
    assert.equal((await slowList()).at(-1)!['query'], 'RETURN "...', 'a character cut in half is left out whole');
  });

  it('tracks no slow query with trackSlowQueries false, a negative threshold, or tracking disabled; streams by their own threshold', async function () {
    await properties({ slowQueryThreshold: 0, trackSlowQueries: false });
    await run('RETURN 1');
    await properties({ trackSlowQueries: true, slowQueryThreshold: -1 });
    await run('RETURN 2');
    await properties({ slowQueryThreshold: 0, enabled: false });
    await run('RETURN 3');
    assert.deepEqual(await slowList(), []);
    await properties({ enabled: true, slowQueryThreshold: 0, slowStreamingQueryThreshold: 100 });
    await run('RETURN 4', { options: { stream: true } });
    assert.deepEqual(await slowList(), [], 'a stream query is judged by slowStreamingQueryThreshold');
    await properties({ slowStreamingQueryThreshold: 0 });
    await run('RETURN 5', { options: { stream: true } });
    const [streamed] = await slowList();
    assert.equal(streamed!['stream'], true);
  });

  it('refuses all=true outside _system with 403/1230', async function () {
    const response = await server.request({ database, path: '/_api/query/slow?all=true' });
    assert.equal(response.status, 403);
    assert.equal((response.json as { errorNum: number }).errorNum, 1230);
  });
});
