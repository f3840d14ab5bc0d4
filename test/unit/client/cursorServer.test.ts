/**
 * Cursors against the test server: batches, iteration across batches, count, statistics,
 * warnings, close, expiry, and the retry of a batch by its id after a connection reset
 * (sandbox faults).
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArangoClient, CursorNextError, ErrorNum } from '../../../src/client';
import type { Database, RequestEvent } from '../../../src/client';
import type { TestServer } from '../../support/testServer';
import { createTestDatabase, dropTestDatabase, requireSandbox, startTestServer } from '../../support/testServer';
import { waitUntil } from '../../support/waitUntil';
import { seedResettingFirst } from './sandboxFaults';

describe('client: cursors on the test server', function () {
  this.timeout(60_000);
  let server: TestServer;
  let databaseName: string;
  let client: ArangoClient;
  let db: Database;
  let events: RequestEvent[];
  let onEvent: (event: RequestEvent) => void;

  before(async () => {
    server = await startTestServer();
    databaseName = await createTestDatabase(server, 'cursors');
  });

  beforeEach(() => {
    events = [];
    onEvent = () => undefined;
    client = new ArangoClient({
      hosts: server.urls,
      onRequest: (event) => {
        events.push(event);
        onEvent(event);
      },
    });
    db = client.db(databaseName, { username: server.username, password: server.password });
  });

  afterEach(async () => {
    server.sandbox?.setFaults({});
    await client.close();
  });

  after(async () => {
    await dropTestDatabase(server, databaseName);
    await server.close();
  });

  it('iterates across batches, with count, id and statistics', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..5 RETURN i', { batchSize: 2, count: true });
    assert.equal(cursor.count, 5);
    assert.equal(typeof cursor.id, 'string');
    assert.equal(cursor.hasMore, true);
    assert.equal(typeof cursor.statistics?.executionTime, 'number');
    const items: number[] = [];
    for await (const item of cursor) items.push(item);
    assert.deepEqual(items, [1, 2, 3, 4, 5]);
    assert.equal(cursor.hasMore, false);
    const batchPaths = events.filter((event) => event.path.includes('/_api/cursor/')).map((event) => event.path);
    assert.deepEqual(batchPaths, [`/_db/${databaseName}/_api/cursor/${cursor.id ?? ''}/2`, `/_db/${databaseName}/_api/cursor/${cursor.id ?? ''}/3`]);
  });

  it('hands out whole batches with batches() and batch()', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..5 RETURN i', { batchSize: 2 });
    assert.equal(await cursor.next(), 1);
    assert.deepEqual(await cursor.batch(), [2]);
    const rest: number[][] = [];
    for await (const rows of cursor.batches()) rest.push(rows);
    assert.deepEqual(rest, [[3, 4], [5]]);
  });

  it('reports fullCount in the statistics (golden RestCursorCreateCursorOption)', async () => {
    const cursor = await db.aql.execute('FOR i IN 1..1000 FILTER i > 500 LIMIT 10 RETURN i', { count: true, fullCount: true });
    assert.equal(cursor.count, 10);
    assert.equal(cursor.statistics?.fullCount, 500);
    assert.deepEqual(await cursor.all(), [501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);
  });

  it('reports warnings', async () => {
    const cursor = await db.aql.execute('RETURN 1 / 0');
    assert.deepEqual(await cursor.all(), [null]);
    assert.equal(cursor.warnings[0]?.code, 1562);
  });

  it('closes a cursor on the server, after which its id is unknown', async () => {
    const cursor = await db.aql.execute('FOR i IN 1..5 RETURN i', { batchSize: 2 });
    const id = cursor.id ?? '';
    await cursor.close();
    const after = await server.request({ method: 'POST', database: databaseName, path: `/_api/cursor/${id}` });
    assert.equal(after.status, 404);
    assert.equal((after.json as { errorNum: number }).errorNum, ErrorNum.CURSOR_NOT_FOUND);
  });

  it('fails with CursorNextError 1600 once the cursor has outlived its ttl', async () => {
    const cursor = await db.aql.execute('FOR i IN 1..5 RETURN i', { batchSize: 2, ttl: 1 });
    await sleep(2_500);
    await cursor.next();
    await cursor.next();
    await assert.rejects(cursor.next(), (error: unknown) => error instanceof CursorNextError && error.errorCode === ErrorNum.CURSOR_NOT_FOUND);
  });

  it("iterates an AQL job's cursor across batches", async () => {
    const job = await db.beginAsyncExecution().aql.execute<number>('FOR i IN 1..7 RETURN i', { batchSize: 3, count: true });
    while ((await job.status()) !== 'done') await sleep(10);
    const cursor = await job.result();
    assert.equal(cursor.count, 7);
    assert.deepEqual(await cursor.all(), [1, 2, 3, 4, 5, 6, 7]);
  });

  it('hands out raw batches whose rows and JSON Lines are those of the parsed cursor', async () => {
    const query = 'FOR i IN 1..10 RETURN { i, text: CONCAT("row \\"", i, "\\" [x]"), list: [i, { deep: i * 2 }] }';
    const expected = await (await db.aql.execute(query)).all();
    const cursor = await db.aql.execute(query, { batchSize: 3, count: true });
    const rows: unknown[] = [];
    let lines = '';
    let batches = 0;
    for await (const batch of cursor.rawBatches()) {
      batches += 1;
      rows.push(...batch.rows());
      lines += batch.jsonLines().toString('utf8');
    }
    assert.equal(batches, 4);
    assert.equal(expected.length, 10);
    assert.deepEqual(rows, expected);
    assert.deepEqual(lines.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown), expected);
    assert.equal(cursor.count, 10);
    assert.equal(cursor.hasMore, false);
  });

  it('asks for the next raw batch while the caller is still on the current one', async () => {
    const cursor = await db.aql.execute<number>('FOR i IN 1..6 RETURN i', { batchSize: 2 });
    const batchPath = `/_db/${databaseName}/_api/cursor/${cursor.id ?? ''}`;
    const seen: number[][] = [];
    for await (const batch of cursor.rawBatches()) {
      const asked = events.filter((event) => event.path.startsWith(batchPath) && event.method === 'POST').length;
      seen.push(batch.rows() as number[]);
      if (seen.length < 3) {
        // The request for batch n+1 completes while the loop body for batch n has not moved on.
        await waitUntil(() => events.filter((event) => event.path.startsWith(batchPath) && event.method === 'POST').length >= seen.length, {
          what: `the request for batch ${seen.length + 1}`,
        });
      } else {
        assert.equal(asked, 2, 'no request after the last batch');
      }
    }
    assert.deepEqual(seen, [[1, 2], [3, 4], [5, 6]]);
  });

  for (const moment of ['beforeHandling', 'afterHandling'] as const) {
    const when = moment === 'afterHandling' ? 'after the server handed the batch out' : 'before the server handled it';
    it(`asks for the same batch id again when the connection resets ${when}`, async function () {
      const sandbox = requireSandbox(this, server, 'fault injection');
      const cursor = await db.aql.execute<number>('FOR i IN 1..6 RETURN i', { batchSize: 2 });
      assert.deepEqual(await cursor.batch(), [1, 2]);
      sandbox.resetStats();
      // One reset is enough: the hook runs when the failed attempt ends, before the retry.
      onEvent = (event) => {
        if (event.error !== undefined) sandbox.setFaults({});
      };
      sandbox.setFaults({ resetRate: 1, seed: seedResettingFirst(moment) });
      assert.deepEqual(await cursor.batch(), [3, 4]);
      assert.deepEqual(await cursor.all(), [5, 6]);
      const attempts = events.filter((event) => event.path === `/_db/${databaseName}/_api/cursor/${cursor.id ?? ''}/2`);
      assert.deepEqual(
        attempts.map((event) => event.attempt),
        [1, 2],
      );
      assert.equal(attempts[0]?.error?.startsWith('ECONNRESET'), true);
      const { faults } = sandbox.stats();
      assert.equal(moment === 'afterHandling' ? faults.resetAfterHandling : faults.resetBeforeHandling, 1);
    });
  }
});
