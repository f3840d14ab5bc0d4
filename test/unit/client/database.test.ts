import assert from 'node:assert/strict';
import {
  AQLQueryClearError,
  AQLQueryKillError,
  AQLQueryListError,
  AsyncJob,
  Collection,
  CollectionCreateError,
  CollectionDeleteError,
  DatabaseCreateError,
  DatabaseDeleteError,
  DatabaseListError,
  DocumentCountError,
  DocumentDeleteError,
  DocumentGetError,
  ServerVersionError,
} from '../../../src/client';
import type { Database } from '../../../src/client';
import { HOST, MockArango, errorBody, rejectionOf } from './mockArango';

const RUNNING = {
  id: '471',
  database: 'test',
  user: 'root',
  query: 'RETURN SLEEP(10)',
  bindVars: {},
  started: '2025-11-25T11:00:00Z',
  runTime: 2.5,
  state: 'executing',
  stream: false,
};

describe('client: database, collection and query administration', () => {
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

  it('reads the server version', async () => {
    server.answer('GET', '/_db/test/_api/version', { status: 200, body: { server: 'arango', license: 'community', version: '3.12.10' } });
    assert.deepEqual(await db.version(), { server: 'arango', license: 'community', version: '3.12.10' });
  });

  it('throws ServerVersionError when the version cannot be read', async () => {
    server.answer('GET', '/_db/test/_api/version', { status: 401, body: errorBody(401, 11, 'not authorized to execute this request') });
    const error = await rejectionOf(db.version());
    assert.ok(error instanceof ServerVersionError);
    assert.equal(error.errorCode, 11);
  });

  it('creates, lists and drops databases, each failure with its own error class', async () => {
    const sys = server.client().db('_system', { username: 'root', password: 'passwd' });
    server.answer('POST', '/_db/_system/_api/database', { status: 201, body: { error: false, code: 201, result: true } });
    server.answer('GET', '/_db/_system/_api/database', { status: 200, body: { error: false, code: 200, result: ['_system', 'test'] } });
    server.answer('DELETE', '/_db/_system/_api/database/test', { status: 200, body: { error: false, code: 200, result: true } });
    assert.equal(await sys.createDatabase('test'), true);
    assert.deepEqual(JSON.parse(server.last.body ?? ''), { name: 'test' });
    assert.deepEqual(await sys.databases(), ['_system', 'test']);
    assert.equal(await sys.dropDatabase('test'), true);

    server.answer('POST', '/_db/_system/_api/database', { status: 409, body: errorBody(409, 1207, 'duplicate database name') });
    server.answer('GET', '/_db/_system/_api/database', { status: 403, body: errorBody(403, 11, 'forbidden') });
    server.answer('DELETE', '/_db/_system/_api/database/nope', { status: 404, body: errorBody(404, 1228, 'database not found') });
    assert.ok((await rejectionOf(sys.createDatabase('test'))) instanceof DatabaseCreateError);
    assert.ok((await rejectionOf(sys.databases())) instanceof DatabaseListError);
    assert.ok((await rejectionOf(sys.dropDatabase('nope'))) instanceof DatabaseDeleteError);
  });

  it('creates a collection and resolves to its handle; drops it', async () => {
    server.answer('POST', '/_db/test/_api/collection', { status: 200, body: { id: '1', name: 'students', type: 2, status: 3, error: false, code: 200 } });
    server.answer('DELETE', '/_db/test/_api/collection/students', { status: 200, body: { id: '1', error: false, code: 200 } });
    const students = await db.createCollection('students');
    assert.ok(students instanceof Collection);
    assert.equal(students.name, 'students');
    assert.equal(await db.dropCollection('students'), true);
  });

  it('throws CollectionCreateError and CollectionDeleteError', async () => {
    server.answer('POST', '/_db/test/_api/collection', { status: 409, body: errorBody(409, 1207, 'duplicate name') });
    server.answer('DELETE', '/_db/test/_api/collection/none', { status: 404, body: errorBody(404, 1203, 'collection or view not found') });
    const exists = await rejectionOf(db.createCollection('students'));
    assert.ok(exists instanceof CollectionCreateError);
    assert.equal(exists.errorCode, 1207);
    assert.ok((await rejectionOf(db.dropCollection('none'))) instanceof CollectionDeleteError);
  });

  it('reads, counts and removes documents, accepting a key or a full id', async () => {
    const students = db.collection('students');
    server.answer('GET', '/_db/test/_api/document/students/Neal', { status: 200, body: { _id: 'students/Neal', _key: 'Neal', _rev: 'r1', age: 30 } });
    server.answer('GET', '/_db/test/_api/collection/students/count', { status: 200, body: { count: 2, name: 'students' } });
    server.answer('DELETE', '/_db/test/_api/document/students/Lily', { status: 200, body: { _id: 'students/Lily', _key: 'Lily', _rev: 'r2' } });
    assert.equal((await students.document<{ age: number }>('Neal')).age, 30);
    assert.equal(await students.count(), 2);
    assert.deepEqual(await students.remove('students/Lily'), { _id: 'students/Lily', _key: 'Lily', _rev: 'r2' });
  });

  it('throws DocumentGetError, DocumentDeleteError and DocumentCountError', async () => {
    const students = db.collection('students');
    server.answer('GET', '/_db/test/_api/document/students/x', { status: 404, body: errorBody(404, 1202, 'document not found') });
    server.answer('DELETE', '/_db/test/_api/document/students/x', { status: 404, body: errorBody(404, 1202, 'document not found') });
    server.answer('GET', '/_db/test/_api/collection/students/count', { status: 404, body: errorBody(404, 1203, 'collection or view not found') });
    const missing = await rejectionOf(students.document('x'));
    assert.ok(missing instanceof DocumentGetError);
    assert.equal(missing.errorCode, 1202);
    assert.ok((await rejectionOf(students.remove('x'))) instanceof DocumentDeleteError);
    assert.ok((await rejectionOf(students.count())) instanceof DocumentCountError);
  });

  it('lists running queries, each tagged with the coordinator that runs it', async () => {
    server.answer('GET', '/_db/test/_api/query/current', { status: 200, body: [RUNNING] });
    assert.deepEqual(await db.aql.queries(), [{ ...RUNNING, coordinator: HOST }]);
  });

  it('kills a running query, and throws AQLQueryKillError 1591 for one that is not running', async () => {
    server.answer('DELETE', '/_db/test/_api/query/471', { status: 200, body: { error: false, code: 200 } });
    server.answer('DELETE', '/_db/test/_api/query/472', { status: 404, body: errorBody(404, 1591, 'query ID not found in query list') });
    assert.equal(await db.aql.kill('471', { coordinator: HOST }), true);
    const error = await rejectionOf(db.aql.kill('472'));
    assert.ok(error instanceof AQLQueryKillError);
    assert.equal(error.errorCode, 1591);
  });

  it('lists slow queries with their exit codes, and empties the slow list', async () => {
    const killed = { ...RUNNING, state: 'killed', runTime: 3.1, exitCode: 1500 };
    server.answer('GET', '/_db/test/_api/query/slow', { status: 200, body: [killed] });
    server.answer('DELETE', '/_db/test/_api/query/slow', { status: 200, body: { error: false, code: 200 } });
    assert.deepEqual(await db.aql.slowQueries(), [{ ...killed, coordinator: HOST }]);
    assert.equal(await db.aql.clearSlowQueries(), true);
    server.answer('DELETE', '/_db/test/_api/query/slow', { status: 403, body: errorBody(403, 11, 'forbidden') });
    const refused = await rejectionOf(db.aql.clearSlowQueries());
    assert.ok(refused instanceof AQLQueryClearError);
    assert.equal(refused.errorCode, 11);
  });

  it('throws AQLQueryListError when listing is refused', async () => {
    server.answer('GET', '/_db/test/_api/query/current', { status: 403, body: errorBody(403, 11, 'forbidden') });
    assert.ok((await rejectionOf(db.aql.queries())) instanceof AQLQueryListError);
  });

  it('runs administration calls as jobs on an async handle too', async () => {
    server.answer('GET', '/_db/test/_api/version', { status: 202, headers: { 'x-arango-async-id': '5' } });
    server.answer('PUT', '/_db/test/_api/job/5', { status: 200, body: { server: 'arango', license: 'community', version: '3.12.10' }, headers: { 'x-arango-async-id': '5' } });
    const job = await db.beginAsyncExecution().version();
    assert.ok(job instanceof AsyncJob);
    assert.equal((await job.result()).version, '3.12.10');
  });
});
