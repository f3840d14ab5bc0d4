import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResultColumns, columnsOf } from '../../../src/results/resultColumns';
import type { ExportProgress } from '../../../src/results/resultExport';
import { csvField, exportResult } from '../../../src/results/resultExport';
import type { FindHit } from '../../../src/results/resultFind';
import { findInResult } from '../../../src/results/resultFind';
import { ResultStore } from '../../../src/results/resultStore';
import { cellText, rowMembers } from '../../../src/results/rowMembers';
import { StoredRows } from '../../../src/results/storedRows';
import { generatedRowTexts, goldenResults, storeRowTexts } from './storedRowsFixtures';

/** Splits CSV text by RFC 4180 (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let at = 0;
  while (at < text.length) {
    if (text[at] === '"') {
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        assert.ok(quote >= 0, 'unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at += 1;
      }
    }
    const char = text[at];
    if (char === ',') {
      record.push(field);
      field = '';
      at += 1;
    } else if (char === '\r') {
      assert.equal(text[at + 1], '\n', 'a record must end in CRLF');
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      at += 2;
    } else {
      assert.notEqual(char, '\n', 'a bare LF outside quotes');
      field += char;
      at += 1;
    }
  }
  assert.equal(field, '', 'the last record must end in CRLF');
  return records;
}

describe('Result viewer core: columns, find and export', () => {
  let root: string;
  let store: ResultStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'result-export-'));
    store = new ResultStore(path.join(root, 'store'), { rowLimit: 4 });
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('row members and columns', () => {
    it('splits a row into attributes with each value as sent, big numbers and escapes untouched', () => {
      const text = '{ "_key" : "a", "big":12345678901234567890123,"q\\"uote":"x\\"y","n":{"a":[1,"]}"]},"e":[] ,"t":true}';
      assert.deepEqual(rowMembers(text), [
        { name: '_key', raw: '"a"' },
        { name: 'big', raw: '12345678901234567890123' },
        { name: 'q"uote', raw: '"x\\"y"' },
        { name: 'n', raw: '{"a":[1,"]}"]}' },
        { name: 'e', raw: '[]' },
        { name: 't', raw: 'true' },
      ]);
      assert.deepEqual(rowMembers('{}'), []);
      assert.equal(rowMembers('[1,2]'), undefined);
      assert.equal(rowMembers('"{"'), undefined);
      assert.equal(cellText('"a\\\\\\"b"'), 'a\\"b');
      assert.throws(() => rowMembers('{"a":1'), { name: 'ResultStoreError', code: 'RESULT_INVALID_ROWS' });
      assert.throws(() => rowMembers('{"a" 1}'), { code: 'RESULT_INVALID_ROWS' });
    });

    it('puts _key, _id, _from, _to first, then attributes in first-seen order, and a value column for rows that are not objects', () => {
      assert.deepEqual(columnsOf(['{"b":1,"_to":"x","a":2}', '{"_key":"k","c":3,"b":4}', '5', '{"_from":"y","_id":"i"}']), ['_key', '_id', '_from', '_to', 'b', 'a', 'c', 'value']);
      const columns = new ResultColumns();
      columns.addRowText('{"z":1}');
      assert.deepEqual(columns.names, ['z']);
      columns.addRowText('{"y":1,"z":2}');
      assert.deepEqual(columns.names, ['z', 'y'], 'the union grows as rows are read');
      assert.deepEqual(columnsOf([]), []);
    });
  });

  describe('find', () => {
    it('reports hits in cells case-insensitively, through escapes, with the column and a snippet', async () => {
      const stored = await storeRowTexts(store, 'find', [
        '{"_key":"a","city":"BERLIN"}',
        '{"_key":"b","city":"Köln","note":"caf\\u00e9 in berlin\\nnorth"}',
        '"Berliner"',
        '{"_key":"c","n":12345678901234567890123}',
        '{"_key":"berlin"}',
      ]);
      const rows = await StoredRows.open(stored);
      const hits: FindHit[] = [];
      for await (const hit of findInResult(rows, 'Berlin', { context: 5 })) hits.push(hit);
      assert.deepEqual(hits, [
        { row: 0, column: 'city', snippet: 'BERLIN' },
        { row: 1, column: 'note', snippet: '…é in berlin\nnort…' },
        { row: 2, column: 'value', snippet: 'Berliner' },
        { row: 4, column: '_key', snippet: 'berlin' },
      ]);
      const digits: FindHit[] = [];
      for await (const hit of findInResult(rows, '890123')) digits.push(hit);
      assert.deepEqual(digits, [{ row: 3, column: 'n', snippet: '12345678901234567890123' }]);
      const accents: FindHit[] = [];
      for await (const hit of findInResult(rows, 'CAFÉ')) accents.push(hit);
      assert.deepEqual(accents.map((hit) => hit.row), [1]);
      const punctuation: FindHit[] = [];
      for await (const hit of findInResult(rows, '"_key":')) punctuation.push(hit);
      assert.deepEqual(punctuation, [], 'JSON syntax is not cell text');
    });

    it('streams hits from a 200,000-row result and stops when aborted', async () => {
      const stored = await storeRowTexts(new ResultStore(path.join(root, 'big'), { rowLimit: 10 }), 'big', generatedRowTexts(200_000), 10_000);
      const rows = await StoredRows.open(stored);
      const controller = new AbortController();
      const hits: FindHit[] = [];
      await assert.rejects(
        (async () => {
          for await (const hit of findInResult(rows, 'just a string', { signal: controller.signal })) {
            hits.push(hit);
            if (hits.length === 3) controller.abort();
          }
        })(),
        { name: 'AbortError' },
      );
      assert.deepEqual(
        hits.slice(0, 3).map((hit) => hit.row),
        [9, 19, 29],
      );
      assert.ok(hits.length < 200_000 / 10, `kept searching after the abort: ${hits.length} hits`);
      const late: FindHit[] = [];
      for await (const hit of findInResult(rows, 'row 199995', { fromRow: 199_000 })) late.push(hit);
      assert.deepEqual(late, [{ row: 199_995, column: 'name', snippet: 'row 199995' }]);
    });
  });

  describe('export', () => {
    it('quotes CSV fields by RFC 4180 and ends records in CRLF', () => {
      assert.equal(csvField('plain'), 'plain');
      assert.equal(csvField('a,b'), '"a,b"');
      assert.equal(csvField('say "hi"'), '"say ""hi"""');
      assert.equal(csvField('two\nlines'), '"two\nlines"');
      assert.equal(csvField('cr\r'), '"cr\r"');
      assert.equal(csvField(''), '');
    });

    it('writes CSV with the columns of every row, nested values as JSON, big numbers with every digit, unicode and non-object rows', async () => {
      const texts = [
        '{"_key":"a","name":"Ann, \\"the\\" first","big":12345678901234567890123,"nested":{"x":[1,null]}}',
        '{"name":"line\\nbreak","extra":true,"_id":"docs/b"}',
        '"Größe 東京 😀"',
        '[1,2]',
        '{"name":null}',
      ];
      const stored = await storeRowTexts(store, 'csv', texts);
      const target = path.join(root, 'out.csv');
      const summary = await exportResult(stored, target, 'csv');
      const text = await readFile(target, 'utf8');
      assert.deepEqual(parseCsv(text), [
        ['_key', '_id', 'name', 'big', 'nested', 'extra', 'value'],
        ['a', '', 'Ann, "the" first', '12345678901234567890123', '{"x":[1,null]}', '', ''],
        ['', 'docs/b', 'line\nbreak', '', '', 'true', ''],
        ['', '', '', '', '', '', 'Größe 東京 😀'],
        ['', '', '', '', '', '', '[1,2]'],
        ['', '', '', '', '', '', ''],
      ]);
      assert.ok(text.startsWith('_key,_id,name,big,nested,extra,value\r\na,,"Ann, ""the"" first",12345678901234567890123,"{""x"":[1,null]}",,\r\n'));
      assert.equal(summary.rows, 5);
      assert.equal(summary.bytes, Buffer.byteLength(text));
    });

    it('writes JSON as an array of the rows as sent, and JSON Lines as the stored lines', async () => {
      const texts = ['{"big":12345678901234567890123}', '"\\u00e9"', '1.50', '{"s":"a\\nb"}', '[]'];
      const stored = await storeRowTexts(store, 'json', texts);
      await exportResult(stored, path.join(root, 'out.json'), 'json');
      await exportResult(stored, path.join(root, 'out.jsonl'), 'jsonl');
      const json = await readFile(path.join(root, 'out.json'), 'utf8');
      assert.equal(json, `[\n${texts.join(',\n')}\n]\n`);
      assert.deepEqual(JSON.parse(json), texts.map((text) => JSON.parse(text) as unknown));
      assert.equal(await readFile(path.join(root, 'out.jsonl'), 'utf8'), texts.map((text) => `${text}\n`).join(''));
    });

    it('writes an empty result as an empty CSV, [] and an empty JSON Lines file', async () => {
      const stored = await storeRowTexts(store, 'empty', []);
      for (const [format, expected] of [['csv', ''], ['json', '[]\n'], ['jsonl', '']] as const) {
        const target = path.join(root, `empty.${format}`);
        assert.equal((await exportResult(stored, target, format)).rows, 0);
        assert.equal(await readFile(target, 'utf8'), expected, format);
      }
    });

    it('exports 200,000 rows in every format with progress, and each file reads back as the rows', async () => {
      const texts = generatedRowTexts(200_000);
      const stored = await storeRowTexts(new ResultStore(path.join(root, 'big'), { rowLimit: 10 }), 'big', texts, 10_000);
      const progress: ExportProgress[] = [];
      await exportResult(stored, path.join(root, 'big.csv'), 'csv', { onProgress: (p) => progress.push(p) });
      const fileBytes = (await StoredRows.open(stored)).bytes;
      assert.deepEqual(progress.at(-1), { phase: 'rows', bytesRead: fileBytes, totalBytes: fileBytes });
      assert.ok(progress.every((p, i) => i === 0 || p.phase !== progress[i - 1]?.phase || p.bytesRead > (progress[i - 1]?.bytesRead ?? 0)), 'progress only grows');
      assert.ok(progress.some((p) => p.phase === 'columns') && progress.length > 4);
      const records = parseCsv(await readFile(path.join(root, 'big.csv'), 'utf8'));
      assert.deepEqual(records[0], ['_key', '_id', '_from', '_to', 'n', 'name', 'text', 'tags', 'big', 'nested', 'unicode', 'flag', 'none', 'value']);
      assert.equal(records.length, 200_001);
      assert.deepEqual(records[3], ['e2', '', 'v/2', 'v/3', '', '', '', '', '12345678901234567890122', '{"x":[1,{"y":null}]}', '', '', '', '']);
      assert.deepEqual(records[2]?.[6], 'line one\nline "two", 1');
      assert.deepEqual(records[4]?.[10], 'Größe 東京 😀 é 3');
      assert.deepEqual(records[200_000]?.[13], 'just a string 199999');
      await exportResult(stored, path.join(root, 'big.json'), 'json');
      assert.equal(await readFile(path.join(root, 'big.json'), 'utf8'), `[\n${texts.join(',\n')}\n]\n`);
      await exportResult(stored, path.join(root, 'big.jsonl'), 'jsonl');
      assert.equal(await readFile(path.join(root, 'big.jsonl'), 'utf8'), texts.map((text) => `${text}\n`).join(''));
    });

    it('leaves neither the target nor a partial file when cancelled, and keeps an earlier file at the target', async () => {
      const stored = await storeRowTexts(new ResultStore(path.join(root, 'big'), { rowLimit: 10 }), 'big', generatedRowTexts(50_000), 10_000);
      const target = path.join(root, 'exports', 'out.csv');
      await rm(path.dirname(target), { recursive: true, force: true });
      await mkdir(path.dirname(target));
      await writeFile(target, 'earlier');
      const controller = new AbortController();
      await assert.rejects(
        exportResult(stored, target, 'csv', {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'rows') controller.abort();
          },
        }),
        { name: 'AbortError' },
      );
      assert.deepEqual(await readdir(path.dirname(target)), ['out.csv']);
      assert.equal(await readFile(target, 'utf8'), 'earlier');
      await assert.rejects(exportResult(stored, target, 'json', { signal: AbortSignal.abort() }), { name: 'AbortError' });
      assert.deepEqual(await readdir(path.dirname(target)), ['out.csv']);
    });

    it('exports every result recorded from ArangoDB as JSON equal to what the server sent', async () => {
      for (const [n, result] of goldenResults().entries()) {
        const stored = await storeRowTexts(store, `golden-${n}`, result.rowTexts, 2);
        const target = path.join(root, `golden-${n}.json`);
        await exportResult(stored, target, 'json');
        assert.deepEqual(JSON.parse(await readFile(target, 'utf8')), result.rowTexts.map((text) => JSON.parse(text) as unknown), result.name);
        await exportResult(stored, `${target}.csv`, 'csv');
        const records = parseCsv(await readFile(`${target}.csv`, 'utf8'));
        assert.equal(records.length, result.rowTexts.length === 0 ? 0 : result.rowTexts.length + 1, result.name);
      }
    });
  });
});
