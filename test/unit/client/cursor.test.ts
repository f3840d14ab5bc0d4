import assert from 'node:assert/strict';
import { ArangoConnectionError, Cursor, CursorCloseError, CursorNextError } from '../../../src/client';
import type { Database } from '../../../src/client';
import { MockArango, errorBody, rejectionOf } from './mockArango';

function stats(extra: Record<string, number> = {}): Record<string, number> {
  return { writesExecuted: 0, writesIgnored: 0, scannedFull: 5, filtered: 0, executionTime: 0.0002, peakMemoryUsage: 0, ...extra };
}

/** A cursor answer shaped like the golden RestCursorCreateCursorForLimitReturn / RestCursorForLimitReturnCont. */
function batch(result: unknown[], more: { id?: string; nextBatchId?: string } | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    result,
    hasMore: more !== undefined,
    ...(more?.id === undefined ? {} : { id: more.id }),
    count: 5,
    extra: { warnings: [], stats: stats() },
    cached: false,
    ...(more?.nextBatchId === undefined ? {} : { nextBatchId: more.nextBatchId }),
    error: false,
    code: 201,
    ...extra,
  };
}

describe('client: Cursor', () => {
  let server: MockArango;
  let db: Database;

  beforeEach(() => {
    server = new MockArango();
    db = server.client().db('test');
  });

  afterEach(async () => {
    server.agent.assertNoPendingInterceptors();
    await server.close();
  });

  /** The answer to the query; a string is sent as the server's exact bytes, typed as JSON. */
  function firstBatch(body: Record<string, unknown> | string): void {
    server.answer('POST', '/_db/test/_api/cursor', { status: 201, body, ...(typeof body === 'string' ? { headers: { 'content-type': 'application/json' } } : {}) });
  }

  it('iterates every item across batches, asking for each batch by its nextBatchId', async () => {
    firstBatch(batch([1, 2], { id: '74175', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/74175/2', { status: 200, body: batch([3, 4], { id: '74175', nextBatchId: '3' }) });
    server.answer('POST', '/_db/test/_api/cursor/74175/3', { status: 200, body: batch([5], undefined) });
    const cursor = await db.aql.execute<number>('FOR i IN 1..5 RETURN i', { batchSize: 2, count: true });
    assert.ok(cursor instanceof Cursor);
    assert.equal(cursor.id, '74175');
    assert.equal(cursor.count, 5);
    assert.equal(cursor.hasMore, true);
    const items: number[] = [];
    for await (const item of cursor) items.push(item);
    assert.deepEqual(items, [1, 2, 3, 4, 5]);
    assert.equal(cursor.hasMore, false);
    assert.equal(cursor.hasNext, false);
    assert.deepEqual(
      server.requests.map((request) => request.path),
      ['/_db/test/_api/cursor', '/_db/test/_api/cursor/74175/2', '/_db/test/_api/cursor/74175/3'],
    );
  });

  it('sends the query options under the names of POST /_api/cursor', async () => {
    firstBatch(batch([], undefined));
    await db.aql.execute('FOR d IN @@c RETURN d', {
      bindVars: { '@c': 'students' },
      batchSize: 2,
      count: true,
      fullCount: true,
      ttl: 60,
      maxRuntime: 30,
      memoryLimit: 1024,
      profile: true,
      stream: false,
      failOnWarning: true,
      optimizerRules: ['-use-indexes', '+remove-unnecessary-calculations'],
    });
    assert.deepEqual(JSON.parse(server.last.body ?? ''), {
      query: 'FOR d IN @@c RETURN d',
      bindVars: { '@c': 'students' },
      batchSize: 2,
      count: true,
      ttl: 60,
      memoryLimit: 1024,
      options: { fullCount: true, maxRuntime: 30, profile: true, stream: false, failOnWarning: true, optimizer: { rules: ['-use-indexes', '+remove-unnecessary-calculations'] } },
    });
  });

  it('gives the rest of the current batch, then each next batch, then undefined from batch()', async () => {
    firstBatch(batch([1, 2, 3], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch([4, 5], undefined) });
    const cursor = await db.aql.execute<number>('q');
    assert.equal(await cursor.next(), 1);
    assert.deepEqual(await cursor.batch(), [2, 3]);
    assert.deepEqual(await cursor.batch(), [4, 5]);
    assert.equal(await cursor.batch(), undefined);
    assert.equal(await cursor.next(), undefined);
  });

  it('yields whole batches from batches(), fetching each only when asked', async () => {
    firstBatch(batch([1, 2], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch([3], undefined) });
    const cursor = await db.aql.execute<number>('q');
    const seen: number[][] = [];
    for await (const rows of cursor.batches()) {
      seen.push(rows);
      if (seen.length === 1) assert.equal(server.requests.length, 1, 'the second batch is fetched only when the loop asks');
    }
    assert.deepEqual(seen, [[1, 2], [3]]);
  });

  it('collects everything with all()', async () => {
    firstBatch(batch(['a'], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch(['b', 'c'], undefined) });
    const cursor = await db.aql.execute<string>('q');
    assert.deepEqual(await cursor.all(), ['a', 'b', 'c']);
  });

  it('returns an AQL null as null and signals exhaustion with undefined', async () => {
    firstBatch(batch([null], undefined));
    const cursor = await db.aql.execute('RETURN null');
    assert.equal(await cursor.next(), null);
    assert.equal(await cursor.next(), undefined);
  });

  it('exposes statistics, warnings and profile, updated with every batch', async () => {
    firstBatch(
      batch([1], { id: '9', nextBatchId: '2' }, {
        extra: { warnings: [{ code: 1562, message: 'division by zero' }], stats: stats({ fullCount: 500 }), profile: { parsing: 0.1, executing: 0.2 } },
      }),
    );
    server.answer('POST', '/_db/test/_api/cursor/9/2', {
      status: 200,
      body: batch([2], undefined, { extra: { warnings: [], stats: stats({ writesExecuted: 2 }) } }),
    });
    const cursor = await db.aql.execute('q', { fullCount: true, profile: true });
    assert.equal(cursor.statistics?.fullCount, 500);
    assert.deepEqual(cursor.warnings, [{ code: 1562, message: 'division by zero' }]);
    assert.equal(cursor.profile?.executing, 0.2);
    await cursor.all();
    assert.equal(cursor.statistics?.writesExecuted, 2);
    assert.deepEqual(cursor.warnings, []);
  });

  it('falls back to POST /_api/cursor/{id} when the server sends no nextBatchId (before 3.11.1)', async () => {
    firstBatch(batch([1], { id: '9' }));
    server.answer('POST', '/_db/test/_api/cursor/9', { status: 200, body: batch([2], undefined) });
    const cursor = await db.aql.execute('q');
    assert.deepEqual(await cursor.all(), [1, 2]);
  });

  it('reads raw batches with the same continuation and the same errors as parsed ones', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch([2, 3], { id: '9', nextBatchId: '3' }, { extra: { warnings: [], stats: stats({ scannedFull: 7 }) } }) });
    server.answer('POST', '/_db/test/_api/cursor/9/3', { status: 200, body: { hasMore: false, result: 'not rows' } });
    // Cut off: JSON that stops early (a connection-close answer), declared as JSON.
    server.answer('POST', '/_db/test/_api/cursor/10/2', { status: 200, body: '{"result":[4,5', headers: { 'content-type': 'application/json' } });
    const cursor = await db.aql.execute('q');
    const seen: unknown[][] = [];
    const drained = (async () => {
      for await (const raw of cursor.rawBatches()) seen.push(raw.rows());
    })();
    const error = await rejectionOf(drained);
    assert.deepEqual(seen, [[1], [2, 3]]);
    assert.equal(cursor.statistics?.scannedFull, 7);
    assert.equal((error as { code?: string }).code, 'UNEXPECTED_BODY');
    assert.match(String((error as Error).message), /POST \/_db\/test\/_api\/cursor\/9\/3 answered HTTP 200 with a application\/json body of \d+ bytes; expected a cursor object with result and hasMore\./);

    firstBatch(batch([3], { id: '10', nextBatchId: '2' }));
    const cutOff = await db.aql.execute('q');
    const cutOffError = await rejectionOf((async () => {
      for await (const raw of cutOff.rawBatches()) raw.rows();
    })());
    assert.equal((cutOffError as { code?: string }).code, 'INVALID_JSON');
    assert.match(String((cutOffError as Error).message), /^POST \/_db\/test\/_api\/cursor\/10\/2 answered HTTP 200 with a body that is not valid JSON \(14 bytes, possibly cut off\): expected .* at byte 14 of 14$/);
  });

  it('keeps the first batch as bytes, parsed only when its rows are read, with the errors of a parsed answer', async () => {
    // Digits past what a JavaScript number holds stay as the server wrote them in raw batches.
    firstBatch('{"result":[12345678901234567890,{"a":"x,y"}],"hasMore":false,"count":2,"extra":{"warnings":[],"stats":{"scannedFull":2}}}');
    const cursor = await db.aql.execute('q');
    assert.equal(cursor.count, 2);
    assert.equal(cursor.statistics?.scannedFull, 2);
    assert.equal(cursor.hasNext, true);
    const lines: string[] = [];
    for await (const raw of cursor.rawBatches()) lines.push(raw.jsonLines().toString());
    assert.deepEqual(lines, ['12345678901234567890\n{"a":"x,y"}\n']);
    assert.equal(cursor.hasNext, false);

    firstBatch('{"result":[1,{"a":[2]}],"hasMore":false}');
    const read = await db.aql.execute('q');
    assert.deepEqual(await read.next(), 1);
    assert.deepEqual(await read.all(), [{ a: [2] }]);

    server.answer('POST', '/_db/test/_api/cursor', { status: 201, body: '<html>proxy</html>', headers: { 'content-type': 'text/html' } });
    const proxied = await rejectionOf(db.aql.execute('q'));
    assert.equal((proxied as { code?: string }).code, 'UNEXPECTED_BODY');
    assert.match(String((proxied as Error).message), /answered HTTP 201 with a text\/html body of 18 bytes; expected a cursor object with result and hasMore\. Is /);

    server.answer('POST', '/_db/test/_api/cursor', { status: 201, body: '{"result":[1,', headers: { 'content-type': 'application/json; charset=utf-8' } });
    const cutOff = await rejectionOf(db.aql.execute('q'));
    assert.equal((cutOff as { code?: string }).code, 'INVALID_JSON');

    // Rows are found by a scan, not checked byte by byte: a row that is not JSON fails when read.
    firstBatch('{"result":[1,\u0018],"hasMore":false}');
    const garbled = await db.aql.execute('q');
    const unreadable = await rejectionOf(garbled.all());
    assert.equal((unreadable as { code?: string }).code, 'INVALID_JSON');
    assert.match(String((unreadable as Error).message), /: expected a JSON value in row 2 at byte 13 of 32$/);
  });

  it('asks for each raw batch once, by its nextBatchId', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch([2], { id: '9', nextBatchId: '3' }) });
    server.answer('POST', '/_db/test/_api/cursor/9/3', { status: 200, body: batch([3], undefined) });
    const cursor = await db.aql.execute('q');
    const rows: unknown[] = [];
    for await (const raw of cursor.rawBatches()) rows.push(...raw.rows());
    assert.deepEqual(rows, [1, 2, 3]);
    assert.deepEqual(server.requests.map((request) => request.path), ['/_db/test/_api/cursor', '/_db/test/_api/cursor/9/2', '/_db/test/_api/cursor/9/3']);
  });

  it('throws CursorNextError from raw batches as from parsed ones', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 404, body: errorBody(404, 1600, 'cursor not found') });
    const cursor = await db.aql.execute('q');
    const error = await rejectionOf((async () => {
      for await (const raw of cursor.rawBatches()) raw.rows();
    })());
    assert.ok(error instanceof CursorNextError);
    assert.equal(error.errorCode, 1600);
  });

  it('asks for the same batch id again after the connection resets', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.fail('POST', '/_db/test/_api/cursor/9/2', Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch([2], undefined) });
    const cursor = await db.aql.execute('q');
    assert.deepEqual(await cursor.all(), [1, 2]);
    const attempts = server.events.filter((event) => event.path === '/_db/test/_api/cursor/9/2');
    assert.deepEqual(attempts.map((event) => event.attempt), [1, 2]);
    assert.equal(attempts[0]?.error?.startsWith('ECONNRESET'), true);
  });

  it('does not repeat a batch request without batch id after a reset (it would skip a batch)', async () => {
    firstBatch(batch([1], { id: '9' }));
    server.fail('POST', '/_db/test/_api/cursor/9', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const cursor = await db.aql.execute('q');
    assert.equal(await cursor.next(), 1);
    const error = await rejectionOf(cursor.next());
    assert.ok(error instanceof ArangoConnectionError);
    assert.equal(error.code, 'ECONNRESET');
    assert.equal(error.mayHaveReachedServer, true);
    assert.equal(error.attempts, 1);
  });

  it('throws CursorNextError 1600 for an expired cursor', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 404, body: errorBody(404, 1600, 'cursor not found') });
    const cursor = await db.aql.execute('q');
    await cursor.next();
    const error = await rejectionOf(cursor.next());
    assert.ok(error instanceof CursorNextError);
    assert.equal(error.errorCode, 1600);
    assert.equal(error.httpCode, 404);
  });

  it('closes a cursor with more batches by DELETE, keeping items already fetched', async () => {
    firstBatch(batch([1, 2], { id: '9', nextBatchId: '2' }));
    server.answer('DELETE', '/_db/test/_api/cursor/9', { status: 202, body: { id: '9', error: false, code: 202 } });
    const cursor = await db.aql.execute('q');
    await cursor.close();
    assert.equal(cursor.hasMore, false);
    assert.deepEqual(await cursor.all(), [1, 2]);
    await cursor.close();
    assert.equal(server.requests.filter((request) => request.method === 'DELETE').length, 1);
  });

  it('treats closing a cursor the server no longer knows (404/1600) as closed', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.answer('DELETE', '/_db/test/_api/cursor/9', { status: 404, body: errorBody(404, 1600, 'cursor not found') });
    const cursor = await db.aql.execute('q');
    await cursor.close();
    assert.equal(cursor.hasMore, false);
  });

  it('throws CursorCloseError when closing fails otherwise', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.answer('DELETE', '/_db/test/_api/cursor/9', { status: 401, body: errorBody(401, 11, 'not authorized to execute this request') });
    const cursor = await db.aql.execute('q');
    const error = await rejectionOf(cursor.close());
    assert.ok(error instanceof CursorCloseError);
    assert.equal(error.errorCode, 11);
  });

  it('sends allowRetry inside options, and only when asked', async () => {
    firstBatch(batch([1], undefined));
    firstBatch(batch([1], undefined));
    await db.aql.execute('RETURN 1', { allowRetry: true, stream: true });
    await db.aql.execute('RETURN 1');
    const [withRetry, without] = server.requests.map((request) => JSON.parse(request.body ?? '{}') as Record<string, unknown>);
    assert.deepEqual(withRetry, { query: 'RETURN 1', options: { stream: true, allowRetry: true } });
    assert.deepEqual(without, { query: 'RETURN 1' });
  });

  it('deletes a drained cursor too (with allowRetry the server keeps it after its last batch), once', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch([2], undefined, { id: '9' }) });
    server.answer('DELETE', '/_db/test/_api/cursor/9', { status: 202, body: { id: '9', error: false, code: 202 } });
    const cursor = await db.aql.execute('q', { allowRetry: true });
    assert.deepEqual(await cursor.all(), [1, 2]);
    assert.equal(cursor.hasMore, false);
    await cursor.close();
    await cursor.close();
    assert.deepEqual(
      server.requests.map((request) => `${request.method} ${request.path}`),
      ['POST /_db/test/_api/cursor', 'POST /_db/test/_api/cursor/9/2', 'DELETE /_db/test/_api/cursor/9'],
    );
  });

  it('treats a drained cursor the server already dropped (404/1600 on DELETE) as closed', async () => {
    firstBatch(batch([1], { id: '9', nextBatchId: '2' }));
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch([2], undefined, { id: '9' }) });
    server.answer('DELETE', '/_db/test/_api/cursor/9', { status: 404, body: errorBody(404, 1600, 'cursor not found') });
    const cursor = await db.aql.execute('q');
    assert.deepEqual(await cursor.all(), [1, 2]);
    await cursor.close();
    assert.equal(server.requests.filter((request) => request.method === 'DELETE').length, 1);
  });

  it('sends nothing to close a cursor whose result came in one batch', async () => {
    firstBatch(batch([1], undefined));
    const cursor = await db.aql.execute('q');
    await cursor.close();
    assert.equal(server.requests.length, 1);
  });

  it('fetches later batches from the coordinator that created the cursor', async () => {
    const hosts = ['http://127.0.0.1:8529', 'http://127.0.0.1:8530'];
    const client = server.client({ hosts });
    const clusterDb = client.db('test');
    server.answer('GET', '/_db/test/_api/version', { status: 200, body: { server: 'arango', version: '3.12.10', license: 'community' } }, hosts[0]);
    server.answer('POST', '/_db/test/_api/cursor', { status: 201, body: batch([1], { id: '9', nextBatchId: '2' }) }, hosts[1]);
    server.answer('POST', '/_db/test/_api/cursor/9/2', { status: 200, body: batch([2], undefined) }, hosts[1]);
    await clusterDb.version();
    const cursor = await clusterDb.aql.execute('q');
    assert.equal(cursor.coordinator, hosts[1]);
    assert.deepEqual(await cursor.all(), [1, 2]);
  });
});
