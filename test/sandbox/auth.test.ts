/** Authentication as arangod does it (PROTOCOL §5) and python-arango's wire quirks (PROTOCOL §6). */
import assert from 'node:assert/strict';
import { signJwt } from '../sandbox/server/jwt';
import { listJobs, submitJob, waitForJob } from '../support/asyncJobs';
import { requireSandbox, startTestServer, type TestServer } from '../support/testServer';

const notAuthorized = { error: true, errorNum: 11, errorMessage: 'not authorized to execute this request', code: 401 };
const WWW_AUTHENTICATE = ['Basic, realm="ArangoDB"', 'Bearer, token_type="JWT", realm="ArangoDB"'];

describe('authentication', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  it('accepts HTTP Basic credentials', async function () {
    const response = await server.request({ path: '/_api/version' });
    assert.equal(response.status, 200);
  });

  it('refuses missing or wrong credentials with 401/11 and both www-authenticate headers', async function () {
    for (const auth of [false, { username: server.username, password: `${server.password}x` }, { username: 'nobody', password: '' }] as const) {
      const response = await server.request({ path: '/_api/version', auth });
      assert.equal(response.status, 401);
      assert.deepEqual(response.json, notAuthorized);
      assert.deepEqual(response.headers['www-authenticate'], WWW_AUTHENTICATE);
    }
  });

  it('leaves out www-authenticate when the request sends x-omit-www-authenticate', async function () {
    const response = await server.request({ path: '/_api/version', auth: false, headers: { 'x-omit-www-authenticate': 'true' } });
    assert.equal(response.status, 401);
    assert.equal(response.headers['www-authenticate'], undefined);
  });

  it('issues a JWT for the right password and accepts it as a bearer token', async function () {
    const login = await server.request({
      method: 'POST',
      path: '/_open/auth',
      auth: false,
      body: { username: server.username, password: server.password },
    });
    assert.equal(login.status, 200);
    const { jwt } = login.json as { jwt: string };
    assert.equal(jwt.split('.').length, 3);
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.equal(payload['preferred_username'], server.username);
    assert.equal(payload['iss'], 'arangodb');
    assert.ok(typeof payload['exp'] === 'number' && payload['exp'] > Date.now() / 1000);
    const response = await server.request({ path: '/_api/version', auth: { token: jwt } });
    assert.equal(response.status, 200);
  });

  it('answers wrong credentials at /_open/auth with 401/401 Wrong credentials', async function () {
    const response = await server.request({
      method: 'POST',
      path: '/_open/auth',
      auth: false,
      body: { username: server.username, password: `${server.password}-not` },
    });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, { code: 401, error: true, errorMessage: 'Wrong credentials', errorNum: 401 });
  });

  it('refuses a token that is not signed with the server secret', async function () {
    const forged = signJwt({ preferred_username: server.username, iss: 'arangodb', exp: Date.now() / 1000 + 60 }, 'not-the-secret');
    const response = await server.request({ path: '/_api/version', auth: { token: forged } });
    assert.equal(response.status, 401);
    assert.deepEqual(response.json, notAuthorized);
  });

  it('answers an unknown database with 404/1228 for a user who may see every database', async function () {
    const response = await server.request({ database: 'no_such_db_anywhere', path: '/_api/version' });
    assert.equal(response.status, 404);
    assert.deepEqual(response.json, { error: true, errorNum: 1228, errorMessage: 'database not found', code: 404 });
  });

  it("accepts python-arango's wire quirks", async function () {
    const quirks = { 'content-type': 'application/json', charset: 'utf-8', 'x-arango-driver': 'python-arango/8.1.0' };
    const version = await server.request({ database: '_system', path: '/_api/version', headers: quirks });
    assert.equal(version.status, 200);
    const name = `quirks_${Date.now()}`;
    const created = await server.request({
      method: 'POST',
      database: '_system',
      path: '/_api/collection',
      headers: quirks,
      body: { name, waitForSync: false, isSystem: false, keyOptions: { type: 'traditional', allowUserKeys: true }, type: 2 },
    });
    assert.equal(created.status, 200);
    try {
      const inserted = await server.request({
        method: 'POST',
        database: '_system',
        path: `/_api/document/${name}?returnNew=0&silent=0&overwrite=0&returnOld=0`,
        headers: quirks,
        body: { _key: 'Neal' },
      });
      assert.equal(inserted.status, 202);
      assert.equal((inserted.json as { _id: string })._id, `${name}/Neal`);
      const cursor = await server.request({
        method: 'POST',
        database: '_system',
        path: '/_api/cursor',
        headers: quirks,
        body: { query: 'RETURN 100000', count: false, memoryLimit: 0, options: { allowRetry: false }, allowRetry: false },
      });
      assert.equal(cursor.status, 201);
      assert.deepEqual((cursor.json as { result: unknown[] }).result, [100000]);
      const jobs = await server.request({ database: '_system', path: '/_api/job/done?count=100', headers: quirks });
      assert.equal(jobs.status, 200);
    } finally {
      await server.request({ method: 'DELETE', path: `/_api/collection/${name}` });
    }
  });
});

describe('authentication settings (sandbox)', function () {
  it('refuses an expired JWT with 401/11', async function () {
    const server = await startTestServer({ jwtSecret: 'test-secret' });
    try {
      requireSandbox(this, server, 'a known JWT secret');
      const now = Math.floor(Date.now() / 1000);
      const expired = signJwt({ preferred_username: 'root', iss: 'arangodb', iat: now - 120, exp: now - 60 }, 'test-secret');
      const fresh = signJwt({ preferred_username: 'root', iss: 'arangodb', iat: now, exp: now + 60 }, 'test-secret');
      assert.deepEqual((await server.request({ path: '/_api/version', auth: { token: expired } })).json, notAuthorized);
      assert.equal((await server.request({ path: '/_api/version', auth: { token: fresh } })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('lets a superuser token without a user name see every user’s jobs', async function () {
    const server = await startTestServer({ jwtSecret: 'test-secret' });
    try {
      requireSandbox(this, server, 'a known JWT secret');
      const id = await submitJob(server, { method: 'PUT', path: '/_api/version' });
      await waitForJob(server, id);
      const superuser = signJwt({ iss: 'arangodb', server_id: 'test' }, 'test-secret');
      assert.deepEqual(await listJobs(server, 'done', { auth: { token: superuser } }), [id]);
    } finally {
      await server.close();
    }
  });

  it('needs no credentials when authentication is off', async function () {
    const server = await startTestServer({ authentication: false });
    try {
      requireSandbox(this, server, 'authentication turned off');
      assert.equal((await server.request({ path: '/_api/version', auth: false })).status, 200);
    } finally {
      await server.close();
    }
  });
});
