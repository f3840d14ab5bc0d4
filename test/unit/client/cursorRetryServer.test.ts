/**
 * A result of many batches drains completely through 503s and connection resets on its batches
 * (sandbox faults): each batch is asked again by its `nextBatchId`, and with `allowRetry` even a
 * last batch whose answer was lost after the server handled it.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArangoClient, CursorNextError } from '../../../src/client';
import type { Cursor, Database, RequestEvent } from '../../../src/client';
import type { Sandbox } from '../../sandbox/index';
import type { FaultOptions } from '../../sandbox/server/faults';
import type { TestServer } from '../../support/testServer';
import { createTestDatabase, dropTestDatabase, requireSandbox, startTestServer } from '../../support/testServer';
import { seedResettingFirst } from './sandboxFaults';

const ROWS = 50;
const BATCH_SIZE = 5;
const QUERY = `FOR i IN 1..${ROWS} RETURN i`;
const UNAVAILABLE: FaultOptions = { unavailableRate: 1 };
const NO_FAULT: FaultOptions = {};

describe('client: a multi-batch result through 503s and resets on its batches (sandbox faults)', function () {
  this.timeout(30_000);
  let server: TestServer;
  let sandbox: Sandbox;
  let databaseName: string;
  let client: ArangoClient;
  let db: Database;
  let events: RequestEvent[];
  /** The faults for each next request, one entry per attempt; none once it is empty. */
  let faultPlan: FaultOptions[];

  before(async function () {
    server = await startTestServer();
    sandbox = requireSandbox(this, server, 'fault injection');
    databaseName = await createTestDatabase(server, 'cursorretry');
  });

  beforeEach(() => {
    events = [];
    faultPlan = [];
    client = new ArangoClient({
      hosts: server.urls,
      onRequest: (event) => {
        events.push(event);
        // The hook runs when an attempt ends, before the next one is sent.
        sandbox.setFaults(faultPlan.shift() ?? NO_FAULT);
      },
    });
    db = client.db(databaseName, { username: server.username, password: server.password });
  });

  afterEach(async () => {
    faultPlan = [];
    sandbox.setFaults(NO_FAULT);
    await db.clearAsyncJobs();
    await client.close();
  });

  after(async () => {
    await dropTestDatabase(server, databaseName);
    await server.close();
  });

  /** The cursor of a finished async query job, taken without faults. */
  async function resultCursor(allowRetry: boolean): Promise<Cursor<number>> {
    const job = await db.beginAsyncExecution().aql.execute<number>(QUERY, { batchSize: BATCH_SIZE, allowRetry });
    while ((await job.status()) !== 'done') await sleep(10);
    const cursor = await job.result();
    assert.equal(cursor.hasMore, true);
    return cursor;
  }

  /** Starts the plan: its first entry applies to the next request sent. */
  function injectFaults(plan: FaultOptions[]): void {
    events.length = 0;
    sandbox.resetStats();
    sandbox.setFaults(plan[0] ?? NO_FAULT);
    faultPlan = plan.slice(1);
  }

  const resetBefore = (): FaultOptions => ({ resetRate: 1, seed: seedResettingFirst('beforeHandling') });
  const resetAfter = (): FaultOptions => ({ resetRate: 1, seed: seedResettingFirst('afterHandling') });

  it('drains every row, in order, when every batch meets a 503 or a reset, the last one a reset after it was handled', async () => {
    const cursor = await resultCursor(true);
    const laterBatches = ROWS / BATCH_SIZE - 1;
    const perBatch: FaultOptions[][] = [
      [UNAVAILABLE, resetBefore(), NO_FAULT],
      [resetAfter(), NO_FAULT],
      [UNAVAILABLE, UNAVAILABLE, NO_FAULT],
      [resetBefore(), NO_FAULT],
    ];
    const plan: FaultOptions[] = [];
    for (let batch = 0; batch < laterBatches - 1; batch += 1) plan.push(...perBatch[batch % perBatch.length]!);
    // The last batch: handled (without allowRetry the server would drop the cursor now), answer lost.
    plan.push(resetAfter(), NO_FAULT);
    injectFaults(plan);

    const rows: number[] = [];
    for await (const batch of cursor.batches()) rows.push(...batch);
    assert.deepEqual(rows, Array.from({ length: ROWS }, (_, index) => index + 1));
    const batchAttempts = events.filter((event) => event.method === 'POST');
    assert.ok(batchAttempts.some((event) => event.status === 503), '503s were met');
    assert.ok(batchAttempts.filter((event) => event.error !== undefined).length >= laterBatches / 2, 'resets were met');
    assert.equal(batchAttempts.filter((event) => event.status === 200).length, laterBatches);
    assert.equal(sandbox.stats().faults.unavailable, batchAttempts.filter((event) => event.status === 503).length);

    // With allowRetry the server still holds the cursor: close() frees it.
    await cursor.close();
    assert.deepEqual(
      events.filter((event) => event.method === 'DELETE').map((event) => event.status),
      [202],
    );
  });

  it('without allowRetry, loses the result when the answer to the last batch is lost (the limit allowRetry removes)', async () => {
    const cursor = await resultCursor(false);
    const plan: FaultOptions[] = [];
    for (let batch = 0; batch < ROWS / BATCH_SIZE - 2; batch += 1) plan.push(NO_FAULT);
    plan.push(resetAfter(), NO_FAULT);
    injectFaults(plan);

    const rows: number[] = [];
    await assert.rejects(
      async () => {
        for await (const batch of cursor.batches()) rows.push(...batch);
      },
      (error: unknown) => error instanceof CursorNextError && error.errorCode === 1600 && error.httpCode === 404,
    );
    assert.equal(rows.length, ROWS - BATCH_SIZE);
    // The server dropped the cursor with its last batch: closing it is a no-op answered 404.
    await cursor.close();
  });
});
