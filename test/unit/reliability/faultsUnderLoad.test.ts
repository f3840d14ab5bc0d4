import * as assert from 'node:assert/strict';
import { AsyncExecuteError, isConnectionError } from '../../../src/client';
import type { RequestEvent } from '../../../src/client';
import { RESULT_LOST_IN_TRANSIT } from '../../../src/jobs/trackedJob';
import { requireSandbox } from '../../support/testServer';
import type { TestServer } from '../../support/testServer';
import { allFinal, readStoredRows, resultFetchesByJob, sleep, useRigTestbed } from './rig';

const JOBS = 500;
const SUBMITTERS = 4;
/**
 * The queries: row counts (rowLimit 100 sends the larger ones to JSON Lines) and batch sizes. Three
 * in five results span several batches, so 503s and resets also hit later batches, the last
 * one included (the job layer submits with allowRetry, so a lost batch is asked again by its id).
 */
const QUERIES = [
  { rows: 1, batchSize: 1000 },
  { rows: 7, batchSize: 1000 },
  { rows: 40, batchSize: 20 },
  { rows: 150, batchSize: 75 },
  { rows: 260, batchSize: 130 },
] as const;
const ROW_COUNTS = QUERIES.map((query) => query.rows);
const QUERY = 'FOR i IN 1..@n RETURN { i, square: i * i, label: CONCAT("row-", i) }';

describe('Reliability 1+2: 500 jobs from 4 submitters through latency, 503s and reset connections', function () {
  this.timeout(120_000);
  const testbed = useRigTestbed('reliability_load', { workers: 4 });
  let server: TestServer;
  let database: string;

  before(() => {
    ({ server, database } = testbed);
  });

  it('brings every job to a final state, stores every result exactly once and identical to a healthy run, reports none twice', async function () {
    const sandbox = requireSandbox(this, server, 'fault injection');
    const started = Date.now();
    const rig = testbed.rig({ rowLimit: 100, intervalMs: 50, maxBackoffMs: 400 });
    const { store, actions, poller } = rig;

    // What each query returns on a healthy server, read before any fault is switched on.
    const healthy = new Map<number, unknown[]>();
    for (const n of ROW_COUNTS) {
      healthy.set(n, await rig.session.databaseHandle(database).aql.execute(QUERY, { bindVars: { n }, batchSize: 1000 }).then((cursor) => cursor.all()));
    }

    sandbox.setFaults({ latencyMs: 2, latencyJitterMs: 8, unavailableRate: 0.1, resetRate: 0.05, seed: 20261125 });
    sandbox.resetStats();
    const rowsOf = new Map<string, number>();
    let submissionRetries = 0;
    let submissionsMaybeSent = 0;
    let next = 0;
    const submitter = async (): Promise<void> => {
      const deadline = Date.now() + 60_000;
      while (next < JOBS) {
        const { rows: n, batchSize } = QUERIES[next % QUERIES.length] ?? QUERIES[0];
        next++;
        for (;;) {
          assert.ok(Date.now() < deadline, 'submitting took longer than a minute');
          try {
            const job = await actions.submit({ query: QUERY, bindVars: { n }, options: { batchSize, count: true } });
            rowsOf.set(job.key, n);
            poller.wake();
            break;
          } catch (error) {
            // Refused before queueing (503) or never sent: a user's "run again" is safe. A submission
            // that may have reached the server may have queued a job nobody tracks: counted, and run again.
            if (isConnectionError(error) && error.mayHaveReachedServer) {
              submissionsMaybeSent++;
            } else if (!(error instanceof AsyncExecuteError && error.httpCode === 503) && !isConnectionError(error)) {
              throw error;
            }
            submissionRetries++;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: SUBMITTERS }, () => submitter()));
    assert.equal(store.all().length, JOBS);

    // A fetch that failed on a 503 or a dropped status check leaves the job done with its result
    // waiting on the server, as the extension does; the user's "Fetch Result" is what retries it.
    let userFetches = 0;
    let seenErrors = 0;
    const deadline = Date.now() + 60_000;
    while (!allFinal(store)) {
      assert.ok(Date.now() < deadline, `jobs not final after a minute: ${store.all().filter((job) => job.state === 'pending' || job.resultWaiting).length}`);
      if (rig.fetchErrors.length > seenErrors) {
        const retry = rig.fetchErrors.slice(seenErrors).map(({ job }) => job.key);
        seenErrors = rig.fetchErrors.length;
        for (const key of new Set(retry)) {
          if (store.get(key)?.resultWaiting === true) {
            userFetches++;
            await actions.fetchResult(key).catch((error: unknown) => rig.fetchErrors.push({ job: store.get(key)!, error }));
          }
        }
      }
      poller.wake();
      await sleep(50);
    }
    const stats = sandbox.stats();
    sandbox.setFaults({});

    const jobs = store.all();
    const stored = jobs.filter((job) => job.state === 'done');
    // A job may only be lost when a fetch of its one-time result may have reached the server and its
    // answer never arrived (a reset after handling): the server has let go of it, nobody got it.
    const fetchesBeforeChecks = resultFetchesByJob(rig.requests);
    const lostInTransit = jobs.filter((job) => job.state === 'lost');
    const lostWithoutCause = lostInTransit.filter((job) => !(fetchesBeforeChecks.get(job.id) ?? []).some((event) => /may have received/.test(event.error ?? '')));
    assert.deepEqual(lostWithoutCause.map((job) => [job.id, job.lostReason]), [], 'a job was lost although no fetch of it was cut off');
    const saidInTransit = lostInTransit.filter((job) => job.lostReason === RESULT_LOST_IN_TRANSIT).length;
    assert.deepEqual(lostInTransit.filter((job) => job.lostReason !== RESULT_LOST_IN_TRANSIT).map((job) => job.lostReason), [], 'a lost job does not say its result was lost in transit');
    assert.deepEqual(jobs.filter((job) => !['done', 'lost'].includes(job.state)).map((job) => [job.key, job.state, job.error]), [], 'only stored or lost-in-transit jobs');

    // Every stored result is the healthy result, row for row.
    let resultsWrong = 0;
    for (const job of stored) {
      const entry = await rig.results.get(job.key);
      const expected = healthy.get(rowsOf.get(job.key) ?? -1);
      if (entry === undefined || entry.kind === 'error' || !isDeepEqual(await readStoredRows(entry), expected)) {
        resultsWrong++;
      }
    }
    assert.equal(resultsWrong, 0, 'a stored result differs from the healthy run');

    // Exactly once: at most one result fetch per job got an answer from the job manager, and each
    // job reached its final state in exactly one store change.
    const fetches = resultFetchesByJob(rig.requests);
    const answeredTwice = [...fetches].filter(([, events]) => events.filter(handedOut).length > 1);
    assert.deepEqual(answeredTwice.map(([id]) => id), []);
    for (const job of stored) {
      assert.equal(fetches.get(job.id)?.filter(handedOut).length, 1, `job ${job.id} stored without one answered fetch`);
    }
    const finals = new Map<string, number>();
    for (const change of rig.changes) {
      const wasFinal = change.previous !== undefined && change.previous.state !== 'pending' && !change.previous.resultWaiting;
      if (change.kind === 'updated' && !wasFinal && change.job.state !== 'pending' && !change.job.resultWaiting) {
        finals.set(change.job.key, (finals.get(change.job.key) ?? 0) + 1);
      }
    }
    assert.deepEqual([...finals.values()].filter((count) => count !== 1), [], 'a job was reported final twice');
    // Lost is final: a job shown lost while its result was still on the way and then stored was never lost.
    const revived = rig.changes.filter((change) => change.previous?.state === 'lost' && change.job.state !== 'lost');
    assert.deepEqual(revived.map((change) => [change.job.id, change.job.state]), [], 'a job was shown lost and then came back');
    assert.equal(finals.size, JOBS);
    const finishedTwice = new Map<string, number>();
    for (const key of rig.reports.flatMap((report) => report.finished)) {
      finishedTwice.set(key, (finishedTwice.get(key) ?? 0) + 1);
    }
    assert.deepEqual([...finishedTwice].filter(([, count]) => count > 1), [], 'the poller reported a job finished twice');

    const clientRetries = rig.requests.filter((event) => event.attempt > 1).length;
    const failuresSeen = rig.requests.filter((event) => event.error !== undefined || event.status === 503).length;
    const resultsLost = resultsWrong + stored.filter((job) => job.result === undefined).length;
    console.log(
      `      faults under load: ${JOBS} jobs from ${SUBMITTERS} submitters in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        `${stats.total} requests, ${failuresSeen} failures seen (${stats.faults.unavailable} × 503, ` +
        `${stats.faults.resetBeforeHandling + stats.faults.resetAfterHandling} resets), ` +
        `${clientRetries + submissionRetries + userFetches} retries (${clientRetries} by the client's read rule, ` +
        `${submissionRetries} re-submissions, ${userFetches} fetches again after a reported error), ` +
        `${stored.length} results stored, ${lostInTransit.length} lost in transit (server handed them out, connection reset; ${saidInTransit} say so), ` +
        `${submissionsMaybeSent} submissions of unknown outcome, results lost: ${resultsLost}`,
    );
    assert.equal(resultsLost, 0);
  });
});

/** A result fetch the job manager answered with the job's stored answer (a cursor's is `201`). */
function handedOut(event: RequestEvent): boolean {
  return event.status !== undefined && event.status >= 200 && event.status < 300 && event.status !== 204;
}

function isDeepEqual(actual: unknown, expected: unknown): boolean {
  try {
    assert.deepEqual(actual, expected);
    return true;
  } catch {
    return false;
  }
}
