import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { RawBatch } from '../../../src/client/rawBatch';
import { fileBaseFor } from '../../../src/results/resultFiles';
import { ResultStore } from '../../../src/results/resultStore';
import { ResultStoreError } from '../../../src/results/resultStoreError';
import type { DrainableCursor, StoredResult } from '../../../src/results/storedResult';

const META = { query: 'FOR d IN docs RETURN d', database: '_system' };

function rowsFrom(start: number, count: number): { _key: string; n: number }[] {
  return Array.from({ length: count }, (_, i) => ({ _key: `k${start + i}`, n: start + i }));
}

/** A cursor over fixed batches, with the server's extras. */
function cursorOf(batches: unknown[][], extras: Partial<DrainableCursor> = {}): DrainableCursor {
  return {
    async *batches() {
      for (const batch of batches) {
        await Promise.resolve();
        yield batch;
      }
    },
    ...extras,
  };
}

async function filesIn(directory: string): Promise<string[]> {
  return (await readdir(directory)).sort();
}

function asResult(entry: unknown): StoredResult {
  assert.ok(typeof entry === 'object' && entry !== null && 'kind' in entry && entry.kind !== 'error', 'expected a stored result');
  return entry as StoredResult;
}

describe('ResultStore', () => {
  let tmp: string;
  let root: string;

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'result-store-'));
    root = path.join(tmp, 'storage', 'results');
  });

  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  describe('storing a cursor', () => {
    it('keeps a result within rowLimit as a pretty JSON array, with its rows as sent and their offset index beside it', async () => {
      const store = new ResultStore(root, { rowLimit: 5 });
      const rows = [...rowsFrom(0, 2), ...rowsFrom(2, 1)];
      const statistics = { writesExecuted: 0, scannedFull: 3, executionTime: 0.001 };
      const stored = await store.storeCursor('job-1', cursorOf([rows.slice(0, 2), rows.slice(2)], { statistics, warnings: [] }), META);

      assert.equal(stored.kind, 'json');
      assert.equal(stored.rows, 3);
      assert.equal(stored.previewPath, undefined);
      const text = await readFile(stored.path, 'utf8');
      assert.equal(text, `${JSON.stringify(rows, null, 2)}\n`);
      assert.equal(stored.bytes, (await stat(stored.path)).size);
      assert.deepEqual(stored.statistics, statistics);
      assert.deepEqual(stored.warnings, []);
      assert.equal(stored.query, META.query);
      assert.equal(stored.database, META.database);
      assert.ok(!Number.isNaN(Date.parse(stored.storedAt)));
      const files = await filesIn(root);
      assert.deepEqual(files.map((name) => name.slice(name.indexOf('.'))), ['.idx', '.json', '.jsonl', '.meta.json'], files.join());
      assert.ok(stored.rowsPath !== undefined && stored.indexPath !== undefined);
      assert.equal(await readFile(stored.rowsPath, 'utf8'), rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    });

    it('keeps exactly rowLimit rows as JSON and one more as JSON Lines', async () => {
      const store = new ResultStore(root, { rowLimit: 4 });
      assert.equal((await store.storeCursor('at-limit', cursorOf([rowsFrom(0, 4)]), META)).kind, 'json');
      assert.equal((await store.storeCursor('over-limit', cursorOf([rowsFrom(0, 4), rowsFrom(4, 1)]), META)).kind, 'jsonl');
    });

    it('keeps a larger result as JSON Lines, one row per line, with a pretty preview of the first rows', async () => {
      const store = new ResultStore(root, { rowLimit: 10, previewRows: 3 });
      const rows = rowsFrom(0, 25);
      const stored = await store.storeCursor('big', cursorOf([rows.slice(0, 10), rows.slice(10, 20), rows.slice(20)]), META);

      assert.equal(stored.kind, 'jsonl');
      assert.equal(stored.rows, 25);
      assert.equal(stored.previewRows, 3);
      const lines = (await readFile(stored.path, 'utf8')).split('\n');
      assert.equal(lines.pop(), '');
      assert.deepEqual(lines.map((line) => JSON.parse(line) as unknown), rows);
      assert.equal(stored.bytes, (await stat(stored.path)).size);
      assert.ok(stored.previewPath !== undefined);
      assert.equal(await readFile(stored.previewPath, 'utf8'), `${JSON.stringify(rows.slice(0, 3), null, 2)}\n`);
    });

    it('copies raw batches into the JSON Lines byte for byte, parsing only the preview rows', async () => {
      const store = new ResultStore(root, { rowLimit: 3, previewRows: 2 });
      const answers = [
        '{"result":[{"n":12345678901234567890},{"s":"a,b]}"}],"hasMore":true,"id":"7","nextBatchId":"2"}',
        '{"result":[1.50,-0,"\\u00e9"],"hasMore":false}',
      ];
      let parsedCalls = 0;
      const cursor: DrainableCursor = {
        batches: () => {
          parsedCalls += 1;
          return cursorOf([]).batches();
        },
        async *rawBatches() {
          for (const answer of answers) {
            await Promise.resolve();
            yield RawBatch.scanCursorBody(Buffer.from(answer)).batch;
          }
        },
      };
      const stored = await store.storeCursor('raw', cursor, META);
      assert.equal(parsedCalls, 0);
      assert.equal(stored.kind, 'jsonl');
      assert.equal(stored.rows, 5);
      assert.equal(await readFile(stored.path, 'utf8'), '{"n":12345678901234567890}\n{"s":"a,b]}"}\n1.50\n-0\n"\\u00e9"\n');
      assert.ok(stored.previewPath !== undefined);
      assert.deepEqual(JSON.parse(await readFile(stored.previewPath, 'utf8')), [{ n: 12345678901234567890 }, { s: 'a,b]}' }]);
    });

    it('holds no rows while draining: the preview is read back from the finished file, and a row that is not JSON fails the drain', async () => {
      const store = new ResultStore(root, { rowLimit: 2, previewRows: 1 });
      const answers = ['{"result":[{"a":1},{"a":2}],"hasMore":true,"id":"7","nextBatchId":"2"}', '{"result":[{"a":3}],"hasMore":false}'];
      const batches = answers.map((answer) => RawBatch.scanCursorBody(Buffer.from(answer)).batch);
      // A batch whose rows are asked for would be parsed while draining: the store must not ask.
      const unreadable = batches.map((batch) => ({
        rowCount: batch.rowCount,
        rows: (): never => assert.fail('rows() was called during the drain'),
        jsonLines: () => batch.jsonLines(),
      }));
      const stored = await store.storeCursor('held', { batches: () => cursorOf([]).batches(), rawBatches: async function* () { for (const batch of unreadable) yield await Promise.resolve(batch); } }, META);
      assert.equal(stored.rows, 3);
      assert.ok(stored.previewPath !== undefined);
      assert.deepEqual(JSON.parse(await readFile(stored.previewPath, 'utf8')), [{ a: 1 }]);

      const garbled = RawBatch.scanCursorBody(Buffer.from('{"result":[{"a":1},\u0018],"hasMore":false}')).batch;
      const earlier = await store.storeCursor('garbled', cursorOf([rowsFrom(0, 1)]), META);
      await assert.rejects(
        store.storeCursor('garbled', { batches: () => cursorOf([]).batches(), rawBatches: async function* () { yield await Promise.resolve(garbled); } }, META),
        { name: 'ResultStoreError', code: 'RESULT_INVALID_ROWS' },
      );
      assert.deepEqual(await store.get('garbled'), earlier, 'the earlier entry survives');
      assert.deepEqual((await filesIn(root)).filter((name) => name.includes('partial')), []);
    });

    it('writes the small result and the preview exactly as JSON.stringify(rows, null, 2) would', async () => {
      const rows = [{ a: [1, { b: 'x\ny' }], c: {} }, [], 'text', null, 1.5, { d: [] }];
      const store = new ResultStore(root, { rowLimit: rows.length, previewRows: 2 });
      const small = await store.storeCursor('exact', cursorOf([rows.slice(0, 3), rows.slice(3)]), META);
      assert.equal(await readFile(small.path, 'utf8'), `${JSON.stringify(rows, null, 2)}\n`);
      const large = await store.storeCursor('exact-large', cursorOf([rows, rows]), META);
      assert.ok(large.previewPath !== undefined);
      assert.equal(await readFile(large.previewPath, 'utf8'), `${JSON.stringify(rows.slice(0, 2), null, 2)}\n`);
    });

    it('stores an empty result as an empty JSON array', async () => {
      const store = new ResultStore(root, { rowLimit: 10 });
      const stored = await store.storeCursor('empty', cursorOf([[]]), META);
      assert.equal(stored.kind, 'json');
      assert.equal(stored.rows, 0);
      assert.deepEqual(JSON.parse(await readFile(stored.path, 'utf8')), []);
    });

    it('writes rows of any JSON type, one value per line', async () => {
      const store = new ResultStore(root, { rowLimit: 1 });
      const rows = [1, 'two', null, [3], { four: { five: true } }, 'line\nbreak'];
      const stored = await store.storeCursor('types', cursorOf([rows]), META);
      const lines = (await readFile(stored.path, 'utf8')).trimEnd().split('\n');
      assert.deepEqual(lines.map((line) => JSON.parse(line) as unknown), rows);
    });

    it('shows nothing under a final name while the drain is running', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      const seen: string[][] = [];
      const cursor: DrainableCursor = {
        async *batches() {
          yield rowsFrom(0, 2);
          seen.push(await filesIn(root));
          assert.equal(await store.get('running'), undefined);
          yield rowsFrom(2, 2);
          seen.push(await filesIn(root));
        },
      };
      await store.storeCursor('running', cursor, META);
      assert.ok(seen.length === 2 && seen.every((files) => files.length === 1 && files[0]!.endsWith('.partial')), JSON.stringify(seen));
    });

    it('holds memory steady while draining 300 000 rows with rowLimit 1000', async function () {
      this.timeout(120_000);
      v8.setFlagsFromString('--expose-gc');
      const collectGarbage = vm.runInNewContext('gc') as () => void;
      const store = new ResultStore(root, { rowLimit: 1000 });
      const totalRows = 300_000;
      const batchSize = 1000;
      const padding = 'x'.repeat(100);
      const samples: number[] = [];
      // Rows waiting in a write stream are Buffers outside the JS heap: count both.
      const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;
      collectGarbage();
      const baseline = used();
      const cursor: DrainableCursor = {
        count: totalRows,
        async *batches() {
          for (let start = 0; start < totalRows; start += batchSize) {
            if ((start / batchSize) % 25 === 0) {
              collectGarbage();
              samples.push(used() - baseline);
            }
            await Promise.resolve();
            yield Array.from({ length: batchSize }, (_, i) => ({ _key: `k${start + i}`, n: start + i, padding }));
          }
        },
      };
      const stored = await store.storeCursor('large', cursor, META);

      assert.equal(stored.kind, 'jsonl');
      assert.equal(stored.rows, totalRows);
      const dataBytes = (await stat(stored.path)).size;
      assert.ok(dataBytes > 40_000_000, `data size ${dataBytes}`);
      const peakGrowth = Math.max(...samples);
      // Holding every row, or buffering writes without waiting for 'drain', takes about the
      // size of the data (measured: 20-40 MB); draining as designed stays near 1.5 MB.
      assert.ok(peakGrowth < dataBytes / 10, `memory grew by ${peakGrowth} bytes for ${dataBytes} bytes of rows`);
      const preview = JSON.parse(await readFile(stored.previewPath!, 'utf8')) as unknown[];
      assert.equal(preview.length, 1000);
    });

    it('applies a changed row limit to later drains, not to one already running', async () => {
      const store = new ResultStore(root, { rowLimit: 5 });
      const cursor: DrainableCursor = {
        async *batches() {
          yield rowsFrom(0, 2);
          store.setRowLimit(1);
          await Promise.resolve();
          yield rowsFrom(2, 2);
        },
      };
      assert.equal((await store.storeCursor('running', cursor, META)).kind, 'json');
      const later = await store.storeCursor('later', cursorOf([rowsFrom(0, 4)]), META);
      assert.equal(later.kind, 'jsonl');
      assert.equal(later.previewRows, 1);
      assert.throws(() => store.setRowLimit(1.5), { code: 'RESULT_INVALID_OPTIONS' });
    });
  });

  describe('file safety', () => {
    it('creates its folder with mode 0700 and every file with mode 0600', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      await store.storeCursor('small', cursorOf([rowsFrom(0, 1)]), META);
      await store.storeCursor('large', cursorOf([rowsFrom(0, 3)]), META);
      await store.storeError('failed', { httpCode: 400, errorNum: 1501, message: 'syntax error' }, META);

      assert.equal((await stat(root)).mode & 0o777, 0o700);
      const files = await filesIn(root);
      assert.equal(files.length, 9, files.join());
      for (const name of files) {
        assert.equal((await stat(path.join(root, name))).mode & 0o777, 0o600, name);
      }
    });

    it('maps every job key to a file inside its folder, however the key is spelled', async () => {
      const store = new ResultStore(root, { rowLimit: 5 });
      const keys = ['../../escape', '/etc/passwd', 'a/../../b', '..', '.', 'C:\\evil', 'http://127.0.0.1:8529#42', 'nul\u0000byte', 'x'.repeat(5000)];
      for (const key of keys) {
        await store.storeCursor(key, cursorOf([rowsFrom(0, 1)]), META);
      }
      assert.deepEqual(await filesIn(tmp), ['storage']);
      assert.deepEqual(await filesIn(path.join(tmp, 'storage')), ['results']);
      assert.equal((await filesIn(root)).length, keys.length * 4);
      const listed = (await store.list()).map((entry) => entry.jobKey).sort();
      assert.deepEqual(listed, [...keys].sort());
      for (const key of keys) {
        const entry = await store.get(key);
        assert.equal(entry?.jobKey, key);
        assert.equal(path.dirname(entry.path), root);
      }
    });

    it('recreates its folder if it was deleted, and lists nothing while it is gone', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      await rm(root, { recursive: true });
      assert.deepEqual(await store.list(), []);
      assert.equal(await store.totalBytes(), 0);
      await store.storeCursor('back', cursorOf([rowsFrom(0, 1)]), META);
      assert.equal((await stat(root)).mode & 0o777, 0o700);
      assert.equal((await store.list()).length, 1);
    });

    it('refuses an empty job key', async () => {
      const store = new ResultStore(root, { rowLimit: 5 });
      await assert.rejects(store.storeCursor('', cursorOf([]), META), { code: 'RESULT_INVALID_JOB_KEY' });
    });

    it('refuses a rowLimit below 1', () => {
      assert.throws(() => new ResultStore(root, { rowLimit: 0 }), (error: unknown) => error instanceof ResultStoreError && error.code === 'RESULT_INVALID_OPTIONS');
    });
  });

  describe('failed and aborted drains', () => {
    it('removes its partial file and rethrows when the cursor fails mid-drain', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      const failure = new Error('connection reset');
      const cursor: DrainableCursor = {
        async *batches() {
          yield rowsFrom(0, 2);
          await Promise.resolve();
          yield rowsFrom(2, 2);
          throw failure;
        },
      };
      await assert.rejects(store.storeCursor('broken', cursor, META), (error: unknown) => error === failure);
      assert.deepEqual(await filesIn(root), []);
      assert.equal(await store.get('broken'), undefined);
    });

    it('stops, removes its files, closes the cursor and rejects when aborted mid-drain', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      const controller = new AbortController();
      let batchesSent = 0;
      let cursorClosed = false;
      const cursor: DrainableCursor = {
        async *batches() {
          try {
            for (;;) {
              await new Promise((resolve) => setImmediate(resolve));
              batchesSent += 1;
              if (batchesSent === 3) {
                controller.abort();
              }
              yield rowsFrom(batchesSent * 2, 2);
            }
          } finally {
            cursorClosed = true;
          }
        },
      };
      await assert.rejects(store.storeCursor('aborted', cursor, META, controller.signal), { name: 'AbortError' });
      assert.ok(batchesSent <= 4, `kept reading: ${batchesSent} batches`);
      assert.deepEqual(await filesIn(root), []);
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(cursorClosed, 'the cursor was not closed');
    });

    it('rejects at once when aborted while waiting for a batch that does not come', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      const controller = new AbortController();
      let release: () => void = () => undefined;
      const cursor: DrainableCursor = {
        async *batches() {
          yield rowsFrom(0, 1);
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        },
      };
      const storing = store.storeCursor('stuck', cursor, META, controller.signal);
      setImmediate(() => controller.abort());
      await assert.rejects(storing, { name: 'AbortError' });
      assert.deepEqual(await filesIn(root), []);
      release();
    });

    it('creates no file for a signal aborted before it starts', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      await assert.rejects(store.storeCursor('early', cursorOf([rowsFrom(0, 1)]), META, AbortSignal.abort()), { name: 'AbortError' });
      assert.deepEqual(await filesIn(root), []);
    });

    it('keeps the earlier entry for a job when a later drain fails', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      const first = await store.storeCursor('again', cursorOf([rowsFrom(0, 1)]), META);
      const failing: DrainableCursor = {
        async *batches() {
          yield rowsFrom(0, 5);
          await Promise.resolve();
          throw new Error('lost');
        },
      };
      await assert.rejects(store.storeCursor('again', failing, META), { message: 'lost' });
      assert.deepEqual(await store.get('again'), first);
    });

    it('refuses a cursor that delivers fewer rows than the server counted', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      await assert.rejects(store.storeCursor('short', cursorOf([rowsFrom(0, 2)], { count: 3 }), META), {
        name: 'ResultStoreError',
        code: 'RESULT_INCOMPLETE',
      });
      assert.deepEqual(await filesIn(root), []);
    });
  });

  describe('errors, reopening and housekeeping', () => {
    it('finds a stored result again from a new store on the same folder (a window reload)', async () => {
      const bindVars = { id: 7, '@coll': 'docs' };
      const stored = await new ResultStore(root, { rowLimit: 2 }).storeCursor(
        'reload',
        cursorOf([rowsFrom(0, 3)], { warnings: [{ code: 1562, message: 'division by zero' }], profile: { parsing: 0.1 } }),
        { ...META, bindVars },
      );
      const reopened = await new ResultStore(root, { rowLimit: 2 }).get('reload');
      assert.deepEqual(reopened, stored);
      assert.deepEqual(asResult(reopened).bindVars, bindVars);
      assert.deepEqual(asResult(reopened).profile, { parsing: 0.1 });
    });

    it("stores a failed job's error so it can be reopened", async () => {
      const stored = await new ResultStore(root, { rowLimit: 2 }).storeError(
        'failed',
        { httpCode: 404, errorNum: 1203, message: 'collection or view not found: docs' },
        META,
      );
      assert.equal(stored.kind, 'error');
      assert.ok(stored.path.endsWith('.error.json'));
      const reopened = await new ResultStore(root, { rowLimit: 2 }).get('failed');
      assert.deepEqual(reopened, stored);
      assert.equal(reopened?.kind === 'error' ? reopened.errorNum : undefined, 1203);
      const onDisk = JSON.parse(await readFile(stored.path, 'utf8')) as Record<string, unknown>;
      assert.equal(onDisk.message, 'collection or view not found: docs');
      assert.equal(onDisk.httpCode, 404);
    });

    it('replaces an earlier entry for the same job, leaving none of its files behind', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      await store.storeError('same', { message: 'timeout' }, META);
      await store.storeCursor('same', cursorOf([rowsFrom(0, 5)]), META);
      const small = await store.storeCursor('same', cursorOf([rowsFrom(0, 1)]), META);
      assert.deepEqual(await store.get('same'), small);
      const files = await filesIn(root);
      assert.deepEqual(files.map((name) => name.slice(name.indexOf('.'))).sort(), ['.idx', '.json', '.jsonl', '.meta.json']);
    });

    it('lists every entry newest first and skips files it cannot read', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      await store.storeCursor('one', cursorOf([rowsFrom(0, 1)]), META);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.storeError('two', { message: 'failed' }, META);
      await writeFile(path.join(root, 'garbage.meta.json'), '{not json');
      await writeFile(path.join(root, 'other.meta.json'), JSON.stringify({ version: 1, kind: 'json', jobKey: 'x', storedAt: '', file: '../../etc/passwd' }));
      assert.deepEqual((await store.list()).map((entry) => entry.jobKey), ['two', 'one']);
    });

    it("removes every file of one job and no other job's", async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      await store.storeCursor('keep', cursorOf([rowsFrom(0, 1)]), META);
      await store.storeCursor('drop', cursorOf([rowsFrom(0, 5)]), META);
      await store.storeError('drop', { message: 'later failure' }, META);
      const before = await filesIn(root);
      await store.remove('drop');
      assert.equal(await store.get('drop'), undefined);
      assert.ok((await store.get('keep')) !== undefined);
      assert.equal((await filesIn(root)).length, 4, before.join());
    });

    it('adds up the size of every file in its folder', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      await store.storeCursor('a', cursorOf([rowsFrom(0, 9)]), META);
      await store.storeError('b', { message: 'x' }, META);
      let expected = 0;
      for (const name of await filesIn(root)) {
        expected += (await stat(path.join(root, name))).size;
      }
      assert.ok(expected > 0);
      assert.equal(await store.totalBytes(), expected);
    });

    it('removes partial files left by an old crash but not those of a drain that may be running', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      const old = path.join(root, 'abc.jsonl.123456.partial');
      const fresh = path.join(root, 'def.jsonl.654321.partial');
      await writeFile(old, '{"a":1}\n');
      await writeFile(fresh, '{"a":1}\n');
      const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
      await utimes(old, twoDaysAgo, twoDaysAgo);
      assert.equal(await store.removeStalePartials(), 1);
      assert.deepEqual(await filesIn(root), ['def.jsonl.654321.partial']);
    });
  });

  describe('reading a preview', () => {
    it('gives the first rows of a JSON result and says whether there are more', async () => {
      const store = new ResultStore(root, { rowLimit: 10 });
      const stored = await store.storeCursor('json', cursorOf([rowsFrom(0, 6)]), META);
      assert.deepEqual(await store.readPreview(stored, 4), { rows: rowsFrom(0, 4), totalRows: 6, truncated: true });
      assert.deepEqual(await store.readPreview(stored, 10), { rows: rowsFrom(0, 6), totalRows: 6, truncated: false });
    });

    it('gives the first rows of a JSON Lines result, however many the preview file holds', async () => {
      const store = new ResultStore(root, { rowLimit: 3, previewRows: 2 });
      const stored = await store.storeCursor('jsonl', cursorOf([rowsFrom(0, 3), rowsFrom(3, 3)]), META);
      assert.deepEqual(await store.readPreview(stored, 5), { rows: rowsFrom(0, 5), totalRows: 6, truncated: true });
      assert.deepEqual((await store.readPreview(stored, 0)).rows, []);
    });

    it('reads a JSON Lines file only as far as it needs (a pipe that never ends still gives a preview)', async function () {
      this.timeout(10_000);
      const store = new ResultStore(root, { rowLimit: 3 });
      const fifo = path.join(tmp, 'endless.jsonl');
      execFileSync('mkfifo', ['-m', '600', fifo]);
      const writer = createWriteStream(fifo);
      writer.write(rowsFrom(0, 50).map((row) => JSON.stringify(row)).join('\n') + '\n');
      try {
        const endless: StoredResult = {
          kind: 'jsonl',
          jobKey: 'endless',
          path: fifo,
          rows: 1_000_000,
          bytes: 0,
          storedAt: new Date().toISOString(),
          query: META.query,
          database: META.database,
        };
        const preview = await store.readPreview(endless, 3);
        assert.deepEqual(preview.rows, rowsFrom(0, 3));
        assert.equal(preview.truncated, true);
      } finally {
        writer.end();
        await once(writer, 'close');
      }
    });
  });
});

describe('result file names', () => {
  it('lead with the job id, so an editor tab says which job it shows, and stay inside the folder', () => {
    assert.match(fileBaseFor('http://127.0.0.1:8529#21777482947301'), /^job-21777482947301-[0-9a-f]{16}$/);
    assert.notEqual(fileBaseFor('http://a:1#5'), fileBaseFor('http://b:1#5'));
    assert.match(fileBaseFor('../../etc/passwd#../x'), /^[0-9a-f]{32}$/);
  });
});
