import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import * as api from '../../../src/client';
import {
  AQLQueryExecuteError,
  ArangoConnectionError,
  ArangoError,
  ArangoResponseError,
  AsyncJobResultError,
  ErrorNum,
  isArangoError,
  isConnectionError,
  isResponseError,
} from '../../../src/client';
import type { RequestEvent } from '../../../src/client';
import { HOST, MockArango, errorBody, rejectionOf } from './mockArango';
import { RawServer } from './rawServer';

const OPERATION_ERRORS = [
  'AQLQueryExecuteError',
  'AQLQueryListError',
  'AQLQueryKillError',
  'AQLQueryClearError',
  'CursorNextError',
  'CursorCloseError',
  'DocumentInsertError',
  'DocumentGetError',
  'DocumentDeleteError',
  'DocumentCountError',
  'CollectionCreateError',
  'CollectionDeleteError',
  'DatabaseCreateError',
  'DatabaseDeleteError',
  'DatabaseListError',
  'ServerVersionError',
  'AsyncExecuteError',
  'AsyncJobStatusError',
  'AsyncJobResultError',
  'AsyncJobCancelError',
  'AsyncJobClearError',
  'AsyncJobListError',
  'JWTAuthError',
] as const;

describe('client: errors', () => {
  describe('types', () => {
    for (const name of OPERATION_ERRORS) {
      it(`exports ${name} as an ArangoError subclass that keeps its name`, () => {
        const errorClass = api[name];
        const error = new errorClass({ message: 'm', httpCode: 400, errorCode: 1, method: 'GET', path: '/p', coordinator: HOST });
        assert.ok(error instanceof ArangoError);
        assert.ok(error instanceof Error);
        assert.equal(error.name, name);
        assert.equal(isArangoError(error), true);
        assert.equal(isConnectionError(error), false);
      });
    }

    it('carries httpCode, errorCode, method, path, coordinator and cause, and a plain toJSON', () => {
      const cause = new Error('underlying');
      const error = new AQLQueryExecuteError({ message: 'syntax error', httpCode: 400, errorCode: 1501, method: 'POST', path: '/_db/t/_api/cursor', coordinator: HOST, cause });
      assert.equal(error.cause, cause);
      assert.deepEqual(JSON.parse(JSON.stringify(error)), {
        name: 'AQLQueryExecuteError',
        message: 'syntax error',
        httpCode: 400,
        errorCode: 1501,
        method: 'POST',
        path: '/_db/t/_api/cursor',
        coordinator: HOST,
      });
    });

    it('tells the three families apart with type guards', () => {
      const connection = new ArangoConnectionError({ code: 'ECONNRESET', message: 'm', mayHaveReachedServer: true, attempts: 1, method: 'GET', path: '/', coordinator: HOST });
      const response = new ArangoResponseError({ code: 'INVALID_JSON', message: 'm', httpCode: 200, method: 'GET', path: '/', coordinator: HOST });
      assert.equal(isConnectionError(connection), true);
      assert.equal(isArangoError(connection), false);
      assert.equal(isResponseError(response), true);
      assert.equal(isArangoError(response), false);
      assert.deepEqual(Object.keys(connection.toJSON()).sort(), ['attempts', 'code', 'coordinator', 'mayHaveReachedServer', 'message', 'method', 'name', 'path']);
    });
  });

  describe('server error bodies', () => {
    let server: MockArango;

    beforeEach(() => {
      server = new MockArango();
    });

    afterEach(async () => {
      server.agent.assertNoPendingInterceptors();
      await server.close();
    });

    // golden/RestCursorCreateCursorUnknownCollection.json (3.12.10) and
    // golden/v3.11/RestCursorCreateCursorUnknownCollection_311.json (3.11.14): same errorNum, other words.
    for (const [version, message] of [
      ['3.12', 'collection or view not found: unknowncoll'],
      ['3.11', 'AQL: collection or view not found: unknowncoll (while parsing)'],
    ] as const) {
      it(`reads errorNum 1203 from the ${version} answer and keeps its message verbatim`, async () => {
        server.answer('POST', '/_db/test/_api/cursor', { status: 404, body: errorBody(404, 1203, message) });
        const error = await rejectionOf(server.client().db('test').aql.execute('FOR u IN unknowncoll LIMIT 2 RETURN u'));
        assert.ok(error instanceof AQLQueryExecuteError);
        assert.equal(error.httpCode, 404);
        assert.equal(error.errorCode, ErrorNum.DATA_SOURCE_NOT_FOUND);
        assert.equal(error.message, message);
      });
    }

    // PROTOCOL §4: 3.12 reports a syntax error bare, 3.11 wrapped it in `AQL: … (while parsing)`.
    for (const message of [
      "syntax error, unexpected identifier near 'QUERY' at position 1:9",
      "AQL: syntax error, unexpected identifier near 'QUERY' at position 1:9 (while parsing)",
    ]) {
      it(`gives errorCode 1501 for a stored syntax error worded "${message.slice(0, 16)}…"`, async () => {
        server.answer('PUT', '/_db/test/_api/job/3', { status: 400, body: errorBody(400, 1501, message), headers: { 'x-arango-async-id': '3' } });
        const error = await rejectionOf(server.client().db('test').aqlJob('3').result());
        assert.ok(error instanceof AQLQueryExecuteError);
        assert.equal(error.errorCode, ErrorNum.QUERY_PARSE);
        assert.ok(error.message.includes('syntax error'));
      });
    }

    it('keeps 3.12 node tags out of the way of errorCode (1202 while executing)', async () => {
      server.answer('POST', '/_db/test/_api/cursor', { status: 404, body: errorBody(404, 1202, 'AQL: document not found [node #3: RemoveNode] (while executing)') });
      const error = await rejectionOf(server.client().db('test').aql.execute("REMOVE 'x' IN c"));
      assert.ok(error instanceof AQLQueryExecuteError);
      assert.equal(error.errorCode, ErrorNum.DOCUMENT_NOT_FOUND);
    });
  });

  describe('credentials never leak', () => {
    const PASSWORD = 'Pa55-SENTINEL-never-show';
    const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzZW50aW5lbCI6dHJ1ZX0.TOKEN-SENTINEL';
    const BASIC = Buffer.from(`root:${PASSWORD}`).toString('base64');
    const FORBIDDEN = [PASSWORD, TOKEN, BASIC, 'TOKEN-SENTINEL'];

    function assertClean(where: string, text: string): void {
      for (const secret of FORBIDDEN) assert.ok(!text.includes(secret), `${where} contains a secret: ${text.slice(0, 300)}`);
    }

    function everyRendering(error: unknown): string {
      const parts = [String(error), inspect(error, { depth: 8 })];
      if (error instanceof Error) parts.push(error.message, error.stack ?? '', JSON.stringify(error));
      return parts.join('\n');
    }

    it('keeps the password and tokens out of every error, toJSON, stack and hook event', async () => {
      const server = new MockArango();
      const events: RequestEvent[] = [];
      const resetting = await RawServer.start((socket) => socket.destroy());
      try {
        const client = server.client({ requestTimeoutMs: 300, onRequest: (event) => events.push(event) });
        const basic = client.db('test', { username: 'root', password: PASSWORD });
        const bearer = client.db('test', { token: TOKEN });
        const jwt = client.db('test', { username: 'root', password: PASSWORD, auth: 'jwt' });
        const errors: unknown[] = [];

        server.answer('POST', '/_db/test/_api/cursor', { status: 401, body: errorBody(401, 11, 'not authorized to execute this request') });
        errors.push(await rejectionOf(basic.beginAsyncExecution().aql.execute('RETURN 1')));
        server.answer('PUT', '/_db/test/_api/job/1', { status: 204 });
        errors.push(await rejectionOf(bearer.job('1').result()));
        server.fail('PUT', '/_db/test/_api/job/2', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
        errors.push(await rejectionOf(basic.job('2').result()));
        server.agent.get(HOST).intercept({ method: 'GET', path: '/_db/test/_api/version' }).reply(200, '{}').delay(2_000);
        errors.push(await rejectionOf(bearer.version()));
        server.answer('POST', '/_open/auth', { status: 401, body: errorBody(401, 401, 'Wrong credentials') });
        errors.push(await rejectionOf(jwt.version()));
        // undici's mock names unmatched request headers in its message: the client must scrub it.
        server.agent.get(HOST).intercept({ method: 'GET', path: '/_db/test/_api/database', headers: { 'x-never': 'sent' } }).reply(200, '{}');
        errors.push(await rejectionOf(basic.databases()));
        errors.push(await rejectionOf(bearer.databases()));
        server.agent.get(HOST).cleanMocks();
        const real = new api.ArangoClient({ hosts: resetting.url, onRequest: (event) => events.push(event) });
        errors.push(await rejectionOf(real.db('test', { username: 'root', password: PASSWORD }).job('3').result()));
        await real.close();

        assert.equal(errors.length, 8);
        for (const error of errors) assertClean(`error ${String(error)}`, everyRendering(error));
        assert.ok(events.length >= 8);
        for (const event of events) assertClean('hook event', JSON.stringify(event));
        assertClean('database handle', inspect(basic, { depth: 8 }) + JSON.stringify(jwt.job('1')) + inspect(jwt, { depth: 8 }));
        assert.ok(errors.some((error) => error instanceof AsyncJobResultError));
        assert.ok(errors.some((error) => error instanceof ArangoConnectionError && error.code === 'UNKNOWN'), 'the scrubbed mock mismatch is among them');
      } finally {
        await server.close();
        await resetting.close();
      }
    });
  });
});
