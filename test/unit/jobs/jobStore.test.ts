import * as assert from 'node:assert/strict';
import { JobStore } from '../../../src/jobs/jobStore';
import type { JobChange } from '../../../src/jobs/jobStore';
import { StatePersistence } from '../../../src/jobs/statePersistence';
import { jobKey } from '../../../src/jobs/trackedJob';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import { MemoryState } from './memoryState';

function pendingJob(id: string, coordinator = 'http://127.0.0.1:8529'): TrackedJob {
  return { key: jobKey(coordinator, id), id, coordinator, database: '_system', origin: 'submitted', query: `RETURN ${id}`, state: 'pending', submittedAt: 1000, resultWaiting: false };
}

describe('JobStore', () => {
  it('persists every change, and a new store over the same state sees every job again', async () => {
    const state = new MemoryState();
    const store = new JobStore(new StatePersistence(state));
    store.add(pendingJob('1'));
    store.add(pendingJob('2'));
    store.update(jobKey('http://127.0.0.1:8529', '1'), { state: 'done', resultWaiting: true });
    await store.flush();

    const reloaded = new JobStore(new StatePersistence(state));
    assert.deepEqual(
      reloaded.all().map((job) => [job.id, job.state, job.resultWaiting]),
      [['1', 'done', true], ['2', 'pending', false]],
    );
    assert.equal(reloaded.pendingCount, 1);
  });

  it('fires one event per mutation with the job as it was before', () => {
    const store = new JobStore(new StatePersistence(new MemoryState()));
    const events: (readonly JobChange[])[] = [];
    store.onDidChange((changes) => events.push(changes));
    store.add(pendingJob('1'));
    store.add(pendingJob('2'));
    store.updateMany([
      [pendingJob('1').key, { state: 'done', resultWaiting: true }],
      [pendingJob('2').key, { state: 'lost' }],
    ]);
    assert.equal(events.length, 3);
    const last = events[2] ?? [];
    assert.deepEqual(last.map((change) => [change.job.id, change.previous?.state, change.job.state]), [['1', 'pending', 'done'], ['2', 'pending', 'lost']]);
  });

  it('refuses to track the same job twice', () => {
    const store = new JobStore(new StatePersistence(new MemoryState()));
    store.add(pendingJob('7'));
    assert.throws(() => store.add(pendingJob('7')), /tracked already/);
  });

  it('keeps jobs with the same id on different coordinators apart', () => {
    const store = new JobStore(new StatePersistence(new MemoryState()));
    store.add(pendingJob('5', 'http://127.0.0.1:1'));
    store.add(pendingJob('5', 'http://127.0.0.1:2'));
    assert.equal(store.all().length, 2);
  });

  it('drops stored records it cannot read instead of failing to start', () => {
    const state = new MemoryState();
    void state.update('arangodb.jobs.v1', [pendingJob('1'), { id: 2 }, null, 'junk', { ...pendingJob('3'), state: 'exploded' }]);
    const store = new JobStore(new StatePersistence(state));
    assert.deepEqual(store.all().map((job) => job.id), ['1']);
  });

  it('writes snapshots in order, so an older one never overwrites a newer one', async () => {
    const writes: string[][] = [];
    let release: () => void = () => undefined;
    const slowFirst = new Promise<void>((resolve) => (release = resolve));
    const store = new JobStore({
      load: () => [],
      save: async (jobs) => {
        if (writes.length === 0) {
          writes.push(jobs.map((job) => job.id));
          await slowFirst;
          return;
        }
        writes.push(jobs.map((job) => job.id));
      },
    });
    store.add(pendingJob('1'));
    store.add(pendingJob('2'));
    release();
    await store.flush();
    assert.deepEqual(writes, [['1'], ['1', '2']]);
  });

  it('reports a failed save from flush()', async () => {
    const store = new JobStore({ load: () => [], save: () => Promise.reject(new Error('disk full')) });
    store.add(pendingJob('1'));
    await assert.rejects(store.flush(), /disk full/);
  });
});
