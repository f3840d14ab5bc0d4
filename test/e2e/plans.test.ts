/**
 * The plan view as a person uses it: the packaged VSIX in code-server, driven in Chromium.
 * Explain a query and read its plan rows; profile one and read the per-node runtimes. The page
 * lives in two nested iframes (the webview's host frame, then its content).
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startTestServer } from '../support/testServer';
import type { TestServer } from '../support/testServer';
import { launchBrowser, openWorkbench } from './browser';
import { installPackagedExtension, startCodeServer } from './codeServer';
import type { CodeServer } from './codeServer';
import { prepareDatabase, prepareWorkspace } from './testWorkspace';
import { Workbench } from './workbench';

describe('The plan view in a real VS Code UI (code-server + Chromium)', function () {
  this.timeout(240_000);
  let server: TestServer;
  let dropDatabase: () => Promise<void> = () => Promise.resolve();
  let scratch: string;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let workbench: Workbench;

  before(async () => {
    server = await startTestServer();
    const prepared = await prepareDatabase(server);
    dropDatabase = () => prepared.drop();
    scratch = await mkdtemp(path.join(tmpdir(), 'arangodb-plans-'));
    const extensionsDir = await installPackagedExtension(scratch);
    const workspace = await prepareWorkspace(server, prepared.database, { 'arangodb.results.notifyOnFinish': false });
    await writeFile(path.join(workspace, 'plan.aql'), 'FOR i IN 1..2000\n  FILTER i % 3 == 0\n  SORT i DESC\n  RETURN i\n');
    codeServer = await startCodeServer({ workspace, extensionsDir });
    browser = await launchBrowser();
    page = await openWorkbench(codeServer, browser);
    workbench = new Workbench(page);
    await workbench.storePassword(server.password);
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await dropDatabase().catch(() => undefined);
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function openFile(name: string): Promise<void> {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.fill(name);
    await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: name }).first().waitFor({ state: 'visible' });
    await input.press('Enter');
    await page.locator(`.editor-group-container.active .tab.active[aria-label^="${name}"]`).first().waitFor({ state: 'visible' });
    await page.locator('.editor-group-container.active .monaco-editor .view-line').first().waitFor({ state: 'visible' });
  }

  function planPage(): FrameLocator {
    return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  it('explains a query: one tree row per node, in run order, navigable by keys, and All Plans steps through the plans', async () => {
    await openFile('plan.aql');
    await workbench.runCommand('ArangoDB: Explain Query');
    const plan = planPage();
    const tree = plan.locator('[role="tree"]');
    await tree.waitFor({ state: 'visible', timeout: 60_000 });
    const rows = plan.locator('[role="treeitem"]');
    const types = await rows.locator('.type').allTextContents();
    assert.equal(types[0], 'SingletonNode');
    assert.equal(types.at(-1), 'ReturnNode');
    assert.ok(types.includes('EnumerateListNode') && types.includes('SortNode'), types.join(' '));
    assert.equal(await rows.nth(0).getAttribute('aria-level'), '1');

    await rows.nth(0).click();
    await page.keyboard.press('ArrowDown');
    // Roving focus: the focused row is the one reachable by Tab.
    await plan.locator('[role="treeitem"][tabindex="0"]').filter({ has: plan.locator('.type', { hasText: types[1] ?? '' }) }).waitFor({ state: 'attached' });

    await plan.getByLabel('All Plans').check();
    await plan.locator('.which', { hasText: /^Plan 1 of \d+ \(chosen\)$/ }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('profiles a query as a job: the profile opens by itself with calls, items and runtime per node and the slowest node marked', async () => {
    await workbench.runCommand('View: Close All Editors');
    await openFile('plan.aql');
    await workbench.runCommand('ArangoDB: Profile Query');
    const profile = planPage();
    await profile.locator('h1', { hasText: /^Profile of job \d+/ }).waitFor({ state: 'visible', timeout: 120_000 });
    const rows = profile.locator('[role="treeitem"]');
    const count = await rows.count();
    assert.ok(count >= 4, String(count));
    const runtimes = await profile.locator('[role="treeitem"] .row > .cell.num:nth-child(8)').allTextContents();
    assert.equal(runtimes.length, count);
    assert.ok(runtimes.every((text) => /^\d[\d.,]* (ms|s)$/.test(text)), runtimes.join(' | '));
    assert.equal(await profile.locator('[role="treeitem"].slowest').count(), 1);
    await profile.locator('.slowest-line', { hasText: /^Slowest: \w+Node \d+ took / }).waitFor({ state: 'visible' });
    await profile.locator('dt', { hasText: 'executing' }).waitFor({ state: 'visible' });
  });
});
