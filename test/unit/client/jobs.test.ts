import assert from 'node:assert/strict';
import {
  AQLQueryExecuteError,
  ArangoError,
  ArangoResponseError,
  AsyncExecuteError,
  AsyncJob,
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  AsyncJobStatusError,
  Cursor,
  DocumentInsertError,
} from '../../../src/client';
import type { Database } from '../../../src/client';
import { MockArango, errorBody, rejectionOf } from './mockArango';

const CURSOR_100000 = { result: [100000], hasMore: false, cached: false, extra: { warnings: [], stats: { writesExecuted: 0 } }, error: false, code: 201 };
const SYNTAX_ERROR = errorBody(400, 1501, "syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1");

describe('client: async jobs', () => {
  let server: MockArango;
  let db: Database;

  beforeEach(() => {
    server = new MockArango();
    db = server.client().db('test', { username: 'root', password: 'passwd' });
  });

  afterEach(async () => {
    server.agent.assertNoPendingInterceptors();
    await server.close();
  });

  function submitted(id: string): { status: number; headers: Record<string, string> } {
    return { status: 202, headers: { 'x-arango-async-id': id } };
  }

  describe('submitting', () => {
    it('sends x-arango-async: store with Basic auth and returns a job carrying the server id', async () => {
      server.answer('POST', '/_db/test/_api/cursor', submitted('152'));
      const job = await db.beginAsyncExecution({ returnResult: true }).aql.execute('RETURN 100000', { batchSize: 10, count: true });
      assert.ok(job instanceof AsyncJob);
      assert.equal(job.id, '152');
      assert.equal(job.database, 'test');
      assert.equal(job.coordinator, 'http://127.0.0.1:8529');
      assert.equal(server.last.headers['x-arango-async'], 'store');
      assert.equal(server.last.headers.authorization, `Basic ${Buffer.from('root:passwd').toString('base64')}`);
      assert.equal(server.last.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(server.last.body ?? ''), { query: 'RETURN 100000', batchSize: 10, count: true });
    });

    it('sends x-arango-async: true and resolves to undefined when no result is wanted', async () => {
      server.answer('POST', '/_db/test/_api/document/students', { status: 202 });
      const fireAndForget = db.beginAsyncExecution({ returnResult: false });
      const outcome = await fireAndForget.collection('students').insert({ _key: 'Neal' });
      assert.equal(outcome, undefined);
      assert.equal(server.last.headers['x-arango-async'], 'true');
      assert.deepEqual(JSON.parse(server.last.body ?? ''), { _key: 'Neal' });
    });

    it('reports the async context on the database, its aql and its collections, and default on the plain handle', () => {
      const asyncDb = db.beginAsyncExecution();
      assert.equal(db.context, 'default');
      assert.equal(db.aql.context, 'default');
      assert.equal(asyncDb.context, 'async');
      assert.equal(asyncDb.aql.context, 'async');
      assert.equal(asyncDb.collection('students').context, 'async');
      assert.equal(db.beginAsyncExecution({ returnResult: false }).context, 'async');
      assert.equal(String(asyncDb), '<AsyncDatabase test>');
      assert.equal(String(db), '<StandardDatabase test>');
      assert.equal(asyncDb.username, 'root');
      assert.equal(asyncDb.collection('students').name, 'students');
      assert.equal(asyncDb.aql.database, 'test');
    });

    for (const [status, errorNum, message] of [
      [401, 11, 'not authorized to execute this request'],
      [404, 1228, 'database not found'],
      [412, 21004, 'queue time violated'],
      [503, 21003, 'queue is full'],
    ] as const) {
      it(`throws AsyncExecuteError with errorCode ${errorNum} when the server refuses the submission with ${status}`, async () => {
        server.answer('POST', '/_db/test/_api/cursor', { status, body: errorBody(status, errorNum, message) });
        const error = await rejectionOf(db.beginAsyncExecution().aql.execute('RETURN 1'));
        assert.ok(error instanceof AsyncExecuteError);
        assert.equal(error.httpCode, status);
        assert.equal(error.errorCode, errorNum);
        assert.equal(error.message, message);
        assert.equal(error.method, 'POST');
        assert.equal(error.path, '/_db/test/_api/cursor');
      });
    }

    it('refuses an answer that ran synchronously instead of queueing a job', async () => {
      server.answer('POST', '/_db/test/_api/cursor', { status: 201, body: CURSOR_100000 });
      const error = await rejectionOf(db.beginAsyncExecution().aql.execute('RETURN 100000'));
      assert.ok(error instanceof ArangoResponseError);
      assert.equal(error.code, 'MISSING_JOB_ID');
      assert.match(error.message, /x-arango-async/);
    });
  });

  describe('status()', () => {
    const job = (): AsyncJob<unknown> => db.job('7');

    it("maps 204 to 'pending'", async () => {
      server.answer('GET', '/_db/test/_api/job/7', { status: 204 });
      assert.equal(await job().status(), 'pending');
    });

    it("maps 200 to 'done'", async () => {
      server.answer('GET', '/_db/test/_api/job/7', { status: 200 });
      assert.equal(await job().status(), 'done');
    });

    it('maps 404 to AsyncJobStatusError "job 7 not found" with errorCode 404', async () => {
      server.answer('GET', '/_db/test/_api/job/7', { status: 404, body: errorBody(404, 404, 'not found') });
      const error = await rejectionOf(job().status());
      assert.ok(error instanceof AsyncJobStatusError);
      assert.equal(error.errorCode, 404);
      assert.equal(error.httpCode, 404);
      assert.equal(error.message, 'job 7 not found');
    });

    it("keeps the server's own error when it is not the job manager's 404 (bad database, 1228)", async () => {
      server.answer('GET', '/_db/test/_api/job/7', { status: 404, body: errorBody(404, 1228, 'database not found') });
      const error = await rejectionOf(job().status());
      assert.ok(error instanceof AsyncJobStatusError);
      assert.equal(error.errorCode, 1228);
      assert.equal(error.message, 'database not found');
    });
  });

  describe('result()', () => {
    it('hands a stored answer (x-arango-async-id present) to the operation handler: a cursor', async () => {
      server.answer('POST', '/_db/test/_api/cursor', submitted('9'));
      server.answer('PUT', '/_db/test/_api/job/9', { status: 201, body: CURSOR_100000, headers: { 'x-arango-async-id': '9' } });
      const job = await db.beginAsyncExecution().aql.execute('RETURN 100000');
      const cursor = await job.result();
      assert.ok(cursor instanceof Cursor);
      assert.equal(await cursor.next(), 100000);
      assert.equal(await cursor.next(), undefined);
    });

    it('throws the operation error from a stored failure: AQLQueryExecuteError 400/1501', async () => {
      server.answer('POST', '/_db/test/_api/cursor', submitted('10'));
      server.answer('PUT', '/_db/test/_api/job/10', { status: 400, body: SYNTAX_ERROR, headers: { 'x-arango-async-id': '10' } });
      const job = await db.beginAsyncExecution().aql.execute('INVALID QUERY');
      const error = await rejectionOf(job.result());
      assert.ok(error instanceof AQLQueryExecuteError);
      assert.equal(error.httpCode, 400);
      assert.equal(error.errorCode, 1501);
      assert.ok(error.message.includes('syntax error'));
    });

    it("treats a stored 404 as the operation's own 404, not the job manager's", async () => {
      server.answer('POST', '/_db/test/_api/document/missing', submitted('11'));
      server.answer('PUT', '/_db/test/_api/job/11', {
        status: 404,
        body: errorBody(404, 1203, 'collection or view not found: missing'),
        headers: { 'x-arango-async-id': '11' },
      });
      const job = await db.beginAsyncExecution().collection('missing').insert({});
      const error = await rejectionOf(job.result());
      assert.ok(error instanceof DocumentInsertError);
      assert.equal(error.errorCode, 1203);
    });

    it('returns the stored document metadata of an insert job', async () => {
      server.answer('POST', '/_db/test/_api/document/students', submitted('12'));
      server.answer('PUT', '/_db/test/_api/job/12', {
        status: 202,
        body: { _id: 'students/Neal', _key: 'Neal', _rev: '_l6zh4RW---' },
        headers: { 'x-arango-async-id': '12' },
      });
      const job = await db.beginAsyncExecution().collection('students').insert({ _key: 'Neal' });
      assert.deepEqual(await job.result(), { _id: 'students/Neal', _key: 'Neal', _rev: '_l6zh4RW---' });
    });

    it('surfaces a cancelled query as its stored 410/21', async () => {
      server.answer('PUT', '/_db/test/_api/job/13', { status: 410, body: errorBody(410, 21, 'canceled request'), headers: { 'x-arango-async-id': '13' } });
      const error = await rejectionOf(db.aqlJob('13').result());
      assert.ok(error instanceof AQLQueryExecuteError);
      assert.equal(error.errorCode, 21);
    });

    it('maps 204 without a job id to AsyncJobResultError "job 14 not done" (httpCode 204)', async () => {
      server.answer('PUT', '/_db/test/_api/job/14', { status: 204 });
      const error = await rejectionOf(db.job('14').result());
      assert.ok(error instanceof AsyncJobResultError);
      assert.equal(error.httpCode, 204);
      assert.equal(error.errorCode, undefined);
      assert.equal(error.message, 'job 14 not done');
    });

    it('maps 404 without a job id to AsyncJobResultError "job 15 not found" (errorCode 404)', async () => {
      server.answer('PUT', '/_db/test/_api/job/15', { status: 404, body: errorBody(404, 404, 'not found') });
      const error = await rejectionOf(db.job('15').result());
      assert.ok(error instanceof AsyncJobResultError);
      assert.equal(error.errorCode, 404);
      assert.ok(error.message.endsWith('job 15 not found'));
    });

    it("keeps the server's words for other job-manager errors (400 bad parameter)", async () => {
      server.answer('PUT', '/_db/test/_api/job/x', { status: 400, body: errorBody(400, 400, 'bad parameter') });
      const error = await rejectionOf(db.job('x').result());
      assert.ok(error instanceof AsyncJobResultError);
      assert.equal(error.errorCode, 400);
      assert.equal(error.message, 'bad parameter');
    });

    it('gives the raw stored body for a re-attached job of unknown kind, and ArangoError for a stored failure', async () => {
      server.answer('PUT', '/_db/test/_api/job/16', { status: 200, body: { server: 'arango', version: '3.12.10' }, headers: { 'x-arango-async-id': '16' } });
      server.answer('PUT', '/_db/test/_api/job/17', { status: 400, body: errorBody(400, 400, 'expected PUT /_api/collection/<collection-name>/<action>'), headers: { 'x-arango-async-id': '17' } });
      assert.deepEqual(await db.job('16').result(), { server: 'arango', version: '3.12.10' });
      const error = await rejectionOf(db.job('17').result());
      assert.ok(error instanceof ArangoError);
      assert.equal(error.errorCode, 400);
    });
  });

  describe('cancel()', () => {
    it('returns true when the server accepts the cancel', async () => {
      server.answer('PUT', '/_db/test/_api/job/20/cancel', { status: 200, body: { result: true } });
      assert.equal(await db.job('20').cancel(), true);
    });

    it('throws AsyncJobCancelError ending with "job 21 not found" for an unknown or finished job', async () => {
      server.answer('PUT', '/_db/test/_api/job/21/cancel', {
        status: 404,
        body: errorBody(404, 404, 'could not find job (21) in AsyncJobManager during cancel operation'),
      });
      const error = await rejectionOf(db.job('21').cancel());
      assert.ok(error instanceof AsyncJobCancelError);
      assert.equal(error.errorCode, 404);
      assert.ok(error.message.endsWith('job 21 not found'));
    });

    it('returns false for an unknown job with ignoreMissing', async () => {
      server.answer('PUT', '/_db/test/_api/job/22/cancel', { status: 404, body: errorBody(404, 404, 'could not find job (22) in AsyncJobManager during cancel operation') });
      assert.equal(await db.job('22').cancel({ ignoreMissing: true }), false);
    });

    it('still throws with ignoreMissing when the failure is not a missing job (401/11)', async () => {
      server.answer('PUT', '/_db/test/_api/job/23/cancel', { status: 401, body: errorBody(401, 11, 'not authorized to execute this request') });
      const error = await rejectionOf(db.job('23').cancel({ ignoreMissing: true }));
      assert.ok(error instanceof AsyncJobCancelError);
      assert.equal(error.errorCode, 11);
    });
  });

  describe('clear()', () => {
    it('returns true when the result was deleted', async () => {
      server.answer('DELETE', '/_db/test/_api/job/30', { status: 200, body: { result: true } });
      assert.equal(await db.job('30').clear(), true);
    });

    it('throws AsyncJobClearError ending with "job 31 not found" once the result is gone', async () => {
      server.answer('DELETE', '/_db/test/_api/job/31', { status: 404, body: errorBody(404, 404, 'not found') });
      const error = await rejectionOf(db.job('31').clear());
      assert.ok(error instanceof AsyncJobClearError);
      assert.ok(error.message.endsWith('job 31 not found'));
    });

    it('returns false for a missing result with ignoreMissing', async () => {
      server.answer('DELETE', '/_db/test/_api/job/32', { status: 404, body: errorBody(404, 404, 'not found') });
      assert.equal(await db.job('32').clear({ ignoreMissing: true }), false);
    });
  });

  describe('asyncJobs() and clearAsyncJobs()', () => {
    it('lists done jobs with count as strings', async () => {
      server.answer('GET', '/_db/test/_api/job/done?count=100', { status: 200, body: ['1', '2'] });
      assert.deepEqual(await db.asyncJobs('done', 100), ['1', '2']);
    });

    it('lists pending jobs without a count parameter when none is given', async () => {
      server.answer('GET', '/_db/test/_api/job/pending', { status: 200, body: [] });
      assert.deepEqual(await db.asyncJobs('pending'), []);
    });

    it('throws AsyncJobListError for a refused list (400 for a bad type)', async () => {
      server.answer('GET', '/_db/test/_api/job/bad_status', { status: 400, body: errorBody(400, 400, 'bad parameter') });
      const error = await rejectionOf(db.asyncJobs('bad_status' as 'done'));
      assert.ok(error instanceof AsyncJobListError);
      assert.equal(error.errorCode, 400);
    });

    it('refuses a list that is not an array of ids', async () => {
      server.answer('GET', '/_db/test/_api/job/done', { status: 200, body: { result: [] } });
      const error = await rejectionOf(db.asyncJobs('done'));
      assert.ok(error instanceof ArangoResponseError);
      assert.equal(error.code, 'UNEXPECTED_BODY');
    });

    it('clears all results with DELETE /_api/job/all', async () => {
      server.answer('DELETE', '/_db/test/_api/job/all', { status: 200, body: { result: true } });
      assert.equal(await db.clearAsyncJobs(), true);
    });

    it('clears results older than a Unix timestamp with DELETE /_api/job/expired?stamp=', async () => {
      server.answer('DELETE', '/_db/test/_api/job/expired?stamp=1785857304.25', { status: 200, body: { result: true } });
      assert.equal(await db.clearAsyncJobs(1785857304.25), true);
    });

    it('throws AsyncJobClearError when clearing is refused', async () => {
      server.answer('DELETE', '/_db/test/_api/job/all', { status: 401, body: errorBody(401, 11, 'not authorized to execute this request') });
      const error = await rejectionOf(db.clearAsyncJobs());
      assert.ok(error instanceof AsyncJobClearError);
      assert.equal(error.errorCode, 11);
    });
  });

  describe('re-attaching', () => {
    it('serialises a job to { id, coordinator, database } and re-attaches to it by id', async () => {
      server.answer('POST', '/_db/test/_api/cursor', submitted('40'));
      server.answer('GET', '/_db/test/_api/job/40', { status: 200 });
      server.answer('PUT', '/_db/test/_api/job/40', { status: 201, body: CURSOR_100000, headers: { 'x-arango-async-id': '40' } });
      const job = await db.beginAsyncExecution().aql.execute('RETURN 100000');
      const saved = JSON.parse(JSON.stringify(job)) as { id: string; coordinator: string; database: string };
      assert.deepEqual(saved, { id: '40', coordinator: 'http://127.0.0.1:8529', database: 'test' });
      assert.equal(String(job), '<AsyncJob 40>');
      const again = db.aqlJob(saved.id, { coordinator: saved.coordinator });
      assert.equal(await again.status(), 'done');
      assert.deepEqual(await (await again.result()).all(), [100000]);
    });

    it('refuses a coordinator that is not one of the client hosts', () => {
      assert.throws(() => db.job('1', { coordinator: 'http://elsewhere:8529' }), TypeError);
    });
  });
});
