import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import {
  ArangoClient,
  ArangoConnectionError,
  ArangoResponseError,
  AsyncJobStatusError,
  CursorNextError,
  JWTAuthError,
  ServerVersionError,
  normalizeHost,
} from '../../../src/client';
import type { RequestEvent } from '../../../src/client';
import { HOST, MockArango, errorBody, rejectionOf } from './mockArango';
import { RawServer, closedPortUrl, writeAnswer } from './rawServer';

const VERSION = { server: 'arango', license: 'community', version: '3.12.10' };
const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'unit', 'client', 'fixtures');

/** A JWT-shaped token (the client reads only its `exp`). */
function fakeJwt(expiresInSeconds: number, marker: string): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ exp: Math.floor(Date.now() / 1000) + expiresInSeconds, preferred_username: 'root' })}.${marker}`;
}

async function timed<T>(promise: Promise<T>): Promise<{ outcome: unknown; ms: number }> {
  const started = Date.now();
  const outcome = await promise.then(
    (value) => value,
    (error: unknown) => error,
  );
  return { outcome, ms: Date.now() - started };
}

describe('client: connection', () => {
  let server: MockArango;
  const raws: RawServer[] = [];
  const clients: ArangoClient[] = [];

  beforeEach(() => {
    server = new MockArango();
  });

  afterEach(async () => {
    server.agent.assertNoPendingInterceptors();
    await server.close();
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await Promise.all(raws.splice(0).map((raw) => raw.close()));
  });

  async function raw(respond: Parameters<typeof RawServer.start>[0], tlsOptions?: Parameters<typeof RawServer.start>[1]): Promise<RawServer> {
    const started = await RawServer.start(respond, tlsOptions);
    raws.push(started);
    return started;
  }

  function realClient(options: ConstructorParameters<typeof ArangoClient>[0]): ArangoClient {
    const client = new ArangoClient(options);
    clients.push(client);
    return client;
  }

  describe('authentication', () => {
    it('sends no Authorization header without credentials', async () => {
      server.answer('GET', '/_db/_system/_api/version', { status: 200, body: VERSION });
      await server.client().db().version();
      assert.equal(server.last.headers.authorization, undefined);
    });

    it('sends a given token as bearer', async () => {
      server.answer('GET', '/_db/test/_api/version', { status: 200, body: VERSION });
      await server.client().db('test', { token: 'abc.def.ghi' }).version();
      assert.equal(server.last.headers.authorization, 'bearer abc.def.ghi');
    });

    it('logs in once for a JWT, shares the login between concurrent calls, and reuses the token', async () => {
      const jwt = fakeJwt(3600, 'one');
      server.answer('POST', '/_open/auth', { status: 200, body: { jwt } });
      server.answer('GET', '/_db/test/_api/version', { status: 200, body: VERSION });
      server.answer('GET', '/_db/test/_api/job/1', { status: 204 });
      server.answer('GET', '/_db/test/_api/job/2', { status: 200 });
      const db = server.client().db('test', { username: 'root', password: 'passwd', auth: 'jwt' });
      await Promise.all([db.version(), db.job('1').status()]);
      await db.job('2').status();
      const logins = server.requests.filter((request) => request.path === '/_open/auth');
      assert.equal(logins.length, 1);
      assert.deepEqual(JSON.parse(logins[0]?.body ?? ''), { username: 'root', password: 'passwd' });
      for (const request of server.requests.filter((r) => r.path !== '/_open/auth')) assert.equal(request.headers.authorization, `bearer ${jwt}`);
    });

    it('logs in again once after a 401 and resends the request with the new token', async () => {
      const first = fakeJwt(3600, 'first');
      const second = fakeJwt(3600, 'second');
      server.answer('POST', '/_open/auth', { status: 200, body: { jwt: first } });
      server.answer('GET', '/_db/test/_api/job/1', { status: 401, body: errorBody(401, 11, 'not authorized to execute this request') });
      server.answer('POST', '/_open/auth', { status: 200, body: { jwt: second } });
      server.answer('GET', '/_db/test/_api/job/1', { status: 204 });
      const db = server.client().db('test', { username: 'root', password: 'passwd', auth: 'jwt' });
      assert.equal(await db.job('1').status(), 'pending');
      assert.equal(server.last.headers.authorization, `bearer ${second}`);
    });

    it('gives up after one renewed login: a second 401 is the operation error', async () => {
      server.answer('POST', '/_open/auth', { status: 200, body: { jwt: fakeJwt(3600, 'a') } });
      server.answer('GET', '/_db/test/_api/job/1', { status: 401, body: errorBody(401, 11, 'not authorized to execute this request') });
      server.answer('POST', '/_open/auth', { status: 200, body: { jwt: fakeJwt(3600, 'b') } });
      server.answer('GET', '/_db/test/_api/job/1', { status: 401, body: errorBody(401, 11, 'not authorized to execute this request') });
      const db = server.client().db('test', { username: 'root', password: 'passwd', auth: 'jwt' });
      const error = await rejectionOf(db.job('1').status());
      assert.ok(error instanceof AsyncJobStatusError);
      assert.equal(error.errorCode, 11);
    });

    it('renews a token that has expired before using it', async () => {
      server.answer('POST', '/_open/auth', { status: 200, body: { jwt: fakeJwt(-10, 'expired') } });
      server.answer('POST', '/_open/auth', { status: 200, body: { jwt: fakeJwt(3600, 'long') } });
      server.answer('GET', '/_db/test/_api/job/1', { status: 204 });
      server.answer('GET', '/_db/test/_api/job/1', { status: 204 });
      const db = server.client().db('test', { username: 'root', password: 'passwd', auth: 'jwt' });
      await db.job('1').status();
      await db.job('1').status();
      assert.equal(server.requests.filter((request) => request.path === '/_open/auth').length, 2);
    });

    it('throws JWTAuthError when the login is refused', async () => {
      server.answer('POST', '/_open/auth', { status: 401, body: errorBody(401, 401, 'Wrong credentials') });
      const db = server.client().db('test', { username: 'root', password: 'wrong', auth: 'jwt' });
      const error = await rejectionOf(db.version());
      assert.ok(error instanceof JWTAuthError);
      assert.equal(error.errorCode, 401);
      assert.equal(error.message, 'Wrong credentials');
    });
  });

  describe('deadlines and aborts', () => {
    it('fails a call that gets no answer within requestTimeoutMs with ETIMEDOUT', async () => {
      server.agent.get(HOST).intercept({ method: 'GET', path: '/_db/test/_api/job/1' }).reply(204, '').delay(5_000);
      const db = server.client({ requestTimeoutMs: 200 }).db('test');
      const { outcome, ms } = await timed(db.job('1').status());
      assert.ok(outcome instanceof ArangoConnectionError);
      assert.equal(outcome.code, 'ETIMEDOUT');
      assert.equal(outcome.mayHaveReachedServer, true);
      assert.equal(outcome.attempts, 1, 'a timeout is not retried');
      assert.ok(ms >= 190 && ms < 1000, `took ${ms} ms`);
    });

    it('fails within requestTimeoutMs when a real server accepts the connection and never answers', async () => {
      const silent = await raw(() => undefined);
      const db = realClient({ hosts: silent.url, requestTimeoutMs: 300 }).db('test');
      const { outcome, ms } = await timed(db.version());
      assert.ok(outcome instanceof ArangoConnectionError);
      assert.equal(outcome.code, 'ETIMEDOUT');
      assert.ok(ms < 1200, `took ${ms} ms`);
    });

    it('fails within requestTimeoutMs when the body stops arriving halfway', async () => {
      const stalling = await raw((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"server":'));
      const db = realClient({ hosts: stalling.url, requestTimeoutMs: 300 }).db('test');
      const { outcome, ms } = await timed(db.version());
      assert.ok(outcome instanceof ArangoConnectionError);
      assert.equal(outcome.code, 'ETIMEDOUT');
      assert.ok(ms < 1200, `took ${ms} ms`);
    });

    it('aborts a call in flight when its signal fires', async () => {
      server.agent.get(HOST).intercept({ method: 'PUT', path: '/_db/test/_api/job/1' }).reply(204, '').delay(5_000);
      const db = server.client().db('test');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const { outcome, ms } = await timed(db.job('1').result({ signal: controller.signal }));
      assert.ok(outcome instanceof ArangoConnectionError);
      assert.equal(outcome.code, 'ABORTED');
      assert.equal(outcome.mayHaveReachedServer, true);
      assert.ok(ms < 1000, `took ${ms} ms`);
    });

    it('sends nothing for an already aborted signal', async () => {
      const db = server.client().db('test');
      const error = await rejectionOf(db.version({ signal: AbortSignal.abort() }));
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'ABORTED');
      assert.equal(error.mayHaveReachedServer, false);
      assert.equal(server.requests.length, 0);
    });

    it('fails calls made after close() with CLOSED', async () => {
      const client = realClient({ hosts: await closedPortUrl() });
      await client.close();
      const error = await rejectionOf(client.db('test').version());
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'CLOSED');
      assert.equal(error.mayHaveReachedServer, false);
    });
  });

  describe('retry rules', () => {
    const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8529'), { code: 'ECONNREFUSED' });
    const reset = (): Error => Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });

    it('retries a status read after a refused connection, with backoff', async () => {
      server.fail('GET', '/_db/test/_api/job/1', refused());
      server.answer('GET', '/_db/test/_api/job/1', { status: 204 });
      const db = server.client().db('test');
      const { outcome, ms } = await timed(db.job('1').status());
      assert.equal(outcome, 'pending');
      assert.deepEqual(server.events.map((event) => event.attempt), [1, 2]);
      assert.ok(ms >= 90, `retried after ${ms} ms`);
    });

    it(`gives up a read after ${1 + 2} attempts and says the server was never reached`, async () => {
      for (let i = 0; i < 3; i += 1) server.fail('GET', '/_db/test/_api/job/pending', refused());
      const db = server.client().db('test');
      const error = await rejectionOf(db.asyncJobs('pending'));
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(error.attempts, 3);
      assert.equal(error.mayHaveReachedServer, false);
    });

    it('never repeats a result fetch whose connection resets: the result may be gone', async () => {
      const resetting = await raw((socket) => socket.destroy());
      const db = realClient({ hosts: resetting.url }).db('test');
      const error = await rejectionOf(db.job('5').result());
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'ECONNRESET');
      assert.equal(error.mayHaveReachedServer, true);
      assert.equal(error.attempts, 1);
      assert.equal(resetting.requests.length, 1);
      assert.equal(resetting.requests[0]?.path, '/_db/test/_api/job/5');
    });

    it('never repeats an async submission whose connection resets: it could queue a second job', async () => {
      const resetting = await raw((socket) => socket.destroy());
      const db = realClient({ hosts: resetting.url }).db('test');
      const error = await rejectionOf(db.beginAsyncExecution().aql.execute('RETURN 1'));
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.mayHaveReachedServer, true);
      assert.equal(resetting.requests.length, 1);
    });

    it('does not retry an async submission even when the connection was refused, and says it never arrived', async () => {
      server.fail('POST', '/_db/test/_api/cursor', refused());
      const db = server.client().db('test');
      const error = await rejectionOf(db.beginAsyncExecution().aql.execute('RETURN 1'));
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(error.mayHaveReachedServer, false);
      assert.equal(error.attempts, 1);
    });

    it('retries a status read after a reset on a real socket', async () => {
      const flaky = await raw((socket, _request, index) => (index === 0 ? socket.destroy() : writeAnswer(socket, 200, '', 'text/plain')));
      const db = realClient({ hosts: flaky.url }).db('test');
      assert.equal(await db.job('5').status(), 'done');
      assert.equal(flaky.requests.length, 2);
    });

    it('maps a refused real connection to ECONNREFUSED', async () => {
      const db = realClient({ hosts: await closedPortUrl() }).db('test');
      const error = await rejectionOf(db.beginAsyncExecution().aql.execute('RETURN 1'));
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(error.mayHaveReachedServer, false);
    });

    it("maps undici's connect timeout to ETIMEDOUT that never reached the server", async () => {
      server.fail('POST', '/_db/test/_api/cursor', Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }));
      const error = await rejectionOf(server.client().db('test').aql.execute('RETURN 1'));
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'ETIMEDOUT');
      assert.equal(error.mayHaveReachedServer, false);
    });

    it('maps a DNS failure to ENOTFOUND', async () => {
      server.fail('POST', '/_db/test/_api/cursor', Object.assign(new Error('getaddrinfo ENOTFOUND arangodb'), { code: 'ENOTFOUND' }));
      const error = await rejectionOf(server.client().db('test').aql.execute('RETURN 1'));
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'ENOTFOUND');
      assert.equal(error.mayHaveReachedServer, false);
    });

    it('retries a read after a reset on the mock too', async () => {
      server.fail('GET', '/_db/test/_api/job/1', reset());
      server.answer('GET', '/_db/test/_api/job/1', { status: 200 });
      assert.equal(await server.client().db('test').job('1').status(), 'done');
    });

    describe('503: the server did not handle the request', () => {
      const unavailable = { status: 503, body: errorBody(503, 503, 'service unavailable') };

      it('asks for a job status again after a 503, with backoff', async () => {
        server.answer('GET', '/_db/test/_api/job/1', unavailable);
        server.answer('GET', '/_db/test/_api/job/1', { status: 204 });
        const { outcome, ms } = await timed(server.client().db('test').job('1').status());
        assert.equal(outcome, 'pending');
        assert.deepEqual(server.events.map((event) => [event.status, event.attempt]), [[503, 1], [204, 2]]);
        assert.ok(ms >= 90, `retried after ${ms} ms`);
      });

      it('asks again after a 503 for job lists, the version, a document and the running queries', async () => {
        const reads: Array<[string, unknown, (db: ReturnType<ArangoClient['db']>) => Promise<unknown>]> = [
          ['/_db/test/_api/job/done?count=5', ['7'], (db) => db.asyncJobs('done', 5)],
          ['/_db/test/_api/version', VERSION, (db) => db.version()],
          ['/_db/test/_api/document/students/ann', { _key: 'ann' }, (db) => db.collection('students').document('ann')],
          ['/_db/test/_api/query/current', [], (db) => db.aql.queries()],
        ];
        const db = server.client().db('test');
        for (const [path, body, read] of reads) {
          server.answer('GET', path, unavailable);
          server.answer('GET', path, { status: 200, body });
          await read(db);
        }
        assert.deepEqual(
          server.requests.map((request) => request.path),
          reads.flatMap(([path]) => [path, path]),
        );
        assert.deepEqual(server.events.map((event) => event.status), reads.flatMap(() => [503, 200]));
      });

      it('asks for a cursor batch again by its nextBatchId after a 503', async () => {
        server.answer('POST', '/_db/test/_api/cursor', { status: 201, body: { result: [1], hasMore: true, id: '9', nextBatchId: '2', error: false, code: 201 } });
        server.answer('POST', '/_db/test/_api/cursor/9/2', unavailable);
        server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: { result: [2], hasMore: false, id: '9', error: false, code: 200 } });
        const cursor = await server.client().db('test').aql.execute<number>('FOR i IN 1..2 RETURN i', { batchSize: 1 });
        assert.deepEqual(await cursor.all(), [1, 2]);
        assert.deepEqual(server.events.map((event) => event.status), [201, 503, 200]);
      });

      it(`gives up a read after ${1 + 2} attempts and returns the last 503 as the operation error`, async () => {
        for (let i = 0; i < 3; i += 1) server.answer('GET', '/_db/test/_api/job/1', unavailable);
        const error = await rejectionOf(server.client().db('test').job('1').status());
        assert.ok(error instanceof AsyncJobStatusError);
        assert.equal(error.httpCode, 503);
        assert.equal(error.errorCode, 503);
        assert.deepEqual(server.events.map((event) => event.attempt), [1, 2, 3]);
      });

      it('does not wait for a retry that would end after the deadline', async () => {
        server.answer('GET', '/_db/test/_api/job/1', unavailable);
        const db = server.client({ requestTimeoutMs: 50 }).db('test');
        const error = await rejectionOf(db.job('1').status());
        assert.ok(error instanceof AsyncJobStatusError);
        assert.equal(error.httpCode, 503);
        assert.equal(server.requests.length, 1);
      });

      it('never repeats after a 503: submissions, result fetches, writes, cancels, clears, batches without a batch id', async () => {
        const db = server.client().db('test');
        const neverRetried: Array<[string, string, () => Promise<unknown>]> = [
          ['POST', '/_db/test/_api/cursor', () => db.beginAsyncExecution().aql.execute('RETURN 1')],
          ['GET', '/_db/test/_api/version', () => db.beginAsyncExecution().version()],
          ['PUT', '/_db/test/_api/job/4', () => db.job('4').result()],
          ['PUT', '/_db/test/_api/job/4/cancel', () => db.job('4').cancel()],
          ['DELETE', '/_db/test/_api/job/4', () => db.job('4').clear()],
          ['DELETE', '/_db/test/_api/job/all', () => db.clearAsyncJobs()],
          ['POST', '/_db/test/_api/document/students', () => db.collection('students').insert({ _key: 'ann' })],
          ['DELETE', '/_db/test/_api/document/students/ann', () => db.collection('students').remove('ann')],
          ['POST', '/_db/test/_api/cursor', () => db.aql.execute('RETURN 1')],
          ['DELETE', '/_db/test/_api/query/12', () => db.aql.kill('12')],
        ];
        for (const [method, path, call] of neverRetried) {
          server.answer(method, path, unavailable);
          const error = await rejectionOf(call());
          assert.ok(error instanceof Error && 'httpCode' in error && error.httpCode === 503, `${method} ${path} failed with its 503`);
        }
        assert.deepEqual(
          server.requests.map((request) => `${request.method} ${request.path}`),
          neverRetried.map(([method, path]) => `${method} ${path}`),
        );
        assert.ok(server.events.every((event) => event.attempt === 1));
      });

      it('never asks again for a cursor batch without a batch id after a 503: a repeat could skip a batch', async () => {
        server.answer('POST', '/_db/test/_api/cursor', { status: 201, body: { result: [1], hasMore: true, id: '9', error: false, code: 201 } });
        server.answer('POST', '/_db/test/_api/cursor/9', unavailable);
        const cursor = await server.client().db('test').aql.execute('FOR i IN 1..2 RETURN i', { batchSize: 1 });
        await cursor.next();
        const error = await rejectionOf(cursor.next());
        assert.ok(error instanceof CursorNextError);
        assert.equal(error.httpCode, 503);
        assert.equal(server.requests.length, 2);
      });
    });
  });

  describe('unreadable answers', () => {
    it('reports a body cut off before its content-length as TRUNCATED', async () => {
      const cutting = await raw((socket) => {
        socket.write('HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{"result":[1,2');
        setTimeout(() => socket.destroy(), 20);
      });
      const events: RequestEvent[] = [];
      const db = realClient({ hosts: cutting.url, onRequest: (event) => events.push(event) }).db('test');
      const error = await rejectionOf(db.job('5').result());
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'TRUNCATED');
      assert.equal(error.mayHaveReachedServer, true);
      assert.match(error.message, /cut off/);
      // The hook still learns the status the answer began with.
      assert.deepEqual(events.map((event) => [event.status, event.error?.split(':')[0]]), [[201, 'TRUNCATED']]);
    });

    it('reports a JSON answer that ends early (connection-close framing) as INVALID_JSON', async () => {
      const closing = await raw((socket) => {
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"server":"arango","vers');
      });
      const db = realClient({ hosts: closing.url }).db('test');
      const error = await rejectionOf(db.version());
      assert.ok(error instanceof ArangoResponseError);
      assert.equal(error.code, 'INVALID_JSON');
      assert.equal(error.httpCode, 200);
      assert.match(error.message, /not valid JSON/);
    });

    it("reports a success answer that is not JSON (a proxy's page) as UNEXPECTED_BODY", async () => {
      server.answer('GET', '/_db/test/_api/version', { status: 200, body: '<html>hello</html>', headers: { 'content-type': 'text/html' } });
      const error = await rejectionOf(server.client().db('test').version());
      assert.ok(error instanceof ArangoResponseError);
      assert.equal(error.code, 'UNEXPECTED_BODY');
      assert.match(error.message, /text\/html body of 18 bytes/);
    });

    it('turns an error answer without an ArangoDB body into the operation error without errorCode', async () => {
      server.answer('GET', '/_db/test/_api/version', { status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } });
      const error = await rejectionOf(server.client().db('test').version());
      assert.ok(error instanceof ServerVersionError);
      assert.equal(error.httpCode, 502);
      assert.equal(error.errorCode, undefined);
      assert.match(error.message, /HTTP 502 with a text\/html body/);
    });

    it('never parses the empty body of a 204, whatever its content-type says', async () => {
      server.answer('GET', '/_db/test/_api/job/1', { status: 204, headers: { 'content-type': 'application/json' } });
      assert.equal(await server.client().db('test').job('1').status(), 'pending');
    });
  });

  describe('TLS', () => {
    const tlsFiles = (): { key: Buffer; cert: Buffer } => ({
      key: readFileSync(path.join(FIXTURES, 'server-key.pem')),
      cert: readFileSync(path.join(FIXTURES, 'server-cert.pem')),
    });
    const answerVersion = (socket: Socket): void => writeAnswer(socket, 200, JSON.stringify(VERSION));

    it('refuses a certificate from an unknown CA by default, as TLS that never reached the server', async () => {
      const secure = await raw(answerVersion, tlsFiles());
      const error = await rejectionOf(realClient({ hosts: secure.url }).db('test').version());
      assert.ok(error instanceof ArangoConnectionError);
      assert.equal(error.code, 'TLS');
      assert.equal(error.mayHaveReachedServer, false);
      assert.equal(secure.requests.length, 0);
    });

    it('trusts a server signed by the CA given in tls.ca', async () => {
      const secure = await raw(answerVersion, tlsFiles());
      const client = realClient({ hosts: secure.url, tls: { ca: readFileSync(path.join(FIXTURES, 'ca.pem')) } });
      assert.equal((await client.db('test').version()).version, '3.12.10');
    });

    it('skips certificate checks only when rejectUnauthorized: false is set explicitly', async () => {
      const secure = await raw(answerVersion, tlsFiles());
      const client = realClient({ hosts: secure.url, tls: { rejectUnauthorized: false } });
      assert.equal((await client.db('test').version()).server, 'arango');
    });
  });

  describe('onRequest hook and hosts', () => {
    it('reports method, path, coordinator, status, duration and attempt for every attempt', async () => {
      server.answer('GET', '/_db/test/_api/job/pending?count=5', { status: 200, body: ['1'] });
      await server.client().db('test').asyncJobs('pending', 5);
      const [event] = server.events as [RequestEvent];
      assert.equal(event.method, 'GET');
      assert.equal(event.path, '/_db/test/_api/job/pending?count=5');
      assert.equal(event.coordinator, HOST);
      assert.equal(event.status, 200);
      assert.equal(event.attempt, 1);
      assert.equal(typeof event.durationMs, 'number');
      assert.equal(event.error, undefined);
    });

    it('keeps working when the hook throws', async () => {
      server.answer('GET', '/_db/test/_api/version', { status: 200, body: VERSION });
      const db = server
        .client({
          onRequest: () => {
            throw new Error('logger broke');
          },
        })
        .db('test');
      assert.equal((await db.version()).version, '3.12.10');
    });

    it('spreads new requests round-robin over the coordinators', async () => {
      const hosts = ['http://127.0.0.1:8529', 'http://127.0.0.1:8530', 'http://127.0.0.1:8531'];
      for (const host of [...hosts, ...hosts]) server.answer('GET', '/_db/test/_api/version', { status: 200, body: VERSION }, host);
      const db = server.client({ hosts }).db('test');
      for (let i = 0; i < 6; i += 1) await db.version();
      assert.deepEqual(
        server.events.map((event) => event.coordinator),
        [...hosts, ...hosts],
      );
    });

    it('normalises host URLs and refuses credentials inside them without echoing them', () => {
      assert.equal(normalizeHost('http://127.0.0.1:8529/'), 'http://127.0.0.1:8529');
      assert.equal(normalizeHost('tcp://127.0.0.1:8529'), 'http://127.0.0.1:8529');
      assert.equal(normalizeHost('ssl://db.example:8530'), 'https://db.example:8530');
      assert.throws(
        () => new ArangoClient({ hosts: 'http://root:hunter2@127.0.0.1:8529' }),
        (error: unknown) => error instanceof TypeError && !error.message.includes('hunter2'),
      );
    });
  });
});
