/**
 * User-defined AQL functions over HTTP, as ArangoDB 3.12 answers (`/_api/aqlfunction`): register
 * (201 new, 200 replaced), list (all, or one namespace), remove (one, or a group), and the
 * errors for a bad name (400/1580), bad code (400/1581) and an unknown function (404/1582).
 * Runs against a real server too (ARANGODB_URL), in a database of its own.
 */
import assert from 'node:assert/strict';
import { createTestDatabase, dropTestDatabase, startTestServer, type TestServer } from '../support/testServer';

type Json = Record<string, unknown>;

describe('sandbox: user-defined AQL functions (/_api/aqlfunction)', function () {
  let server: TestServer;
  let database: string;

  before(async function () {
    server = await startTestServer();
    database = await createTestDatabase(server, 'udf');
  });

  after(async function () {
    await dropTestDatabase(server, database);
    await server.close();
  });

  const send = async (method: string, path: string, body?: unknown) => {
    const response = await server.request({ method, database, path, ...(body === undefined ? {} : { body }) });
    return { status: response.status, body: response.json as Json };
  };

  it('registers a function (201), replaces it (200) and lists it with its code', async function () {
    const code = 'function (celsius) { return celsius * 1.8 + 32; }';
    const created = await send('POST', '/_api/aqlfunction', { name: 'myfunctions::temperature::celsiustofahrenheit', code, isDeterministic: true });
    assert.deepEqual(created, { status: 201, body: { error: false, code: 201, isNewlyCreated: true } });
    const replaced = await send('POST', '/_api/aqlfunction', { name: 'myfunctions::temperature::celsiustofahrenheit', code, isDeterministic: true });
    assert.deepEqual(replaced, { status: 200, body: { error: false, code: 200, isNewlyCreated: false } });
    const listed = await send('GET', '/_api/aqlfunction');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body['result'], [{ name: 'myfunctions::temperature::celsiustofahrenheit', code, isDeterministic: true }]);
  });

  it('lists one namespace only, and removes a group of functions by namespace', async function () {
    await send('POST', '/_api/aqlfunction', { name: 'geom::area', code: 'function (r) { return 3.14 * r * r; }' });
    await send('POST', '/_api/aqlfunction', { name: 'geom::solid::volume', code: 'function (r) { return 4.19 * r * r * r; }' });
    const geom = (await send('GET', '/_api/aqlfunction?namespace=geom')).body['result'] as Json[];
    assert.deepEqual(geom.map((fn) => fn['name']).sort(), ['geom::area', 'geom::solid::volume']);
    const removed = await send('DELETE', '/_api/aqlfunction/geom?group=true');
    assert.deepEqual(removed, { status: 200, body: { error: false, code: 200, deletedCount: 2 } });
    assert.deepEqual((await send('GET', '/_api/aqlfunction?namespace=geom')).body['result'], []);
  });

  it('removes one function by its full name, and says 404/1582 for one that is not there', async function () {
    await send('POST', '/_api/aqlfunction', { name: 'once::only', code: 'function () { return 1; }' });
    assert.deepEqual(await send('DELETE', '/_api/aqlfunction/once::only'), { status: 200, body: { error: false, code: 200, deletedCount: 1 } });
    const missing = await send('DELETE', '/_api/aqlfunction/once::only');
    assert.deepEqual([missing.status, missing.body['errorNum']], [404, 1582]);
  });

  it('refuses a name without a namespace (400/1580) and code that is not a function (400/1581)', async function () {
    const badName = await send('POST', '/_api/aqlfunction', { name: 'nonamespace', code: 'function () { return 1; }' });
    assert.deepEqual([badName.status, badName.body['errorNum']], [400, 1580]);
    const badCode = await send('POST', '/_api/aqlfunction', { name: 'bad::code', code: 'return 1;' });
    assert.deepEqual([badCode.status, badCode.body['errorNum']], [400, 1581]);
  });
});
