import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { PARTIAL_SUFFIX } from '../../src/results/resultFiles';
import { activatedExtension, openQuery, waitFor } from './support';

const ROWS = 100_000;

describe('A settings or secret change while a result is drained', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await activatedExtension();
  });

  function nextConnectionChange(): Promise<void> {
    return new Promise((resolve) => {
      const subscription = api.services.connection.onDidChange(() => {
        subscription.dispose();
        resolve();
      });
    });
  }

  function draining(): boolean {
    return readdirSync(api.services.results.rootDir).some((name) => name.endsWith(PARTIAL_SUFFIX));
  }

  it('stores every row, as the server sent it, while a setting and then the stored password change, and the job is done', async function () {
    this.timeout(240_000);
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('arangodb');
    const target = vscode.ConfigurationTarget.Workspace;
    const before = { batchSize: config().inspect('query.batchSize')?.workspaceValue, timeout: config().inspect('requestTimeoutMs')?.workspaceValue, notify: config().inspect('results.notifyOnFinish')?.workspaceValue };
    // Small batches: four thousand round trips, so the drain is still under way after the connection
    // was rebuilt twice (with a thousand, a quiet machine once finished before the second rebuild).
    await config().update('query.batchSize', 25, target);
    try {
      await openQuery(`FOR i IN 1..${ROWS} RETURN { i, label: CONCAT("row ", i) }`);
      const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
      assert.ok(key, 'Run AQL Async returned no job');
      const job = () => api.services.store.get(key);
      await waitFor('the result to be drained to disk', () => draining() || job()?.result !== undefined, 120_000);
      const underWay: boolean[] = [job()?.result === undefined];

      // A setting that has nothing to do with the connection, then one that rebuilds the client.
      await config().update('results.notifyOnFinish', false, target);
      const rebuilt = nextConnectionChange();
      await config().update('requestTimeoutMs', 60_001, target);
      await rebuilt;
      underWay.push(job()?.result === undefined);

      // The stored secret changes (set again): the client is rebuilt with it.
      const rebuiltAgain = nextConnectionChange();
      await api.services.connection.storeSecret({ kind: 'password', value: process.env.ARANGODB_TEST_PASSWORD ?? '' });
      await rebuiltAgain;
      underWay.push(job()?.result === undefined);

      const done = await waitFor('the job to be stored', () => job()?.result && job(), 180_000);
      assert.equal(done.state, 'done', JSON.stringify(done.error));
      assert.equal(done.result?.rows, ROWS);
      assert.deepEqual(underWay, [true, true, true], 'the drain was under way at each change');
      const stored = await api.services.results.get(key);
      assert.ok(stored && stored.kind === 'jsonl', `a ${ROWS}-row result is stored as JSON Lines`);
      const lines = (await readFile(stored.path, 'utf8')).split('\n').filter((line) => line !== '');
      assert.equal(lines.length, ROWS);
      const wrong = lines.findIndex((line, index) => line !== JSON.stringify({ i: index + 1, label: `row ${index + 1}` }));
      assert.equal(wrong, -1, `row ${wrong + 1} differs: ${lines[wrong] ?? ''}`);
    } finally {
      await config().update('query.batchSize', before.batchSize, target);
      await config().update('requestTimeoutMs', before.timeout, target);
      await config().update('results.notifyOnFinish', before.notify, target);
    }
  });
});
