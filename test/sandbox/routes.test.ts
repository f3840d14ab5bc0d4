/** Server info, databases, collections and documents, and answers to bad input. */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { MAX_BODY_BYTES } from '../sandbox/index';
import { createTestDatabase, dropTestDatabase, requireSandbox, startTestServer, type TestServer } from '../support/testServer';

/** Sends raw bytes and resolves with whatever comes back before the server closes the connection. */
function rawExchange(url: string, payload: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(payload));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('close', () => resolve(received));
    socket.on('error', (error) => (received === '' ? reject(error) : resolve(received)));
    socket.setTimeout(3000, () => socket.destroy());
  });
}

describe('server routes', function () {
  let server: TestServer;
  let database: string;

  before(async function () {
    server = await startTestServer();
    database = await createTestDatabase(server, 'routes');
  });

  after(async function () {
    await dropTestDatabase(server, database);
    await server.close();
  });

  it('describes itself as ArangoDB 3.12', async function () {
    const response = await server.request({ path: '/_api/version' });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/json; charset=utf-8$/);
    const body = response.json as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['server', 'license', 'version', 'apiVersions', 'deprecatedApiVersions', 'requestedApiVersion']);
    assert.equal(body['server'], 'arango');
    assert.match(String(body['version']), /^3\.12\./);
  });

  it('names its role: SINGLE for a single server (docs: Get the server role)', async function () {
    const response = await server.request({ path: '/_admin/server/role' });
    assert.equal(response.status, 200);
    const expected = server.urls.length > 1 ? 'COORDINATOR' : 'SINGLE';
    assert.deepEqual(response.json, { error: false, code: 200, role: expected, mode: 'default' });
    const wrongMethod = await server.request({ method: 'POST', path: '/_admin/server/role' });
    assert.equal(wrongMethod.status, 405);
  });

  it('tells the time in fractional unix seconds', async function () {
    const before = Date.now() / 1000;
    const body = (await server.request({ path: '/_admin/time' })).json as { error: boolean; code: number; time: number };
    assert.equal(body.error, false);
    assert.equal(body.code, 200);
    assert.ok(Math.abs(body.time - before) < 60);
  });

  it('lists, describes, refuses to duplicate and drops databases', async function () {
    const list = (await server.request({ path: '/_api/database' })).json as { result: string[] };
    assert.ok(list.result.includes('_system') && list.result.includes(database));
    const current = (await server.request({ database, path: '/_api/database/current' })).json as { result: { name: string; isSystem: boolean } };
    assert.equal(current.result.name, database);
    assert.equal(current.result.isSystem, false);
    const duplicate = await server.request({ method: 'POST', path: '/_api/database', body: { name: database } });
    assert.equal(duplicate.status, 409);
    assert.equal((duplicate.json as { errorNum: number }).errorNum, 1207);
    const outsideSystem = await server.request({ method: 'POST', database, path: '/_api/database', body: { name: 'nested' } });
    assert.equal(outsideSystem.status, 403);
    assert.equal((outsideSystem.json as { errorNum: number }).errorNum, 1230);
    const missing = await server.request({ method: 'DELETE', path: '/_api/database/not_a_database_at_all' });
    assert.equal(missing.status, 404);
    assert.equal((missing.json as { errorNum: number }).errorNum, 1228);
  });

  it('creates, counts, truncates and drops collections', async function () {
    const created = await server.request({ method: 'POST', database, path: '/_api/collection', body: { name: 'things' } });
    assert.equal(created.status, 200);
    const info = created.json as { name: string; type: number; isSystem: boolean; error: boolean };
    assert.equal(info.name, 'things');
    assert.equal(info.type, 2);
    assert.equal(info.error, false);
    await server.request({ method: 'POST', database, path: '/_api/document/things', body: { a: 1 } });
    const count = (await server.request({ database, path: '/_api/collection/things/count' })).json as { count: number };
    assert.equal(count.count, 1);
    const list = (await server.request({ database, path: '/_api/collection?excludeSystem=true' })).json as { result: { name: string }[] };
    assert.deepEqual(list.result.map((collection) => collection.name), ['things']);
    assert.equal((await server.request({ method: 'PUT', database, path: '/_api/collection/things/truncate' })).status, 200);
    const afterTruncate = (await server.request({ database, path: '/_api/collection/things/count' })).json as { count: number };
    assert.equal(afterTruncate.count, 0);
    const invalid = await server.request({ method: 'POST', database, path: '/_api/collection', body: { name: ' this name is invalid ' } });
    assert.equal(invalid.status, 400);
    assert.equal((invalid.json as { errorNum: number }).errorNum, 1208);
    assert.equal((await server.request({ method: 'DELETE', database, path: '/_api/collection/things' })).status, 200);
    const gone = await server.request({ database, path: '/_api/collection/things' });
    assert.equal(gone.status, 404);
    assert.equal((gone.json as { errorNum: number }).errorNum, 1203);
  });

  it('inserts, reads, updates, replaces and removes documents', async function () {
    await server.request({ method: 'POST', database, path: '/_api/collection', body: { name: 'docs' } });
    const inserted = await server.request({ method: 'POST', database, path: '/_api/document/docs?returnNew=1', body: { _key: 'a', n: 1 } });
    assert.equal(inserted.status, 202);
    const meta = inserted.json as { _id: string; _key: string; _rev: string; new: { n: number } };
    assert.equal(meta._id, 'docs/a');
    assert.equal(meta.new.n, 1);
    const conflict = await server.request({ method: 'POST', database, path: '/_api/document/docs', body: { _key: 'a' } });
    assert.equal(conflict.status, 409);
    assert.equal((conflict.json as { errorNum: number }).errorNum, 1210);
    const replacedByInsert = await server.request({
      method: 'POST',
      database,
      path: '/_api/document/docs?overwriteMode=update&returnOld=1',
      body: { _key: 'a', m: 2 },
    });
    assert.equal(replacedByInsert.status, 202);
    assert.equal((replacedByInsert.json as { old: { n: number } }).old.n, 1);
    const read = (await server.request({ database, path: '/_api/document/docs/a' })).json as { n: number; m: number };
    assert.deepEqual([read.n, read.m], [1, 2]);
    assert.equal((await server.request({ method: 'PATCH', database, path: '/_api/document/docs/a', body: { n: 5 } })).status, 202);
    assert.equal((await server.request({ method: 'PUT', database, path: '/_api/document/docs/a', body: { only: true } })).status, 202);
    const replaced = (await server.request({ database, path: '/_api/document/docs/a' })).json as Record<string, unknown>;
    assert.equal(replaced['only'], true);
    assert.equal(replaced['n'], undefined);
    assert.equal((await server.request({ method: 'DELETE', database, path: '/_api/document/docs/a' })).status, 202);
    const missing = await server.request({ database, path: '/_api/document/docs/a' });
    assert.equal(missing.status, 404);
    assert.equal((missing.json as { errorNum: number }).errorNum, 1202);
    const syncWrite = await server.request({ method: 'POST', database, path: '/_api/document/docs?waitForSync=true', body: {} });
    assert.equal(syncWrite.status, 201);
    const silent = await server.request({ method: 'POST', database, path: '/_api/document/docs?silent=true', body: {} });
    assert.deepEqual(silent.json, {});
    const unknown = await server.request({ method: 'POST', database, path: '/_api/document/nope', body: {} });
    assert.equal(unknown.status, 404);
    assert.equal((unknown.json as { errorNum: number }).errorNum, 1203);
  });

  it('answers malformed JSON with 400/600 and keeps serving', async function () {
    const response = await server.request({
      method: 'POST',
      database,
      path: '/_api/collection',
      rawBody: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 400);
    const body = response.json as { errorNum: number; errorMessage: string };
    assert.equal(body.errorNum, 600);
    assert.equal((await server.request({ path: '/_api/version' })).status, 200);
  });

  it('answers an unknown path with 404', async function () {
    const response = await server.request({ path: '/_api/no-such-thing' });
    assert.equal(response.status, 404);
  });
});

describe('bad input (sandbox)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  it('answers bad percent-encoding with 400', async function () {
    requireSandbox(this, server, 'the sandbox’s URL handling');
    const response = await server.request({ path: '/_api/collection/%E0%A4%A' });
    assert.equal(response.status, 400);
    assert.equal((await server.request({ path: '/_api/version' })).status, 200);
  });

  it(`refuses a body larger than ${MAX_BODY_BYTES} bytes with 413 and closes the connection`, async function () {
    requireSandbox(this, server, 'the sandbox’s body limit');
    const answer = await rawExchange(
      server.url,
      `POST /_api/cursor HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n{"query":`,
    );
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.equal((await server.request({ path: '/_api/version' })).status, 200);
  });

  it('survives garbage on the wire', async function () {
    requireSandbox(this, server, 'the sandbox’s HTTP parser');
    await rawExchange(server.url, 'THIS IS NOT HTTP\r\n\r\n');
    await rawExchange(server.url, 'GET /_api/version HTTP/1.1\r\nContent-Length: -5\r\n\r\n');
    assert.equal((await server.request({ path: '/_api/version' })).status, 200);
  });
});
