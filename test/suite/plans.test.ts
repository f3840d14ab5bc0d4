/**
 * Explain Query and Profile Query in VS Code, against the test server (the sandbox, or
 * ARANGODB_URL): the plan view opens with the plan's nodes, a profiled job keeps its profile with
 * its result (also for a store made again, as after a reload) and offers Show Profile.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { profileFromExtra } from '../../src/plans/planModel';
import { ResultStore } from '../../src/results/resultStore';
import { jobTooltip, jobTreeItem } from '../../src/views/jobTreeItem';
import { EXPLAIN_PANEL, profilePanelKey } from '../../src/webviewHost/plan/planViews';
import type { PlanDocument } from '../../src/webviewHost/messages/planMessages';
import { activatedExtension, openQuery, waitFor } from './support';

describe('Plans: Explain Query and Profile Query open the plan view', function () {
  const collection = `plans_${Date.now().toString(36)}`;
  let api: ExtensionApi;

  before(async function () {
    api = await activatedExtension();
    const db = api.services.connection.databaseHandle(api.services.connection.database);
    await db.createCollection(collection);
    await db.aql.execute(`FOR i IN 1..1200 INSERT { _key: CONCAT('k', i), n: i } INTO ${collection}`);
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.services.connection.databaseHandle(api.services.connection.database).dropCollection(collection).catch(() => undefined);
  });

  it('explains the query of the editor: the plan view draws every node, the scan a filter reads through marked', async function () {
    const query = `FOR d IN ${collection}\n  FILTER d.n > 1000\n  RETURN d.n`;
    await openQuery(query);
    const document = await vscode.commands.executeCommand<PlanDocument | undefined>('arangodb.explainQuery');
    assert.ok(document, 'Explain Query showed nothing');
    assert.equal(document.kind, 'explain');
    assert.equal(document.query, query);
    const rows = document.plans[0]?.rows ?? [];
    assert.equal(rows[0]?.type, 'SingletonNode');
    assert.equal(rows.at(-1)?.type, 'ReturnNode');
    const scan = rows.find((row) => row.type === 'EnumerateCollectionNode');
    assert.ok(scan, rows.map((row) => row.type).join(' '));
    assert.ok(scan.details.includes(`collection ${collection}`), scan.details.join(' | '));
    assert.ok(
      rows.some((row) => row.trouble.some((mark) => mark.kind === 'full-scan-filter')),
      'no full-scan-filter mark',
    );
    // Everything after the loop runs inside it: one level deeper.
    assert.ok(rows.slice(rows.indexOf(scan) + 1).every((row) => row.level > scan.level));
    const panel = api.plans.panel(EXPLAIN_PANEL);
    assert.ok(panel, 'no plan view');
    const rendered = await waitFor('the page to draw the plan', () => panel.lastRendered);
    assert.deepEqual(rendered, { plan: 0, rows: rows.length });
  });

  it('says what the server said when a query cannot be explained', async function () {
    await openQuery(`FOR d IN ${collection}_missing RETURN d`);
    const errors: string[] = [];
    const window = vscode.window as unknown as Record<string, unknown>;
    const original = window.showErrorMessage;
    window.showErrorMessage = (message: unknown) => (errors.push(String(message)), Promise.resolve(undefined));
    try {
      const document = await vscode.commands.executeCommand<PlanDocument | undefined>('arangodb.explainQuery');
      assert.equal(document, undefined);
    } finally {
      window.showErrorMessage = original;
    }
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /Explaining the query failed: .*errorNum 1203/);
  });

  it('profiles a query as a job: the profile opens with per-node runtimes, is stored with the result and survives a new store', async function () {
    const query = `FOR d IN ${collection}\n  FILTER d.n % 7 == 0\n  RETURN d.n`;
    await openQuery(query);
    const key = await vscode.commands.executeCommand<string | undefined>('arangodb.profileQuery');
    assert.ok(key, 'Profile Query submitted no job');
    assert.equal(api.services.store.get(key)?.options?.profile, 2);
    const panel = await waitFor('the profile to open', () => api.plans.panel(profilePanelKey(key)), 60_000);
    const document = panel.shown;
    assert.ok(document);
    assert.equal(document.kind, 'profile');
    const rows = document.plans[0]?.rows ?? [];
    assert.ok(rows.length >= 4, rows.map((row) => row.type).join(' '));
    assert.deepEqual(
      rows.filter((row) => row.measured === undefined).map((row) => row.type),
      [],
    );
    assert.equal(rows.filter((row) => row.slowest).length, 1);
    assert.ok(document.phases.some((phase) => phase.name === 'executing'));
    assert.ok(document.figures.some((figure) => figure.label === 'Scanned (full)' && figure.value === '1,200'));
    await waitFor('the page to draw the profile', () => panel.lastRendered?.rows === rows.length);

    const job = api.services.store.get(key);
    assert.ok(job?.result?.profiled);
    assert.equal(jobTreeItem(job, Date.now()).contextValue, 'job.done.profile');
    assert.match(jobTooltip(job, Date.now()).value, /Profiled: \*Show Profile\*/);
    assert.equal(job.result.statistics?.nodes, undefined, 'per-node figures belong to the stored result, not the job summary');

    const again = await new ResultStore(api.services.results.rootDir, { rowLimit: 10_000 }).get(key);
    assert.ok(again && again.kind !== 'error' && again.plan !== undefined, 'the stored result lost its plan');
    const profile = profileFromExtra({ profile: again.profile, stats: again.statistics, plan: again.plan, warnings: again.warnings });
    const measured = [...(profile.plan?.nodes.values() ?? [])];
    assert.ok(measured.length > 0 && measured.every((node) => node.profile !== undefined && node.profile.runtime >= 0));
    assert.equal(profile.statistics.scannedFull, 1200);

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the profile tab to close', () => api.plans.panel(profilePanelKey(key)) === undefined);
    const shownAgain = await vscode.commands.executeCommand<PlanDocument | undefined>('arangodb.showProfile', { kind: 'job', key });
    assert.equal(shownAgain?.plans[0]?.rows.length, rows.length);
    await waitFor('Show Profile to draw the plan', () => api.plans.panel(profilePanelKey(key))?.lastRendered?.rows === rows.length);
  });
});
