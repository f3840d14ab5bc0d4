import * as assert from 'node:assert/strict';
import { JobActivityLog, logLineFor, noticeFor } from '../../../src/jobs/jobNews';
import { JobStore } from '../../../src/jobs/jobStore';
import type { JobChange } from '../../../src/jobs/jobStore';
import { StatePersistence } from '../../../src/jobs/statePersistence';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import { MemoryState } from '../jobs/memoryState';

const COORDINATOR = 'http://127.0.0.1:8529';

function pending(overrides: Partial<TrackedJob> = {}): TrackedJob {
  return {
    key: `${COORDINATOR}#77`,
    id: '77',
    coordinator: COORDINATOR,
    database: '_system',
    origin: 'submitted',
    query: 'FOR u IN users\n  FILTER u.password == "s3cret"\n  RETURN u',
    bindVars: { token: 'bind-secret' },
    state: 'pending',
    submittedAt: 1,
    resultWaiting: false,
    ...overrides,
  };
}

function updated(before: TrackedJob, patch: Partial<TrackedJob>): JobChange {
  return { kind: 'updated', previous: before, job: { ...before, ...patch } };
}

const cancelledResult = { rows: 0, bytes: 60, kind: 'error' as const };
const cancelError = { httpCode: 410, errorNum: 21, message: 'canceled request' };

describe('One cancel, one message', () => {
  it('stays silent when a job cancelled with Cancel Job ends cancelled: the command said what happened', () => {
    const before = pending({ cancelRequestedAt: 5, cancelOutcome: 'job-cancelled-and-query-killed' });
    assert.equal(noticeFor(updated(before, { state: 'cancelled', result: cancelledResult, error: cancelError }), true), undefined);
  });

  it('still tells when a job submitted here was cancelled from elsewhere', () => {
    const notice = noticeFor(updated(pending(), { state: 'cancelled', result: cancelledResult, error: cancelError }), true);
    assert.deepEqual(notice, { text: 'was cancelled.', severity: 'info' });
  });
});

describe('The job log at the default level', () => {
  it('logs a stored result, a failure, a cancelled end and a lost job, at info (warn for lost)', () => {
    const before = pending();
    assert.deepEqual(logLineFor(updated(before, { state: 'done', result: { rows: 3, bytes: 42, kind: 'json' } })), {
      level: 'info',
      text: `Job 77 on ${COORDINATOR} done: 3 rows stored (42 bytes).`,
    });
    assert.deepEqual(logLineFor(updated(before, { state: 'failed', result: { rows: 0, bytes: 90, kind: 'error' }, error: { httpCode: 400, errorNum: 1501, message: 'syntax error, unexpected identifier near \'x\'\nat line 2' } })), {
      level: 'info',
      text: `Job 77 on ${COORDINATOR} failed: syntax error, unexpected identifier near 'x' (errorNum 1501, HTTP 400).`,
    });
    assert.deepEqual(logLineFor(updated(before, { state: 'cancelled', result: cancelledResult, error: cancelError })), {
      level: 'info',
      text: `Job 77 on ${COORDINATOR} ended cancelled (errorNum 21, HTTP 410).`,
    });
    assert.deepEqual(logLineFor(updated(before, { state: 'lost', lostReason: 'The server restarted.' })), {
      level: 'warn',
      text: `Job 77 on ${COORDINATOR} is lost: The server restarted.`,
    });
    assert.deepEqual(logLineFor(updated(before, { state: 'done', resultWaiting: true })), {
      level: 'info',
      text: `Job 77 on ${COORDINATOR} ended on the server (done); its result waits to be fetched.`,
    });
  });

  it('logs a job found on the server, and nothing for changes that are no news', () => {
    const discovered: { -readonly [K in keyof TrackedJob]?: TrackedJob[K] } = pending({ origin: 'discovered' });
    delete discovered.query;
    assert.equal(logLineFor({ kind: 'added', job: discovered as TrackedJob })?.text, `Job 77 on ${COORDINATOR} found on the server (pending; submitted elsewhere).`);
    assert.equal(logLineFor({ kind: 'added', job: pending() }), undefined);
    assert.equal(logLineFor(updated(pending(), { cancelRequestedAt: 9 })), undefined);
    assert.equal(logLineFor({ kind: 'removed', job: pending() }), undefined);
  });

  it('writes the store\'s changes to the log, naming jobs by id, never by query text or bind values', async () => {
    const store = new JobStore(new StatePersistence(new MemoryState()));
    const lines: string[] = [];
    const activity = new JobActivityLog(store, { info: (text) => lines.push(`info ${text}`), warn: (text) => lines.push(`warn ${text}`) });
    const job = pending();
    store.add(job);
    store.update(job.key, { state: 'done', resultWaiting: true });
    store.update(job.key, { resultWaiting: false, result: { rows: 1, bytes: 10, kind: 'json' } });
    await store.flush();
    activity.dispose();
    store.update(job.key, { state: 'lost' });
    assert.deepEqual(lines, [
      `info Job 77 on ${COORDINATOR} ended on the server (done); its result waits to be fetched.`,
      `info Job 77 on ${COORDINATOR} done: 1 row stored (10 bytes).`,
    ]);
    assert.ok(lines.every((line) => !line.includes('s3cret') && !line.includes('bind-secret') && !line.includes('FOR u')));
  });
});
