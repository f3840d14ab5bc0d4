import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_STRIDE, OffsetIndex, OffsetIndexBuilder, OffsetIndexFile } from '../../../src/results/offsetIndex';
import { fileBaseFor, resultFileNames } from '../../../src/results/resultFiles';
import { ResultStore } from '../../../src/results/resultStore';
import { StoredRows, readRows } from '../../../src/results/storedRows';
import type { StoredResult } from '../../../src/results/storedResult';
import { META, generatedRowText, generatedRowTexts, goldenResults, rawCursor, storeRowTexts } from './storedRowsFixtures';

/** The same result as a store from before the viewer left it: no rows copy or index named in its entry. */
async function asStoredBeforeTheIndex(stored: StoredResult): Promise<StoredResult> {
  const names = resultFileNames(stored.jobKey);
  const folder = path.dirname(stored.path);
  const metaPath = path.join(folder, names.meta);
  const meta = JSON.parse(await readFile(metaPath, 'utf8')) as Record<string, unknown>;
  delete meta.rowsFile;
  delete meta.indexFile;
  await writeFile(metaPath, JSON.stringify(meta));
  await rm(path.join(folder, names.index));
  if (stored.kind === 'json') await rm(path.join(folder, names.jsonl));
  const { rowsPath: _rows, indexPath: _index, ...old } = stored;
  return old;
}

describe('Stored rows: the offset index and the page reader', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stored-rows-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('the offset index', () => {
    it('records where every stride-th row starts, whatever the lines hold, and survives a round trip through its file', () => {
      const lines = ['{"a":"x\\ny"}', '"\\"quoted\\""', '"東京 😀"', '[1,2]', '12345678901234567890123'].map((line) => `${line}\n`);
      const builder = new OffsetIndexBuilder(2);
      builder.addLines(Buffer.from(lines.slice(0, 3).join('')));
      builder.addLines(Buffer.from(lines.slice(3).join('')));
      const index = builder.finish();
      const starts = lines.map((_, n) => Buffer.byteLength(lines.slice(0, n).join('')));
      assert.equal(index.rowCount, 5);
      assert.deepEqual([...index.offsets], [starts[0], starts[2], starts[4]]);
      assert.equal(index.dataBytes, Buffer.byteLength(lines.join('')));
      assert.deepEqual(index.positionOf(3), { offset: starts[2], skipRows: 1 });
      const decoded = OffsetIndex.fromBuffer(index.toBuffer());
      assert.deepEqual(decoded, index);
      assert.equal(OffsetIndex.fromBuffer(index.toBuffer().subarray(0, 40)), undefined, 'a cut index is no index');
    });

    it('is read in place from its file: the same positions as the decoded index, and nothing for a cut or foreign file', async () => {
      const builder = new OffsetIndexBuilder(3);
      builder.addLines(Buffer.from(generatedRowTexts(100).map((text) => `${text}\n`).join('')));
      const index = builder.finish();
      const file = path.join(root, 'rows.idx');
      await writeFile(file, index.toBuffer());
      const inPlace = await OffsetIndexFile.open(file);
      assert.ok(inPlace);
      assert.deepEqual([inPlace.stride, inPlace.rowCount, inPlace.dataBytes], [3, 100, index.dataBytes]);
      for (const row of [0, 1, 2, 3, 50, 98, 99]) assert.deepEqual(await inPlace.positionOf(row), index.positionOf(row), `row ${row}`);
      await writeFile(file, index.toBuffer().subarray(0, index.toBuffer().length - 8));
      assert.equal(await OffsetIndexFile.open(file), undefined, 'a cut index is no index');
      await writeFile(file, 'not an index at all, but long enough to hold a header');
      assert.equal(await OffsetIndexFile.open(file), undefined);
      assert.equal(await OffsetIndexFile.open(path.join(root, 'missing.idx')), undefined);
    });

    it('is written during the drain beside the rows, equal to one built by reading the file, and removed with the result', async () => {
      const store = new ResultStore(root, { rowLimit: 100 });
      const texts = generatedRowTexts(5000);
      const stored = await storeRowTexts(store, 'job', texts, 777);
      assert.ok(stored.indexPath !== undefined && stored.rowsPath === stored.path);
      const written = await OffsetIndex.read(stored.indexPath);
      const fromFile = new OffsetIndexBuilder();
      fromFile.addLines(await readFile(stored.path));
      assert.deepEqual(written, fromFile.finish());
      assert.equal(written?.stride, DEFAULT_STRIDE);
      assert.equal(written?.rowCount, 5000);
      await store.remove('job');
      assert.deepEqual(await readdir(root), []);
    });

    it('is rebuilt in one pass for a JSON Lines result stored before the index existed, and kept for the next open', async () => {
      const store = new ResultStore(root, { rowLimit: 10 });
      const texts = generatedRowTexts(1000);
      const old = await asStoredBeforeTheIndex(await storeRowTexts(store, 'old', texts));
      assert.deepEqual(await store.get('old'), old);
      const indexPath = path.join(root, `${fileBaseFor('old')}.idx`);
      const rows = await StoredRows.open(old);
      assert.equal(rows.rowCount, 1000);
      assert.ok((await stat(indexPath)).size > 0, 'the rebuilt index was not kept');
      assert.deepEqual((await rows.readRows(995, 10)).map((row) => row.text), texts.slice(995));
    });

    it('is rebuilt when the rows file no longer matches it, and a rows file cut short is refused', async () => {
      const store = new ResultStore(root, { rowLimit: 10 });
      const stored = await storeRowTexts(store, 'stale', generatedRowTexts(600));
      assert.ok(stored.indexPath !== undefined);
      await writeFile(stored.indexPath, new OffsetIndex(1, 600, 1, new Float64Array(600)).toBuffer());
      assert.equal((await StoredRows.open(stored)).rowCount, 600);
      const text = await readFile(stored.path, 'utf8');
      await writeFile(stored.path, text.slice(0, text.indexOf('\n') + 1));
      await assert.rejects(StoredRows.open(stored), { name: 'ResultStoreError', code: 'RESULT_DAMAGED' });
    });

    it('derives the JSON Lines copy and index of a pretty JSON result stored before them, keeping the digits the file holds', async () => {
      const store = new ResultStore(root, { rowLimit: 100 });
      const texts = ['{"_key":"a","text":"x\\ny, \\"z\\""}', '[ 1, 2 ]', '"東京"', '{}', '{"deep":{"a":[{"b":[]}]}}'];
      const old = await asStoredBeforeTheIndex(await storeRowTexts(store, 'pretty', texts));
      assert.equal(old.kind, 'json');
      // Written by hand as the old store did, with a number beyond 2^53 only a hand-edited file would keep.
      await writeFile(old.path, `[\n  {\n    "big": 12345678901234567890123,\n    "s": "a , ] }"\n  },\n${texts.map((text) => `  ${text}`).join(',\n')}\n]\n`);
      const rows = await StoredRows.open({ ...old, rows: 6 });
      assert.deepEqual(
        (await rows.readRows(0, 10)).map((row) => row.text),
        ['{"big":12345678901234567890123,"s":"a , ] }"}', '{"_key":"a","text":"x\\ny, \\"z\\""}', '[1,2]', '"東京"', '{}', '{"deep":{"a":[{"b":[]}]}}'],
      );
      assert.ok((await readdir(root)).some((name) => name.endsWith('.jsonl')));
      assert.ok(!(await readdir(root)).some((name) => name.endsWith('.partial')));
    });

    it('refuses a pretty result that is not a JSON array, leaving no file behind', async () => {
      const store = new ResultStore(root, { rowLimit: 100 });
      const old = await asStoredBeforeTheIndex(await storeRowTexts(store, 'broken', ['1', '2']));
      await writeFile(old.path, '[\n  1,\n  2');
      const before = await readdir(root);
      await assert.rejects(StoredRows.open(old), { name: 'ResultStoreError', code: 'RESULT_DAMAGED' });
      assert.deepEqual(await readdir(root), before);
    });
  });

  describe('the page reader', () => {
    it('reads any page of a 200,000-row result as the server sent it', async () => {
      const store = new ResultStore(root, { rowLimit: 10_000 });
      const count = 200_000;
      const stored = await storeRowTexts(store, 'big', generatedRowTexts(count), 10_000);
      const rows = await StoredRows.open(stored);
      assert.equal(rows.rowCount, count);
      for (const start of [0, 1, 255, 256, 257, 12_345, 99_999, 199_900, 199_999]) {
        const page = await rows.readRows(start, 100);
        const expected = Array.from({ length: Math.min(100, count - start) }, (_, i) => generatedRowText(start + i));
        assert.deepEqual(
          page.map((row) => row.text),
          expected,
          `page at ${start}`,
        );
        assert.deepEqual(
          page.map((row) => row.index),
          expected.map((_, i) => start + i),
        );
      }
      assert.deepEqual(await rows.readRows(count, 10), []);
      assert.deepEqual(await rows.readRows(-5, 0), []);
    });

    it('gives each row its raw text, and its value on demand', async () => {
      const store = new ResultStore(root, { rowLimit: 2 });
      const stored = await storeRowTexts(store, 'values', ['{"n":12345678901234567890123,"s":"a\\nb"}', '"\\u00e9"', 'null']);
      const [first, second, third] = await readRows(stored, 0, 3);
      assert.equal(first?.text, '{"n":12345678901234567890123,"s":"a\\nb"}');
      assert.deepEqual(first?.value(), { n: 12345678901234567890123, s: 'a\nb' });
      assert.equal(second?.value(), 'é');
      assert.equal(third?.value(), null);
    });

    it('reads a pretty JSON result through its JSON Lines copy, numbers with every digit', async () => {
      const store = new ResultStore(root, { rowLimit: 10 });
      const stored = await storeRowTexts(store, 'small', ['{"big":12345678901234567890123}', '-0', '1.50']);
      assert.equal(stored.kind, 'json');
      assert.deepEqual((await readRows(stored, 0, 5)).map((row) => row.text), ['{"big":12345678901234567890123}', '-0', '1.50']);
    });

    it('reads every result recorded from ArangoDB back as it was stored', async () => {
      const results = goldenResults();
      assert.ok(results.length >= 8, `only ${results.length} golden results`);
      const store = new ResultStore(root, { rowLimit: 3 });
      for (const [n, result] of results.entries()) {
        // Two rows a batch, so that a result spans batches as a real drain's does.
        const stored = await store.storeCursor(`golden-${n}`, rawCursor(result.rowTexts, 2), META);
        const rows = await StoredRows.open(stored);
        assert.equal(rows.rowCount, result.rowTexts.length, result.name);
        assert.deepEqual((await rows.readRows(0, 1000)).map((row) => row.text), result.rowTexts, result.name);
      }
    });
  });
});
