import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import { formatClockTime, formatDuration, formatRelative, formatSource } from '../../../src/views/format';
import { jobDescription, serverTimeMs, timeToResultMs, tooltipLines } from '../../../src/views/jobText';

/** 16:12:05 local time on a fixed day, so clock times read the same in every time zone. */
const SUBMITTED = new Date(2026, 11, 4, 16, 12, 5).getTime();
const FILE = pathToFileURL('/work/queries/slow.aql').toString();

function job(patch: Partial<TrackedJob> = {}): TrackedJob {
  return {
    key: 'http://127.0.0.1:8529#123',
    id: '123',
    coordinator: 'http://127.0.0.1:8529',
    database: '_system',
    origin: 'submitted',
    query: 'RETURN 1',
    documentUri: FILE,
    queryStart: { line: 0, character: 0 },
    state: 'pending',
    submittedAt: SUBMITTED,
    resultWaiting: false,
    ...patch,
  };
}

/** The query that showed "516 ms" though the server ran it in 1.9 ms. */
const fastDone = job({
  state: 'done',
  finishedAt: SUBMITTED + 516,
  result: { rows: 1, bytes: 3, kind: 'json', statistics: { executionTime: 0.0019, writesExecuted: 0 } },
});

describe('Job source: the file and block a job came from', () => {
  it('names the block after the file instead of a line number, in the description and the tooltip', () => {
    const fromBlock = job({ queryStart: { line: 12, character: 0 }, blockName: 'top-students' });
    assert.equal(jobDescription(fromBlock, SUBMITTED + 34), 'running 34 ms · slow.aql › top-students 16:12:05 · _system · #123');
    assert.ok(tooltipLines(fromBlock, SUBMITTED + 34).some((line) => line.includes('`/work/queries/slow.aql`, block `top-students`, line 13')));
    assert.equal(jobDescription(job({ queryStart: { line: 12, character: 0 } }), SUBMITTED + 34), 'running 34 ms · slow.aql:13 16:12:05 · _system · #123');
  });
});

describe('Job times: what the job explorer shows, and that it is true', () => {
  it('shows a done job\'s server execution time apart from the time from submission to result', () => {
    assert.equal(serverTimeMs(fastDone), 1.9);
    assert.equal(timeToResultMs(fastDone), 516);
    assert.equal(jobDescription(fastDone, SUBMITTED + 60_000), '1 row · server 1.9 ms · 516 ms to result · slow.aql 16:12:05 · _system · #123');
    const lines = tooltipLines(fastDone, SUBMITTED + 60_000);
    assert.ok(lines.includes('Server execution time: 1.9 ms'), lines.join('\n'));
    assert.ok(lines.includes('Result ready 516 ms after submission (seen at 16:12:05)'), lines.join('\n'));
  });

  it('moves a pending job\'s running time with the clock, in the description and the tooltip', () => {
    const pending = job();
    assert.equal(jobDescription(pending, SUBMITTED + 34), 'running 34 ms · slow.aql 16:12:05 · _system · #123');
    assert.equal(jobDescription(pending, SUBMITTED + 26_000), 'running 26.0 s · slow.aql 16:12:05 · _system · #123');
    assert.ok(tooltipLines(pending, SUBMITTED + 26_000).includes('Running for 26.0 s'));
  });

  it('says what is true for jobs without a server time: failed, cancelled, lost, waiting, found elsewhere', () => {
    const now = SUBMITTED + 3_600_000;
    const failed = job({ state: 'failed', finishedAt: SUBMITTED + 40, error: { httpCode: 400, errorNum: 1501, message: 'syntax error' }, result: { rows: 0, bytes: 60, kind: 'error' } });
    assert.equal(jobDescription(failed, now), 'error 1501 · failed after 40 ms · slow.aql 16:12:05 · _system · #123');
    assert.ok(tooltipLines(failed, now).includes('Failed 40 ms after submission (seen at 16:12:05)'));
    assert.ok(!tooltipLines(failed, now).some((line) => line.startsWith('Server execution time')));

    const cancelled = job({ state: 'cancelled', cancelRequestedAt: SUBMITTED + 1200, cancelOutcome: 'job-cancelled-and-query-killed', finishedAt: SUBMITTED + 1300 });
    assert.equal(jobDescription(cancelled, now), 'running query killed · cancelled after 1.2 s · slow.aql 16:12:05 · _system · #123');
    assert.ok(tooltipLines(cancelled, now).includes('Cancel requested at 16:12:06, 1.2 s after submission'));

    const lost = job({ state: 'lost', finishedAt: SUBMITTED + 181_000, lostReason: 'The server restarted.' });
    assert.equal(jobDescription(lost, now), 'slow.aql 16:12:05 · _system · #123', 'when it was lost is unknown: no time is claimed');
    assert.ok(tooltipLines(lost, now).includes('Noticed lost at 16:15:06; when it was lost on the server is unknown'));

    const waiting = job({ state: 'done', resultWaiting: true, finishedAt: SUBMITTED + 25 });
    assert.equal(jobDescription(waiting, now), 'result on server · 25 ms to result · slow.aql 16:12:05 · _system · #123');

    const { query: _query, documentUri: _documentUri, queryStart: _queryStart, ...unknownSource } = job();
    const found: TrackedJob = { ...unknownSource, origin: 'discovered' };
    assert.equal(jobDescription(found, SUBMITTED + 5000), 'running ≥ 5.0 s · found 16:12:05 · _system · #123', 'it ran before it was found');
    const foundDone = { ...found, state: 'done' as const, finishedAt: SUBMITTED + 9000, result: { rows: 2, bytes: 9, kind: 'json' as const, statistics: { executionTime: 0.25 } } };
    assert.equal(jobDescription(foundDone, now), '2 rows · server 250 ms · found 16:12:05 · _system · #123', 'no submission time: no time to result');
    assert.ok(tooltipLines(foundDone, now).includes('Seen done at 16:12:14'));
  });

  it('tells two runs of the same query apart by file, line and time of submission', () => {
    const first = job({ queryStart: { line: 11, character: 0 } });
    const second = job({ documentUri: pathToFileURL('/work/other/report.aql').toString(), submittedAt: SUBMITTED + 95_000 });
    const now = SUBMITTED + 100_000;
    assert.match(jobDescription(first, now), / · slow\.aql:12 16:12:05 · /);
    assert.match(jobDescription(second, now), / · report\.aql 16:13:40 · /);
    const lines = tooltipLines(first, now);
    assert.ok(lines.includes('Submitted at 16:12:05 (1 min ago) from `/work/queries/slow.aql`, line 12'), lines.join('\n'));
    const { documentUri: _documentUri, ...fromNoFile } = job();
    assert.ok(tooltipLines(fromNoFile, now).includes('Submitted at 16:12:05 (1 min ago)'));
  });
});

describe('Formatting times and sources for the tree', () => {
  it('keeps the digit that matters below 10 ms', () => {
    assert.equal(formatDuration(1.9), '1.9 ms');
    assert.equal(formatDuration(0.42), '0.42 ms');
    assert.equal(formatDuration(3), '3 ms');
    assert.equal(formatDuration(516.4), '516 ms');
    assert.equal(formatDuration(0), '0 ms');
  });

  it('gives the clock time today, the day before that, and the year when it differs', () => {
    const now = new Date(2026, 11, 4, 18, 0, 0).getTime();
    assert.equal(formatClockTime(SUBMITTED, now), '16:12:05');
    assert.equal(formatClockTime(new Date(2026, 11, 3, 9, 5, 59).getTime(), now), 'Dec 3, 09:05');
    assert.equal(formatClockTime(new Date(2025, 0, 31, 23, 1).getTime(), now), 'Jan 31 2025, 23:01');
  });

  it('says how long ago only within the last day', () => {
    assert.equal(formatRelative(SUBMITTED, SUBMITTED + 12_400), '12 s ago');
    assert.equal(formatRelative(SUBMITTED, SUBMITTED + 4 * 60_000 + 59_000), '4 min ago');
    assert.equal(formatRelative(SUBMITTED, SUBMITTED + 3 * 3_600_000 + 5), '3 h ago');
    assert.equal(formatRelative(SUBMITTED, SUBMITTED + 24 * 3_600_000), undefined);
  });

  it('names the document by its file name, with the line of a selection further down', () => {
    assert.equal(formatSource(FILE, { line: 0, character: 4 }), 'slow.aql');
    assert.equal(formatSource(FILE, { line: 2, character: 0 }), 'slow.aql:3');
    assert.equal(formatSource(pathToFileURL('/work/my queries/a b.aql').toString()), 'a b.aql');
    assert.equal(formatSource('untitled:Untitled-1'), 'Untitled-1');
    assert.equal(formatSource(undefined), undefined);
  });
});
