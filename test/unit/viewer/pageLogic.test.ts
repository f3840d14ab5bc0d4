import assert from 'node:assert/strict';
import { moveCursor, parseRowNumber, selectedRows } from '../../../src/webview/result/gridCursor';
import { GridColumns, cellsOf, gridCell } from '../../../src/webview/result/gridModel';
import { JsonTreeModel, jsonChildren, prettyJson, valueAt } from '../../../src/webview/result/jsonTree';
import { PageCache } from '../../../src/webview/result/pageCache';
import { RowWindow } from '../../../src/webview/result/rowWindow';
import { resultHeader, statisticFacts } from '../../../src/results/resultHeader';
import type { StoredResult } from '../../../src/results/storedResult';

describe('Result viewer page logic', () => {
  describe('the table columns', () => {
    it('unites the attributes in first-seen order with _key, _id, _from, _to first, and a value column for non-object rows', () => {
      const columns = new GridColumns();
      assert.equal(columns.addRows(['{"name":"a","_id":"c/1","n":1}', '{"_to":"v/2","x":null,"_from":"v/1","name":"b"}']), true);
      assert.equal(columns.addRows(['{"name":"c"}']), false);
      columns.addRows(['[1,2]', '"text"', '{"_key":"k"}']);
      assert.deepEqual(columns.all, ['_key', '_id', '_from', '_to', 'name', 'n', 'x', 'value']);
    });

    it('hides and shows columns (never the last one) and keeps widths within bounds', () => {
      const columns = new GridColumns(120);
      columns.addRows(['{"a":1,"b":2}']);
      columns.setHidden('a', true);
      assert.deepEqual(columns.visible, ['b']);
      columns.setHidden('b', true);
      assert.deepEqual(columns.visible, ['b'], 'the last visible column was hidden');
      columns.setHidden('a', false);
      assert.deepEqual(columns.visible, ['a', 'b']);
      assert.equal(columns.widthOf('a'), 120);
      columns.setWidth('a', 5);
      columns.setWidth('b', 333.4);
      assert.deepEqual([columns.widthOf('a'), columns.widthOf('b')], [40, 333]);
    });
  });

  describe('cells', () => {
    it('shows strings without quotes, numbers with every digit, nested values compact, and cuts long text', () => {
      const cells = cellsOf('{"s":"Gr\\u00f6\\u00dfe","big":123456789012345678901234567890,"o":{"a":[1,{"b":null}]},"n":null,"t":true}');
      assert.deepEqual(gridCell(cells.get('s')), { kind: 'string', text: 'Größe', raw: '"Gr\\u00f6\\u00dfe"', cut: false });
      assert.equal(gridCell(cells.get('big')).text, '123456789012345678901234567890');
      assert.deepEqual(gridCell(cells.get('o')), { kind: 'object', text: '{"a":[1,{"b":null}]}', raw: '{"a":[1,{"b":null}]}', cut: false });
      assert.equal(gridCell(cells.get('n')).kind, 'null');
      assert.equal(gridCell(cells.get('t')).kind, 'boolean');
      assert.deepEqual(gridCell(cells.get('missing')), { kind: 'missing', text: '', raw: undefined, cut: false });
      const long = gridCell(JSON.stringify('x'.repeat(10_000)), 50);
      assert.equal(long.text, `${'x'.repeat(50)}…`);
      assert.equal(long.cut, true);
      assert.deepEqual([...cellsOf(' 42 ')], [['value', '42']]);
    });
  });

  describe('the page cache', () => {
    it('asks for each missing page once, holds at most its limit, and drops the least recently used page', () => {
      const cache = new PageCache(10, 2);
      assert.deepEqual(cache.pagesMissing(5, 25), [0, 1, 2]);
      assert.deepEqual(cache.pagesMissing(0, 25), [], 'pages asked for were asked again');
      cache.add(0, Array.from({ length: 10 }, (_, n) => `row ${n}`));
      cache.add(1, Array.from({ length: 10 }, (_, n) => `row ${10 + n}`));
      assert.equal(cache.rowText(3), 'row 3');
      cache.add(2, ['row 20']);
      assert.equal(cache.size, 2);
      assert.equal(cache.has(15), false, 'page 1 was used least recently and should have gone');
      assert.equal(cache.rowText(20), 'row 20');
      assert.equal(cache.rowText(3), 'row 3');
      assert.deepEqual(cache.pagesMissing(10, 19), [1]);
    });
  });

  describe('the row window', () => {
    it('draws only the rows on screen of a million, and scrolls to the last row', () => {
      const window = new RowWindow(20);
      assert.deepEqual(window.range(0, 200, 1_000_000, 0), { first: 0, last: 10, offset: 0 });
      const top = window.scrollTopFor(999_999, 0, 200, 1_000_000, 'nearest');
      const range = window.range(top, 200, 1_000_000, 0);
      assert.equal(range.last, 999_999);
      assert.ok(range.last - range.first <= 11);
    });

    it('scales a list taller than the browser allows, still reaching the first and the last row', () => {
      const window = new RowWindow(24, 1_000_000);
      const rows = 5_000_000;
      assert.equal(window.scrollHeight(rows), 1_000_000);
      assert.equal(window.range(0, 480, rows, 0).first, 0);
      const bottom = window.range(1_000_000 - 480, 480, rows, 0);
      assert.equal(bottom.last, rows - 1);
      const middle = window.scrollTopFor(2_500_000, 0, 480, rows, 'start');
      assert.equal(window.range(middle, 480, rows, 0).first, 2_500_000);
    });
  });

  describe('keyboard navigation', () => {
    const bounds = { rowCount: 1000, columnCount: 4, pageRows: 20 };
    it('moves by cell, by screen and to the ends, and extends the selection with Shift', () => {
      const start = { row: 5, column: 1, anchorRow: 5 };
      assert.deepEqual(moveCursor(start, { key: 'ArrowDown' }, bounds), { row: 6, column: 1, anchorRow: 6 });
      assert.deepEqual(moveCursor(start, { key: 'ArrowLeft' }, bounds), { row: 5, column: 0, anchorRow: 5 });
      assert.deepEqual(moveCursor(start, { key: 'PageUp' }, bounds), { row: 0, column: 1, anchorRow: 0 });
      assert.deepEqual(moveCursor(start, { key: 'End' }, bounds), { row: 5, column: 3, anchorRow: 5 });
      assert.deepEqual(moveCursor(start, { key: 'End', ctrl: true }, bounds), { row: 999, column: 1, anchorRow: 999 });
      const extended = moveCursor(start, { key: 'PageDown', shift: true }, bounds);
      assert.deepEqual(extended && selectedRows(extended), { first: 5, last: 25 });
      assert.equal(moveCursor(start, { key: 'x' }, bounds), undefined);
    });

    it('reads a typed row number as people write it', () => {
      assert.deepEqual(parseRowNumber('1,000', 200_000), { row: 999 });
      assert.deepEqual(parseRowNumber(' 200 000 ', 200_000), { row: 199_999 });
      assert.deepEqual(parseRowNumber('0', 10), { error: 'Rows are numbered 1 to 10.' });
      assert.deepEqual(parseRowNumber('abc', 10), { error: 'Type a row number.' });
    });
  });

  describe('the JSON tree', () => {
    const row = '{"a":[1,{"b":12345678901234567890}],"c/d":"x","e":{}}';

    it('lists children of objects and arrays from their text, and finds values by JSON pointer', () => {
      assert.deepEqual(jsonChildren(row).map((child) => child.key), ['a', 'c/d', 'e']);
      assert.deepEqual(jsonChildren('[ 1 , "two" ,[3]]'), [
        { key: '0', raw: '1' },
        { key: '1', raw: '"two"' },
        { key: '2', raw: '[3]' },
      ]);
      assert.deepEqual(jsonChildren('[]'), []);
      assert.equal(valueAt(row, '/a/1/b'), '12345678901234567890');
      assert.equal(valueAt(row, '/c~1d'), '"x"');
      assert.equal(valueAt(row, '/nope'), undefined);
      assert.equal(prettyJson(row), '{\n  "a": [\n    1,\n    {\n      "b": 12345678901234567890\n    }\n  ],\n  "c/d": "x",\n  "e": {}\n}');
    });

    it('maps lines to rows with expanded rows in between, over a million rows', () => {
      const model = new JsonTreeModel(1_000_000);
      const text = (n: number): string => (n === 10 ? row : `{"n":${n}}`);
      assert.equal(model.lineCount, 1_000_000);
      model.toggle(10, '', row);
      assert.equal(model.lineCount, 1_000_003);
      model.toggle(10, '/a', row);
      assert.equal(model.lineCount, 1_000_005);
      assert.deepEqual(
        [11, 12, 13, 14, 15, 16].map((line) => {
          const found = model.lineAt(line, text);
          return [found.row, found.pointer, found.depth];
        }),
        [
          [10, '/a', 1],
          [10, '/a/0', 2],
          [10, '/a/1', 2],
          [10, '/c~1d', 1],
          [10, '/e', 1],
          [11, '', 0],
        ],
      );
      assert.equal(model.lineAt(1_000_004, text).row, 999_999);
      assert.equal(model.lineOfRow(999_999), 1_000_004);
      model.toggle(10, '', row);
      assert.equal(model.lineCount, 1_000_000, 'collapsing a row collapses what was open inside it');
    });
  });

  describe('the header', () => {
    it('shows the query, bind parameters, database, rows, execution time, statistics and warnings from the stored result', () => {
      const stored: StoredResult = {
        jobKey: 'http://127.0.0.1:8529#4711',
        kind: 'json',
        path: '/r/x.json',
        storedAt: '2026-12-04T18:00:00Z',
        query: 'FOR u IN users\n  FILTER u.age > @age\n  RETURN u',
        database: 'shop',
        bindVars: { age: 21 },
        rows: 1234,
        bytes: 1,
        statistics: { scannedFull: 2000, scannedIndex: 5, filtered: 766, writesExecuted: 0, writesIgnored: 0, peakMemoryUsage: 3 * 1024 * 1024, executionTime: 0.01234 },
        warnings: [{ code: 1562, message: 'division by zero' }],
      };
      assert.deepEqual(resultHeader(stored, 'FOR u IN users'), {
        title: 'FOR u IN users (job 4711)',
        jobId: '4711',
        query: stored.query,
        bindVars: '{\n  "age": 21\n}',
        database: 'shop',
        rowCount: 1234,
        executionTime: '12.3 ms',
        statistics: [
          { label: 'Scanned', value: '2,000 full, 5 by index' },
          { label: 'Filtered', value: '766' },
          { label: 'Writes', value: '0 executed, 0 ignored' },
          { label: 'Peak memory', value: '3.0 MB' },
        ],
        warnings: [{ code: 1562, message: 'division by zero' }],
      });
      assert.deepEqual(statisticFacts(undefined), []);
    });
  });
});
