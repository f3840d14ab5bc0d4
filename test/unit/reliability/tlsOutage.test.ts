import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isConnectionError } from '../../../src/client';
import { OutageTracker } from '../../../src/jobs/outageTracker';
import { jobKey } from '../../../src/jobs/trackedJob';
import { startSandbox } from '../../sandbox/index';
import type { Sandbox } from '../../sandbox/index';
import { selfSignedCertificate } from '../../support/certificates';
import { startRig, waitFor } from './rig';

describe('Reliability 4: a TLS mismatch', function () {
  this.timeout(60_000);
  const password = 'pw-tls-outage';
  let resultsDir: string;
  const sandboxes: Sandbox[] = [];

  before(() => {
    resultsDir = mkdtempSync(path.join(tmpdir(), 'reliability-tls-outage-'));
  });

  after(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close().catch(() => undefined)));
    rmSync(resultsDir, { recursive: true, force: true });
  });

  it('gives one clear TLS warning, backs off, and recovers on its own when the server returns with a trusted certificate', async () => {
    const trusted = selfSignedCertificate();
    const stranger = selfSignedCertificate();
    const impostor = await startSandbox({ password, tls: stranger });
    sandboxes.push(impostor);
    const port = Number(new URL(impostor.url).port);
    const target = startRig({ hosts: [impostor.url], credentials: { username: 'root', password }, database: '_system', resultsDir, tls: { ca: trusted.cert }, intervalMs: 50, maxBackoffMs: 400, requestTimeoutMs: 5000 });
    try {
      const coordinator = target.client.coordinators[0] ?? '';
      // A pending job keeps the poller going, as after a reload with jobs on the server.
      target.store.add({ key: jobKey(coordinator, '1'), id: '1', coordinator, database: '_system', origin: 'submitted', query: 'RETURN 1', state: 'pending', submittedAt: Date.now(), resultWaiting: false });
      const tracker = new OutageTracker();
      const warnings: string[] = [];
      const recoveries: string[] = [];
      const reportedAt: number[] = [];
      target.poller.onDidRefresh((report) => {
        reportedAt.push(Date.now());
        const news = tracker.observe(report, target.client.coordinators);
        warnings.push(...news.wentDown.map(({ error }) => (isConnectionError(error) ? error.code : String(error))));
        recoveries.push(...news.cameBack);
      });
      target.poller.wake();
      await waitFor('four refused refreshes', () => reportedAt.length >= 4, 20_000);
      assert.deepEqual(warnings, ['TLS'], 'one warning, naming TLS');
      assert.equal(target.store.get(jobKey(coordinator, '1'))?.state, 'pending', 'nothing is judged while the server cannot be trusted');
      const gaps = reportedAt.slice(1, 4).map((at, index) => at - (reportedAt[index] ?? at));
      assert.ok(gaps.every((gap, index) => gap >= Math.min(50 * 2 ** (index + 1), 400) - 5), `no back-off: ${gaps.join(', ')} ms`);

      await impostor.close();
      const returned = await startSandbox({ password, tls: trusted, port });
      sandboxes.push(returned);
      const back = Date.now();
      await waitFor('a refresh that reaches the server again', () => recoveries.length > 0, 20_000);
      assert.deepEqual(recoveries, [coordinator]);
      assert.deepEqual(warnings, ['TLS'], 'no further warning');
      console.log(`      server gone (TLS mismatch): ${reportedAt.length} refreshes, gaps ${gaps.join(', ')} ms, 1 warning (TLS), recovered ${Date.now() - back} ms after the server returned with a trusted certificate`);
    } finally {
      await target.close();
    }
  });
});
