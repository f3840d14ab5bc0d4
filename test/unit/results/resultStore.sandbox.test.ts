import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { AQLQueryExecuteError, ArangoClient } from '../../../src/client';
import type { AsyncJob, Cursor, Database } from '../../../src/client';
import { findErrorRange } from '../../../src/language/errorPosition';
import { ResultStore } from '../../../src/results/resultStore';
import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox';

async function settled<T>(job: AsyncJob<T>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await job.status()) === 'done') {
      return job.result();
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${job.id} did not finish`);
}

describe('ResultStore with the client and the sandbox', () => {
  let sandbox: Sandbox;
  let client: ArangoClient;
  let db: Database;
  let tmp: string;

  before(async () => {
    sandbox = await startSandbox({ password: 'secret' });
    client = new ArangoClient({ hosts: sandbox.url });
    db = client.db('_system', { username: 'root', password: 'secret' });
  });

  after(async () => {
    await client.close();
    await sandbox.close();
  });

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'result-store-e2e-'));
  });

  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("drains an async job's cursor batch by batch into JSON Lines and a preview", async () => {
    const store = new ResultStore(tmp, { rowLimit: 1000, previewRows: 10 });
    const query = 'FOR i IN 1..2500 RETURN { i, square: i * i }';
    const job = await db.beginAsyncExecution().aql.execute(query, { batchSize: 700, count: true });
    const cursor: Cursor = await settled(job);
    const stored = await store.storeCursor(`${sandbox.url}#${job.id}`, cursor, { query, database: '_system' });

    assert.equal(stored.kind, 'jsonl');
    assert.equal(stored.rows, 2500);
    const lines = (await readFile(stored.path, 'utf8')).trimEnd().split('\n');
    assert.equal(lines.length, 2500);
    assert.deepEqual(JSON.parse(lines[2499]!), { i: 2500, square: 2500 * 2500 });
    assert.deepEqual(JSON.parse(await readFile(stored.previewPath!, 'utf8')), Array.from({ length: 10 }, (_, k) => ({ i: k + 1, square: (k + 1) ** 2 })));
    assert.equal(typeof stored.statistics?.executionTime, 'number');
    assert.equal(cursor.hasMore, false);
  });

  it("keeps a failed job's error and places it in the query", async () => {
    const store = new ResultStore(tmp, { rowLimit: 1000 });
    const query = 'FOR i IN 1..100\n  FILTER i = 1\n  RETURN i';
    const job = await db.beginAsyncExecution().aql.execute(query);
    const failure = await settled(job).then(
      () => assert.fail('the query should fail'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof AQLQueryExecuteError, String(failure));
    const stored = await store.storeError(`${sandbox.url}#${job.id}`, { httpCode: failure.httpCode, errorNum: failure.errorCode, message: failure.message }, { query, database: '_system' });
    assert.equal(stored.errorNum, 1501);

    const range = findErrorRange({ errorNum: stored.errorNum, message: stored.message }, query, { line: 3, character: 4 });
    assert.deepEqual(range, { start: { line: 4, character: 11 }, end: { line: 4, character: 12 } });
  });
});
