import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import Papa from 'papaparse';
import type { ExportFormat } from '../../../src/results/resultExport';
import { EXPORT_FORMATS, exportFileName, exportResult } from '../../../src/results/resultExport';
import { ResultStore } from '../../../src/results/resultStore';
import { generatedRowText, goldenResults, storeRowTexts } from './storedRowsFixtures';

const SYSTEM_ATTRIBUTES = ['_key', '_id', '_from', '_to'];

function isObjectRow(row: unknown): row is Record<string, unknown> {
  return typeof row === 'object' && row !== null && !Array.isArray(row);
}

/**
 * The table the issue describes, worked out from parsed rows and not with the exporter's own
 * scanner: the union of the attributes in first-seen order, system attributes first, `value` for
 * rows that are not objects; strings as they are, null and missing as empty, the rest as JSON.
 * (Parsed rows lose digits beyond 2^53 and put integer-like names first: the rows used here have neither.)
 */
function expectedTable(rows: readonly unknown[]): string[][] {
  const seen: string[] = [];
  for (const row of rows) {
    for (const name of isObjectRow(row) ? Object.keys(row) : ['value']) if (!seen.includes(name)) seen.push(name);
  }
  const columns = [...SYSTEM_ATTRIBUTES.filter((name) => seen.includes(name)), ...seen.filter((name) => !SYSTEM_ATTRIBUTES.includes(name))];
  const cell = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));
  return [columns, ...rows.map((row) => columns.map((name) => cell(isObjectRow(row) ? row[name] : name === 'value' ? row : undefined)))];
}

/** Our CSV as papaparse reads it, failing on anything it had to guess or repair. */
function papaRecords(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n', quoteChar: '"', skipEmptyLines: false });
  assert.deepEqual(parsed.errors, [], 'papaparse found errors in the CSV');
  const records = parsed.data;
  // Every record ends in CRLF, so papaparse sees one empty line after the last.
  if (text.length > 0) assert.deepEqual(records.pop(), ['']);
  return records;
}

describe('Result export: CSV as other tools read it, and the file names it suggests', () => {
  let root: string;
  let store: ResultStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'result-export-csv-'));
    store = new ResultStore(path.join(root, 'store'), { rowLimit: 4 });
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function exportedText(rowTexts: readonly string[], format: ExportFormat, batchSize?: number): Promise<string> {
    const stored = await storeRowTexts(store, `job#${rowTexts.length}-${format}`, rowTexts, batchSize);
    const target = path.join(root, `out.${format}`);
    const summary = await exportResult(stored, target, format);
    const text = await readFile(target, 'utf8');
    assert.equal(summary.rows, rowTexts.length);
    assert.equal(summary.bytes, Buffer.byteLength(text));
    return text;
  }

  it('reads back in papaparse as the table of every result recorded from ArangoDB', async () => {
    const results = goldenResults().filter((result) => result.rowTexts.length > 0);
    assert.ok(results.length >= 5, `only ${results.length} recorded results with rows`);
    for (const result of results) {
      const text = await exportedText(result.rowTexts, 'csv', 2);
      assert.deepEqual(papaRecords(text), expectedTable(result.rowTexts.map((row) => JSON.parse(row) as unknown)), result.name);
    }
  });

  it('reads back in papaparse as the table of 5,000 generated rows of mixed shapes, big numbers with every digit', async () => {
    const texts = Array.from({ length: 5000 }, (_, n) => generatedRowText(n));
    const records = papaRecords(await exportedText(texts, 'csv', 300));
    const expected = expectedTable(texts.map((row) => JSON.parse(row) as unknown));
    const header = records[0] ?? [];
    assert.deepEqual(header, expected[0]);
    const big = header.indexOf('big');
    for (let n = 0; n < texts.length; n += 1) {
      const record = records[n + 1] ?? [];
      // A parsed number loses the digits the CSV keeps: the generator's digits are the truth there.
      if (n % 5 === 2) assert.equal(record[big], `1234567890123456789012${n % 10}`, `row ${n}`);
      assert.deepEqual(
        record.filter((_, column) => column !== big),
        expected[n + 1]?.filter((_, column) => column !== big),
        `row ${n}`,
      );
    }
    assert.equal(records.length, texts.length + 1);
  });

  it('keeps every digit, escape and character a value was sent with, in nested values and names too', async () => {
    const texts = [
      '{"n":-12345678901234567890.12345678901234567890e-300,"deep":{"id":123456789012345678901234,"s":"a,\\"b\\"\\r\\nc"},"list":[1e400,"\\u0000\\t"]}',
      '{"名前":"東京 😀","a,b":"x","q\\"uote":"é","cr":"one\\rtwo","lead":" spaced ","eq":"=1+1"}',
      '{"_to":"v/2","_from":"v/1","_id":"e/1","_key":"1","w":0}',
      '{}',
      'null',
      '"text, with a comma"',
      'false',
      '[{"a":1},[2]]',
    ];
    const text = await exportedText(texts, 'csv');
    assert.deepEqual(papaRecords(text), [
      ['_key', '_id', '_from', '_to', 'n', 'deep', 'list', '名前', 'a,b', 'q"uote', 'cr', 'lead', 'eq', 'w', 'value'],
      ['', '', '', '', '-12345678901234567890.12345678901234567890e-300', '{"id":123456789012345678901234,"s":"a,\\"b\\"\\r\\nc"}', '[1e400,"\\u0000\\t"]', '', '', '', '', '', '', '', ''],
      ['', '', '', '', '', '', '', '東京 😀', 'x', 'é', 'one\rtwo', ' spaced ', '=1+1', '', ''],
      ['1', 'e/1', 'v/1', 'v/2', '', '', '', '', '', '', '', '', '', '0', ''],
      ['', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
      ['', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
      ['', '', '', '', '', '', '', '', '', '', '', '', '', '', 'text, with a comma'],
      ['', '', '', '', '', '', '', '', '', '', '', '', '', '', 'false'],
      ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '[{"a":1},[2]]'],
    ]);
    assert.ok(text.startsWith('_key,_id,_from,_to,n,deep,list,名前,"a,b","q""uote",cr,lead,eq,w,value\r\n'), 'names with a comma or a quote are quoted');
    assert.ok(text.includes(',"one\rtwo",'), 'a lone CR inside a value is quoted, not a record end');
    assert.equal(Buffer.from(text, 'utf8').subarray(0, 3).toString('hex') === 'efbbbf', false, 'no byte order mark');
  });

  it('writes a header line for rows of empty objects, so each row stays a record after it', async () => {
    const text = await exportedText(['{}', '{}', '{}'], 'csv');
    assert.equal(text, '\r\n\r\n\r\n\r\n');
    assert.deepEqual(Papa.parse<string[]>(text, { delimiter: ',', newline: '\r\n', header: true, skipEmptyLines: false }).data.length, 4);
  });

  it('writes JSON and JSON Lines that parse back to the rows, in every format for a one-row result', async () => {
    const texts = ['{"_key":"only","v":[1,{"w":"ü"}]}'];
    assert.equal(await exportedText(texts, 'json'), `[\n${texts[0]}\n]\n`);
    assert.equal(await exportedText(texts, 'jsonl'), `${texts[0]}\n`);
    assert.deepEqual(papaRecords(await exportedText(texts, 'csv')), [
      ['_key', 'v'],
      ['only', '[1,{"w":"ü"}]'],
    ]);
  });

  it('suggests a file name from the query and job id with the format as extension, safe on every system', () => {
    assert.deepEqual(EXPORT_FORMATS, ['csv', 'json', 'jsonl']);
    assert.equal(exportFileName('FOR d IN docs RETURN d', '123', 'csv'), 'FOR d IN docs RETURN d (job 123).csv');
    assert.equal(exportFileName('FOR d IN docs FILTER d.a == "x:y" || d.b < 2 RETURN d', '7', 'jsonl'), 'FOR d IN docs FILTER d.a == _x_y_ __ d.b _ 2 RE… (job 7).jsonl');
    assert.equal(exportFileName('RETURN "a/b\\\\c?*"', '9', 'json'), 'RETURN _a∕b∕∕c___ (job 9).json');
    assert.equal(exportFileName('', '1', 'csv'), 'query (job 1).csv');
    for (const name of [exportFileName('RETURN "<|>"\n\tnext', '2', 'csv')]) assert.doesNotMatch(name, /[<>:"|?*\\/\u0000-\u001f]/);
  });
});
