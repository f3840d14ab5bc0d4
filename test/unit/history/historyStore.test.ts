import * as assert from 'node:assert/strict';
import { JobStore } from '../../../src/jobs/jobStore';
import type { JobChange } from '../../../src/jobs/jobStore';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import { HistoryStore, entryFor, groupByDay, isSecretName, matchesFilter } from '../../../src/history/historyStore';
import { historyDescription, historyTooltipLines } from '../../../src/history/historyText';
import { MemoryState } from '../jobs/memoryState';

const COORDINATOR = 'http://127.0.0.1:8529';
/** 16:12:05 local time on a fixed day, so day boundaries are the same in every time zone. */
const NOON = new Date(2026, 11, 4, 16, 12, 5).getTime();
const HOUR = 3_600_000;

function job(id: string, patch: Partial<TrackedJob> = {}): TrackedJob {
  return {
    key: `${COORDINATOR}#${id}`,
    id,
    coordinator: COORDINATOR,
    database: '_system',
    origin: 'submitted',
    query: `RETURN ${id}`,
    state: 'pending',
    submittedAt: NOON,
    resultWaiting: false,
    ...patch,
  };
}

function added(...jobs: TrackedJob[]): JobChange[] {
  return jobs.map((entry) => ({ kind: 'added', job: entry }));
}

describe('HistoryStore', () => {
  it('keeps submitted queries newest first, with their bind values, options, database and block', () => {
    const history = new HistoryStore(new MemoryState());
    history.apply(added(job('1', { submittedAt: NOON - HOUR }), job('3', { submittedAt: NOON + HOUR }), job('2')));
    history.apply(
      added(
        job('4', {
          submittedAt: NOON + 2 * HOUR,
          bindVars: { limit: 10 },
          options: { maxRuntime: 60, optimizerRules: ['-use-indexes'] },
          database: 'shop',
          documentUri: 'file:///w/q.aql',
          blockName: 'top',
        }),
      ),
    );
    assert.deepEqual(history.entries().map((entry) => entry.jobId), ['4', '3', '2', '1']);
    const newest = history.entries()[0];
    assert.deepEqual(newest?.bindVars, { limit: 10 });
    assert.deepEqual(newest?.options, { maxRuntime: 60, optimizerRules: ['-use-indexes'] });
    assert.equal(newest?.database, 'shop');
    assert.equal(newest?.blockName, 'top');
    assert.equal(newest?.outcome, 'running');
  });

  it('leaves out jobs found on the server, which were not submitted from here', () => {
    const history = new HistoryStore(new MemoryState());
    history.apply(added(job('9', { origin: 'discovered' })));
    assert.equal(history.entries().length, 0);
  });

  it('follows a job store: the outcome, rows and server time arrive, and a cleared job keeps its entry', async () => {
    const jobs = new JobStore({ load: () => [], save: () => Promise.resolve() });
    const history = new HistoryStore(new MemoryState());
    const following = history.follow(jobs);
    jobs.add(job('1'));
    jobs.add(job('2'));
    jobs.update(`${COORDINATOR}#1`, { state: 'done', finishedAt: NOON + 500, result: { rows: 3, bytes: 9, kind: 'json', statistics: { executionTime: 0.0042 } } });
    jobs.update(`${COORDINATOR}#2`, { state: 'failed', finishedAt: NOON + 40, error: { httpCode: 400, errorNum: 1501, message: 'syntax error' }, result: { rows: 0, bytes: 60, kind: 'error' } });
    jobs.remove([`${COORDINATOR}#1`]);
    const done = history.get(`${COORDINATOR}#1`);
    assert.equal(done?.outcome, 'done');
    assert.equal(done?.rows, 3);
    assert.equal(done?.serverTimeMs, 4.2);
    const failed = history.get(`${COORDINATOR}#2`);
    assert.deepEqual([failed?.outcome, failed?.errorNum, failed?.errorMessage, failed?.rows], ['failed', 1501, 'syntax error', undefined]);
    following.dispose();
    jobs.add(job('3'));
    assert.equal(history.get(`${COORDINATOR}#3`), undefined, 'no longer following');
    await history.flush();
  });

  it('keeps at most maxEntries, dropping the oldest, and trims when the limit is lowered', () => {
    let limit = 3;
    const history = new HistoryStore(new MemoryState(), () => limit);
    history.apply(added(...['1', '2', '3', '4', '5'].map((id, index) => job(id, { submittedAt: NOON + index }))));
    assert.deepEqual(history.entries().map((entry) => entry.jobId), ['5', '4', '3']);
    limit = 1;
    history.trim();
    assert.deepEqual(history.entries().map((entry) => entry.jobId), ['5']);
  });

  it('deletes single entries and clears all', () => {
    const history = new HistoryStore(new MemoryState());
    let events = 0;
    history.onDidChange(() => events++);
    history.apply(added(job('1'), job('2', { submittedAt: NOON + 1 })));
    history.remove([`${COORDINATOR}#1`]);
    assert.deepEqual(history.entries().map((entry) => entry.jobId), ['2']);
    history.clear();
    assert.deepEqual(history.entries(), []);
    assert.equal(events, 3);
  });

  it('survives a restart: what was stored is read back by a new store, in order and with its outcome', async () => {
    const state = new MemoryState();
    const history = new HistoryStore(state);
    history.apply(added(job('1', { bindVars: { password: 'hunter2', name: 'Ann' } }), job('2', { submittedAt: NOON + 1 })));
    history.apply([{ kind: 'updated', job: job('1', { state: 'done', result: { rows: 1, bytes: 3, kind: 'json' } }) }]);
    await history.flush();
    const restarted = new HistoryStore(state.kill());
    assert.deepEqual(restarted.entries(), history.entries());
    assert.equal(restarted.get(`${COORDINATOR}#1`)?.outcome, 'done');
    assert.doesNotMatch(JSON.stringify([...state.values.values()]), /hunter2/);
  });

  it('drops stored records it cannot read instead of losing the whole history', () => {
    const state = new MemoryState();
    void state.update('arangodb.history.v1', [{ jobKey: 'x' }, 'junk', { jobKey: 'k', jobId: '1', query: 'RETURN 1', database: '_system', coordinator: COORDINATOR, submittedAt: NOON, outcome: 'done' }]);
    assert.deepEqual(new HistoryStore(state).entries().map((entry) => entry.jobId), ['1']);
  });
});

describe('Secrets in the history', () => {
  it('keeps no value of a bind parameter whose name looks like a credential, and remembers its name', () => {
    const history = new HistoryStore(new MemoryState());
    history.apply(added(job('1', { bindVars: { password: 'hunter2', apiKey: 'k-123', _key: 'doc1', '@coll': 'users', limit: 5 } })));
    const [entry] = history.entries();
    assert.deepEqual(entry?.bindVars, { _key: 'doc1', '@coll': 'users', limit: 5 });
    assert.deepEqual(entry?.droppedBindVars, ['password', 'apiKey']);
  });

  const secretNames = ['password', 'Password', 'userPassword', 'user_passwd', 'pwd', 'pass', 'passphrase', 'secret', 'clientSecret', 'client-secret', 'token', 'authToken', 'access_token', 'refreshToken', 'apiKey', 'api_key', 'API_KEY', 'accessKey', 'privateKey', 'auth', 'authorization', 'bearer', 'jwt', 'credentials', 'sessionId', 'cookie', 'otp', 'pin'];
  const ordinaryNames = ['_key', 'key', 'keys', 'docKey', 'primaryKey', 'keyword', 'monkey', 'author', 'authors', 'passage', 'passengers', 'compass', 'limit', 'name', 'value', 'id', '_id', 'from', 'pinned', 'spinner', 'tokenizer', '@coll', '@password'];

  for (const name of secretNames) {
    it(`takes ${name} for a secret`, () => assert.equal(isSecretName(name), true));
  }
  for (const name of ordinaryNames) {
    it(`keeps ${name}`, () => assert.equal(isSecretName(name), false));
  }
});

describe('Finding and grouping history entries', () => {
  const history = new HistoryStore(new MemoryState());
  history.apply(
    added(
      job('1', { query: 'FOR s IN students RETURN s', submittedAt: NOON, blockName: 'all-students' }),
      job('2', { query: 'FOR c IN courses FILTER c.year == @year RETURN c', bindVars: { year: 2026 }, submittedAt: NOON - HOUR * 17, database: 'uni' }),
      job('3', { query: 'RETURN 1', submittedAt: NOON - HOUR * 24 * 3 }),
    ),
  );

  it('groups by local day: Today, Yesterday, then dates', () => {
    const days = groupByDay(history.entries(), NOON + HOUR);
    assert.deepEqual(days.map((day) => [day.label, day.entries.map((entry) => entry.jobId)]), [
      ['Today', ['1']],
      ['Yesterday', ['2']],
      ['Tue 1 Dec 2026', ['3']],
    ]);
    assert.deepEqual(groupByDay(history.entries(), NOON + HOUR * 24).map((day) => day.label), ['Yesterday', 'Thu 3 Dec 2026', 'Tue 1 Dec 2026']);
  });

  it('finds entries by words of the query, the block, the database, the outcome and bind values, ignoring case', () => {
    const find = (filter: string): string[] => history.entries().filter((entry) => matchesFilter(entry, filter)).map((entry) => entry.jobId);
    assert.deepEqual(find(''), ['1', '2', '3']);
    assert.deepEqual(find('students'), ['1']);
    assert.deepEqual(find('ALL-STUDENTS'), ['1']);
    assert.deepEqual(find('for return'), ['1', '2']);
    assert.deepEqual(find('uni 2026'), ['2']);
    assert.deepEqual(find('running'), ['1', '2', '3']);
    assert.deepEqual(find('nothing-like-this'), []);
  });
});

describe('What the History view says about an entry', () => {
  it('shows the time, the outcome, the file and block, and the database', () => {
    const history = new HistoryStore(new MemoryState());
    history.apply(added(job('1', { documentUri: 'file:///w/q.aql', blockName: 'top', database: 'shop', bindVars: { token: 't', limit: 2 } })));
    history.apply([{ kind: 'updated', job: job('1', { documentUri: 'file:///w/q.aql', blockName: 'top', database: 'shop', state: 'done', finishedAt: NOON + 700, result: { rows: 1, bytes: 3, kind: 'json', statistics: { executionTime: 0.0019 } } }) }]);
    const entry = history.get(`${COORDINATOR}#1`)!;
    assert.equal(historyDescription(entry), '16:12:05 · 1 row · server 1.9 ms · q.aql › top · shop');
    const lines = historyTooltipLines(entry);
    assert.ok(lines.includes('Outcome: done after 700 ms, 1 row'), lines.join('\n'));
    assert.ok(lines.includes('From `/w/q.aql`, block `top`'), lines.join('\n'));
    assert.ok(lines.some((line) => line.includes('`@token`')), lines.join('\n'));
  });

  it('shows a failure by its errorNum', () => {
    const entry = entryFor(job('2', { state: 'failed', error: { errorNum: 1203, message: 'collection or view not found: x' } }));
    assert.equal(historyDescription(entry), '16:12:05 · error 1203 · _system');
  });
});
