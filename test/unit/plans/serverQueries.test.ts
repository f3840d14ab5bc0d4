import assert from 'node:assert/strict';
import { queryOfJob, serverQueriesFromAnswer, ServerQueryShapeError } from '../../../src/plans/serverQueries';

/** An entry as arangod 3.12 lists it in `GET /_api/query/current` (field set and order as sent). */
function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '1234',
    database: 'shop',
    user: 'root',
    query: 'FOR o IN orders FILTER o.total > @min RETURN o',
    bindVars: { min: 10, currency: 'EUR' },
    started: '2026-12-04T17:00:05Z',
    runTime: 4.25,
    peakMemoryUsage: 32768,
    state: 'executing',
    stream: false,
    ...overrides,
  };
}

const job = {
  query: 'FOR o IN orders FILTER o.total > @min RETURN o',
  database: 'shop',
  bindVars: { currency: 'EUR', min: 10 },
  submittedAt: Date.parse('2026-12-04T17:00:04.500Z'),
};

describe('server query lists', () => {
  it('reads the entries of a running or slow query list', () => {
    const [running] = serverQueriesFromAnswer([entry()]);
    assert.deepEqual(running, entry());
    const [slow] = serverQueriesFromAnswer([entry({ state: 'finished', peakMemoryUsage: undefined, stream: true })]);
    assert.equal(slow?.state, 'finished');
    assert.equal(slow?.stream, true);
    assert.equal('peakMemoryUsage' in slow, false);
  });

  it('refuses a list that is not one, or an entry without id, query or start', () => {
    assert.throws(() => serverQueriesFromAnswer({ error: false }), ServerQueryShapeError);
    assert.throws(() => serverQueriesFromAnswer([entry({ id: 1234 })]), (error: unknown) => error instanceof ServerQueryShapeError && /entry 0/.test(error.message));
  });

  it("finds a job's query: same text, database and bind parameters in any key order", () => {
    const queries = serverQueriesFromAnswer([entry({ id: 'other-db', database: '_system' }), entry({ id: 'other-bind', bindVars: { min: 11, currency: 'EUR' } }), entry()]);
    assert.equal(queryOfJob(queries, job)?.id, '1234');
  });

  it('ignores a query that started before the job was submitted (beyond a second of clock skew)', () => {
    const early = serverQueriesFromAnswer([entry({ id: 'early', started: '2026-12-04T17:00:03Z' })]);
    assert.equal(queryOfJob(early, job), undefined);
    const skewed = serverQueriesFromAnswer([entry({ id: 'skewed', started: '2026-12-04T17:00:04Z' })]);
    assert.equal(queryOfJob(skewed, job)?.id, 'skewed');
  });

  it('takes the earliest of several matching queries, and nothing for a job without query text', () => {
    const queries = serverQueriesFromAnswer([entry({ id: 'later', started: '2026-12-04T17:00:09Z' }), entry({ id: 'first', started: '2026-12-04T17:00:06Z' })]);
    assert.equal(queryOfJob(queries, job)?.id, 'first');
    assert.equal(queryOfJob(queries, { database: 'shop', submittedAt: job.submittedAt }), undefined);
  });

  it('matches a job without bind parameters only to a query without any', () => {
    const queries = serverQueriesFromAnswer([entry({ id: 'with' }), entry({ id: 'without', bindVars: {} })]);
    assert.equal(queryOfJob(queries, { query: job.query, database: 'shop', submittedAt: job.submittedAt })?.id, 'without');
  });
});
