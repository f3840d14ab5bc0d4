import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { CoordinatorNotConnectedError } from '../../../src/jobs/jobActions';
import { useRigTestbed, waitFor } from './rig';
import type { Rig } from './rig';

/** `POST /_api/cursor/{id}/{batchId}` (next batch) requests the rig's clients have sent so far. */
function batchReads(rig: Rig): number {
  return rig.requests.filter((event) => event.method === 'POST' && /\/_api\/cursor\/\d+/.test(event.path)).length;
}

async function storedText(rig: Rig, key: string): Promise<string> {
  const entry = await rig.results.get(key);
  assert.ok(entry && entry.kind !== 'error', `job ${key} has no stored result`);
  return readFile(entry.path, 'utf8');
}

describe('Reliability: a settings or secret change never costs a result', function () {
  this.timeout(120_000);
  const testbed = useRigTestbed('reliability_settings', { workers: 2 }, { rowLimit: 100 });
  // Many batches, so that the drain is under way while the connection is rebuilt twice.
  const QUERY = 'FOR i IN 1..4000 RETURN { i, label: CONCAT("row ", i), big: 12345678901234567890123 }';
  const OPTIONS = { batchSize: 50 };

  async function reference(): Promise<string> {
    const rig = testbed.rig();
    const key = (await rig.actions.submit({ query: QUERY, options: OPTIONS })).key;
    rig.poller.wake();
    await waitFor('the reference result to be stored', () => rig.store.get(key)?.result !== undefined, 60_000);
    return storedText(rig, key);
  }

  it('drains a multi-batch result to the last row while a setting and then the secret change, and closes the old clients only afterwards', async () => {
    const expected = await reference();
    // Slow each request down a little (sandbox only) so the drain spans both changes; a real server
    // needs no help: 80 batches are many round trips anywhere.
    testbed.server.sandbox?.setFaults({ latencyMs: 15 });
    const rig = testbed.rig();
    const first = rig.client;
    const key = (await rig.actions.submit({ query: QUERY, options: OPTIONS })).key;
    rig.poller.wake();

    const settled = (): boolean => rig.store.get(key)?.result !== undefined;
    await waitFor('the drain to have read some batches', () => batchReads(rig) >= 5 || settled(), 60_000);
    const underWayAtSettingChange = !settled();
    const settingChanged = rig.reconnect();
    const second = rig.client;
    assert.notEqual(second, first, 'the setting change built a new client');
    const readsAtSettingChange = batchReads(rig);

    await waitFor('the drain to go on past the setting change', () => batchReads(rig) >= readsAtSettingChange + 5 || settled(), 60_000);
    const underWayAtSecretChange = !settled();
    // The secret changes: the user now logs in for a JWT instead of sending the password each time.
    const secretChanged = rig.reconnect({ credentials: { username: testbed.server.username, password: testbed.server.password, auth: 'jwt' } });
    const readsAtSecretChange = batchReads(rig);

    await waitFor('the result to be stored', settled, 60_000);
    testbed.server.sandbox?.setFaults({});
    await Promise.all([settingChanged, secretChanged]);

    const job = rig.store.get(key)!;
    assert.equal(job.state, 'done', JSON.stringify(job.error));
    assert.equal(job.result?.rows, 4000);
    assert.ok(underWayAtSettingChange && underWayAtSecretChange, 'the drain was still under way at both changes');
    assert.equal(await storedText(rig, key), expected, 'the stored rows are the server\'s bytes, every one of them');
    const closedCalls = rig.requests.filter((event) => /closed|destroyed/i.test(event.error ?? ''));
    assert.deepEqual(closedCalls, [], 'no request failed because its client was closed');
    assert.equal(rig.live.retiringCount, 0, 'both replaced clients are closed once the drain ended');
    assert.ok(rig.fetchErrors.length === 0, `fetch errors: ${rig.fetchErrors.map(({ error }) => String(error)).join('; ')}`);
    console.log(
      `      settings change: ${batchReads(rig)} batch reads; the setting changed after ${readsAtSettingChange}, the secret after ${readsAtSecretChange}; 4000 rows stored byte for byte, 0 requests cut by a closed client`,
    );
  });

  it('sends new work through the new client at once, while the old one finishes what it started', async () => {
    const rig = testbed.rig();
    const before = rig.client;
    await rig.reconnect({ credentials: { username: testbed.server.username, password: testbed.server.password, auth: 'jwt' } });
    const key = (await rig.actions.submit({ query: 'RETURN "after the change"' })).key;
    rig.poller.wake();
    await waitFor('the job to be stored', () => rig.store.get(key)?.result !== undefined, 30_000);
    assert.notEqual(rig.client, before);
    assert.equal(rig.store.get(key)?.state, 'done');
    // The JWT login of the new secret is what carried the job.
    assert.ok(rig.requests.some((event) => event.path.endsWith('/_open/auth')), 'the new credentials were used');
  });
});

describe('Reliability: jobs of a coordinator removed from arangodb.url wait for it', function () {
  this.timeout(60_000);
  const testbed = useRigTestbed('reliability_removed', { workers: 2, coordinators: 2 });

  it('keeps them as they are (never judged lost, never fetched), says why a fetch cannot reach them, and fetches them on its own once the coordinator is back', async function () {
    if (testbed.server.urls.length < 2) this.skip(); // a real single server has no second coordinator
    const rig = testbed.rig();
    const [kept, removed] = [rig.client.coordinators[0] ?? '', rig.client.coordinators[1] ?? ''];
    const jobs = [await rig.actions.submit({ query: 'RETURN SLEEP(0.3) || "first"' }), await rig.actions.submit({ query: 'RETURN SLEEP(0.3) || "second"' })];
    const onRemoved = jobs.find((job) => job.coordinator === removed);
    const onKept = jobs.find((job) => job.coordinator === kept);
    assert.ok(onRemoved && onKept, 'one job on each coordinator');

    await rig.reconnect({ hosts: [kept] });
    rig.poller.wake();
    await waitFor('the kept coordinator\'s job to be stored', () => rig.store.get(onKept.key)?.result !== undefined, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const report = await rig.poller.refresh();
    assert.deepEqual(report.lost, []);
    assert.equal(rig.store.get(onRemoved.key)?.state, 'pending', 'the removed coordinator\'s job is left as it was');
    await assert.rejects(rig.actions.fetchResult(onRemoved.key), (error: unknown) => {
      assert.ok(error instanceof CoordinatorNotConnectedError);
      assert.match(error.message, /not in arangodb\.url any more/);
      return true;
    });
    // As if the job had been seen done just before its coordinator was removed: a reconnect's catch-up leaves it alone.
    rig.store.update(onRemoved.key, { state: 'done', resultWaiting: true });
    await rig.layer.connectionChanged();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(rig.fetchErrors.map(({ error }) => String(error)), [], 'no automatic fetch tried a coordinator that is not connected');

    await rig.reconnect({ hosts: [kept, removed] });
    await rig.layer.connectionChanged();
    rig.poller.wake();
    await waitFor('the job to be fetched on its own once its coordinator is back', () => rig.store.get(onRemoved.key)?.result !== undefined, 10_000);
    assert.equal(rig.store.get(onRemoved.key)?.state, 'done');
    assert.equal(rig.store.get(onRemoved.key)?.result?.rows, 1);
  });
});
