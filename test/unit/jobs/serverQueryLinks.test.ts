import * as assert from 'node:assert/strict';
import type { RunningQuery } from '../../../src/client/aql';
import { linkJobsToQueries } from '../../../src/jobs/serverQueryLinks';
import type { TrackedJob } from '../../../src/jobs/trackedJob';

const COORDINATOR = 'http://127.0.0.1:8529';

function running(id: string, overrides: Partial<RunningQuery> = {}): RunningQuery {
  return {
    id,
    database: 'shop',
    user: 'root',
    query: 'FOR o IN orders FILTER o.total > @min RETURN o',
    bindVars: { min: 10, currency: 'EUR' },
    started: '2026-12-04T17:00:05Z',
    runTime: 4.25,
    state: 'executing',
    stream: false,
    coordinator: COORDINATOR,
    ...overrides,
  };
}

function job(id: string, overrides: Partial<TrackedJob> = {}): TrackedJob {
  return {
    key: `${COORDINATOR}#${id}`,
    id,
    coordinator: COORDINATOR,
    database: 'shop',
    origin: 'submitted',
    query: 'FOR o IN orders FILTER o.total > @min RETURN o',
    bindVars: { currency: 'EUR', min: 10 },
    state: 'pending',
    submittedAt: Date.parse('2026-12-04T17:00:04.600Z'),
    resultWaiting: false,
    ...overrides,
  };
}

describe('linking our pending jobs to the server\'s running queries', () => {
  it('links a pending job to the query with its text, database and bind parameters (any key order)', () => {
    const links = linkJobsToQueries([running('other-db', { database: '_system' }), running('other-bind', { bindVars: { min: 11, currency: 'EUR' } }), running('mine')], [job('1')]);
    assert.equal(links.queryOfJob.get(job('1').key)?.id, 'mine');
    assert.deepEqual([...links.jobOfQuery], [['mine', job('1').key]]);
  });

  it('links only pending jobs: a finished job\'s text may well run again elsewhere', () => {
    const links = linkJobsToQueries([running('q')], [job('1', { state: 'done' }), job('2', { state: 'cancelled' })]);
    assert.equal(links.jobOfQuery.size, 0);
  });

  it('gives two identical jobs one query each, the older job the earlier query', () => {
    const queries = [running('late', { started: '2026-12-04T17:00:09Z' }), running('early', { started: '2026-12-04T17:00:06Z' }), running('third', { started: '2026-12-04T17:00:10Z' })];
    const older = job('1');
    const newer = job('2', { submittedAt: Date.parse('2026-12-04T17:00:08.200Z') });
    const links = linkJobsToQueries(queries, [newer, older]);
    assert.equal(links.queryOfJob.get(older.key)?.id, 'early');
    assert.equal(links.queryOfJob.get(newer.key)?.id, 'late');
    assert.equal(links.jobOfQuery.has('third'), false, 'a query no job sent stays the server\'s own');
  });

  it('does not take a query that started before the job was submitted', () => {
    const links = linkJobsToQueries([running('before', { started: '2026-12-04T17:00:02Z' })], [job('1')]);
    assert.equal(links.jobOfQuery.size, 0);
  });

  it('recognises the server\'s cut copy of a long query text, and returns the entry as listed', () => {
    const long = `FOR o IN orders FILTER o.note == "${'x'.repeat(5000)}" RETURN o`;
    const listed = running('cut', { query: `${long.slice(0, 4096)}...`, bindVars: {} });
    const links = linkJobsToQueries([listed], [job('1', { query: long, bindVars: {} })]);
    assert.equal(links.queryOfJob.get(job('1').key), listed);
    const otherText = linkJobsToQueries([listed], [job('2', { query: `${long.slice(0, 4000)}y`, bindVars: {} })]);
    assert.equal(otherText.jobOfQuery.size, 0);
  });
});
