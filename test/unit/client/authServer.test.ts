/** Authentication against the test server: Basic, JWT login and renewal, bearer tokens. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArangoClient, AsyncExecuteError, JWTAuthError } from '../../../src/client';
import type { RequestEvent } from '../../../src/client';
import type { TestServer } from '../../support/testServer';
import { startTestServer } from '../../support/testServer';

describe('client: authentication on the test server', function () {
  this.timeout(30_000);
  let server: TestServer;
  let client: ArangoClient;
  let events: RequestEvent[];

  before(async () => {
    server = await startTestServer();
  });

  beforeEach(() => {
    events = [];
    client = new ArangoClient({ hosts: server.urls, onRequest: (event) => events.push(event) });
  });

  afterEach(async () => {
    await client.close();
  });

  after(async () => {
    await server.close();
  });

  it('logs in once for a JWT and runs jobs with it', async () => {
    const db = client.db('_system', { username: server.username, password: server.password, auth: 'jwt' });
    const job = await db.beginAsyncExecution().aql.execute<number>('RETURN 5');
    while ((await job.status()) !== 'done') await sleep(10);
    assert.deepEqual(await (await job.result()).all(), [5]);
    assert.equal(events.filter((event) => event.path === '/_open/auth').length, 1);
    assert.equal(events.find((event) => event.path === '/_open/auth')?.status, 200);
  });

  it('throws JWTAuthError 401 for a wrong password at login', async () => {
    const db = client.db('_system', { username: server.username, password: `${server.password}x`, auth: 'jwt' });
    await assert.rejects(db.version(), (error: unknown) => error instanceof JWTAuthError && error.httpCode === 401 && error.errorCode === 401);
  });

  it('uses a token obtained elsewhere as bearer', async () => {
    const login = await server.request({ method: 'POST', path: '/_open/auth', auth: false, body: { username: server.username, password: server.password } });
    const { jwt } = login.json as { jwt: string };
    const db = client.db('_system', { token: jwt });
    assert.equal((await db.version()).server, 'arango');
  });

  it('refuses an async submission with wrong Basic credentials as AsyncExecuteError 401/11', async () => {
    const db = client.db('_system', { username: server.username, password: `${server.password}x` });
    await assert.rejects(db.beginAsyncExecution().aql.execute('RETURN 1'), (error: unknown) => error instanceof AsyncExecuteError && error.httpCode === 401 && error.errorCode === 11);
  });

  it('logs in again when a short-lived token has run out, and not before', async function () {
    const shortLived = await startTestServer({ jwtTtlSeconds: 2 });
    if (shortLived.real) this.skip();
    const hooked: RequestEvent[] = [];
    const own = new ArangoClient({ hosts: shortLived.urls, onRequest: (event) => hooked.push(event) });
    try {
      const db = own.db('_system', { username: shortLived.username, password: shortLived.password, auth: 'jwt' });
      await db.version();
      await db.version();
      assert.equal(hooked.filter((event) => event.path === '/_open/auth').length, 1);
      await sleep(2_100);
      await db.version();
      assert.equal(hooked.filter((event) => event.path === '/_open/auth').length, 2);
      assert.ok(hooked.every((event) => event.status === 200), 'no request went out with an expired token');
    } finally {
      await own.close();
      await shortLived.close();
    }
  });
});
