import assert from 'node:assert/strict';
import {
  errorReportText,
  formatBytes,
  formatLocalTime,
  fullResultTooLargeMessage,
  previewText,
  resultTitle,
} from '../../../src/results/resultText';

const FIXED_TIME = (epochMs: number): string => new Date(epochMs).toISOString();

describe('resultText: the texts of read-only result tabs', () => {
  describe('resultTitle', () => {
    it('names a tab by the query and the job id, with the extension that picks its language', () => {
      assert.equal(resultTitle('FOR s IN students RETURN s', '1234', 'result'), 'FOR s IN students RETURN s (job 1234).json');
      assert.equal(resultTitle('FOR s IN students RETURN s', '1234', 'full'), 'FOR s IN students RETURN s (job 1234, all rows).jsonl');
      assert.equal(resultTitle('FOR s IN students RETURN s', '1234', 'preview', 'first 10,000 rows'), 'FOR s IN students RETURN s (job 1234, first 10,000 rows).jsonc');
      assert.equal(resultTitle('RETURN SLEEP(30)', '9', 'error', 'cancelled'), 'RETURN SLEEP(30) (job 9, cancelled).txt');
    });

    it('shortens a long first line and keeps no path separator, so the title is one file name', () => {
      const title = resultTitle('FOR d IN docs FILTER d.path == "a/b\\\\c" AND d.size / 2 > 10 SORT d.size DESC LIMIT 10 RETURN d', '77', 'result');
      assert.ok(!/[\\/]/.test(title), title);
      assert.match(title, /^FOR d IN docs FILTER d\.path == "a∕b∕∕c" AND d\.s… \(job 77\)\.json$/);
    });

    it('turns control characters into spaces and never leaves the query part empty', () => {
      assert.equal(resultTitle('RETURN\t1\u0000', '5', 'result'), 'RETURN 1 (job 5).json');
      assert.equal(resultTitle('   ', '5', 'result'), 'query (job 5).json');
    });
  });

  describe('previewText', () => {
    it('says in the text itself that a preview is cut, above the rows and after the closing bracket', () => {
      const text = previewText('[\n  1,\n  2\n]\n', 2, 200_000);
      const lines = text.trimEnd().split('\n');
      assert.equal(lines[0], '// Preview: the first 2 of 200,000 rows. Open Full Result (right-click the job in ArangoDB: Async Jobs) shows all of them.');
      assert.deepEqual(lines.slice(1, -1), ['[', '  1,', '  2', ']']);
      assert.equal(lines.at(-1), '// … 199,998 more rows not shown: Open Full Result shows all 200,000.');
    });
  });

  describe('fullResultTooLargeMessage', () => {
    it('gives the size, the limit and what to do instead', () => {
      assert.equal(formatBytes(52_428_800), '50 MB');
      assert.equal(formatBytes(1_572_864), '1.5 MB');
      assert.equal(formatBytes(2048), '2 KB');
      assert.match(fullResultTooLargeMessage('12', 2_000_000, 300 * 1024 * 1024, 50 * 1024 * 1024), /job 12 \(2,000,000 rows, 300 MB of JSON Lines\) is larger than 50 MB.*reveal it or copy its path/);
    });
  });

  describe('errorReportText', () => {
    const failed = {
      jobId: '4711',
      state: 'failed' as const,
      errorNum: 1501,
      httpCode: 400,
      message: "AQL: syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 2:12 (while parsing)",
      query: 'FOR i IN 1..100\n  FILTER i = 1 LIMIT 2 RETURN i * 3\n\n',
      bindVars: { limit: 2 },
      database: 'shop',
      coordinator: 'http://127.0.0.1:8529',
      submittedAt: Date.UTC(2026, 11, 4, 16, 0, 0),
      finishedAt: Date.UTC(2026, 11, 4, 16, 0, 1),
    };

    it('shows the numbers, the message, the query with a caret under the error, bind parameters, database, coordinator and times', () => {
      assert.equal(
        errorReportText(failed, FIXED_TIME),
        [
          'Job 4711 failed',
          '===============',
          '',
          'errorNum:     1501',
          'HTTP code:    400',
          "Message:      AQL: syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 2:12 (while parsing)",
          '',
          'Query (the error is at line 2, column 12, marked ^):',
          '  1 | FOR i IN 1..100',
          '  2 |   FILTER i = 1 LIMIT 2 RETURN i * 3',
          '    |            ^',
          '',
          'Bind parameters:',
          '  {',
          '    "limit": 2',
          '  }',
          '',
          'Database:     shop',
          'Coordinator:  http://127.0.0.1:8529',
          'Submitted:    2026-12-04T16:00:00.000Z',
          'Finished:     2026-12-04T16:00:01.000Z',
          '',
        ].join('\n'),
      );
    });

    it('holds none of the stored record\'s internals', () => {
      const text = errorReportText(failed);
      for (const internal of ['storedAt', 'jobKey', 'version', '"kind"', 'file']) {
        assert.ok(!text.includes(internal), `the report shows ${internal}`);
      }
    });

    it('marks a named collection when the message has no position, and keeps tabs so the caret lines up', () => {
      const text = errorReportText({ ...failed, errorNum: 1203, httpCode: 404, message: 'collection or view not found: users', query: '\tFOR u IN users RETURN u', bindVars: {} }, FIXED_TIME);
      assert.ok(text.includes('Query (the error is at line 1, column 11, marked ^):\n  1 | \tFOR u IN users RETURN u\n    | \t         ^^^^^\n'), text);
      assert.ok(text.includes('Bind parameters: none'));
    });

    it('shows the query unmarked when the error names no place in it, and says what the cancel did', () => {
      const text = errorReportText(
        { ...failed, state: 'cancelled', errorNum: 21, httpCode: 410, message: 'query killed', query: 'RETURN SLEEP(30)', cancelNote: 'the job was cancelled and its running query was killed' },
        FIXED_TIME,
      );
      assert.match(text, /^Job 4711 was cancelled\n=+\n\nCancel: {7}the job was cancelled and its running query was killed\nerrorNum: {5}21\nHTTP code: {4}410\n/);
      assert.ok(text.includes('Query:\n  1 | RETURN SLEEP(30)\n\n'), text);
    });

    it('says so when the query is unknown or the server gave no numbers', () => {
      const text = errorReportText({ jobId: '3', state: 'failed', message: 'Reading the rest of the result failed: cursor not found', database: '_system' });
      assert.match(text, /errorNum: {5}\(none given\)\nHTTP code: {4}\(none given\)/);
      assert.match(text, /Query: {8}\(unknown: the job was submitted by another tool\)/);
    });

    it('prints local times with their offset from UTC', () => {
      assert.match(formatLocalTime(Date.UTC(2026, 0, 2, 3, 4, 5)), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:05 \(UTC[+-]\d{2}:\d{2}\)$/);
    });
  });
});
