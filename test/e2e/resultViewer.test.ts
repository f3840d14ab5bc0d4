/**
 * The result viewer as a person uses it: the packaged VSIX in code-server, driven in Chromium.
 * The viewer's page lives in two nested iframes (the webview's host frame, then its content).
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

const VIEW = 'Async Jobs';

describe('The result viewer in a real VS Code UI (code-server + Chromium)', function () {
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
    scratch = await mkdtemp(path.join(tmpdir(), 'arangodb-viewer-'));
    const extensionsDir = await installPackagedExtension(scratch);
    const workspace = await prepareWorkspace(server, prepared.database, { 'arangodb.results.notifyOnFinish': false });
    await writeFile(path.join(workspace, 'edges.aql'), "FOR i IN 1..12\n  RETURN { _key: TO_STRING(i), _from: CONCAT('v/', i), _to: CONCAT('v/', i % 5 + 1), weight: i }\n");
    codeServer = await startCodeServer({ workspace, extensionsDir });
    browser = await launchBrowser();
    page = await openWorkbench(codeServer, browser);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    workbench = new Workbench(page);
    await workbench.storePassword(server.password);
    await workbench.openViewContainer('ArangoDB');
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await dropDatabase().catch(() => undefined);
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function runFile(name: string): Promise<void> {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.fill(name);
    await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: name }).first().waitFor({ state: 'visible' });
    await input.press('Enter');
    await page.locator(`.editor-group-container.active .tab.active[aria-label^="${name}"]`).first().waitFor({ state: 'visible' });
    await page.locator('.editor-group-container.active .monaco-editor .view-line').first().waitFor({ state: 'visible' });
    await workbench.runCommand('ArangoDB: Run AQL Async');
  }

  /** Opens a done job's viewer by clicking it, and returns the viewer's page. */
  async function openViewer(label: string): Promise<FrameLocator> {
    // One webview on screen at a time: VS Code draws webviews over the editor area, outside its groups.
    await workbench.runCommand('View: Close All Editors');
    const row = workbench.viewPane(VIEW).locator('.monaco-list-row[aria-label^="Done job"]').filter({ hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: 120_000 });
    await row.click();
    await page.locator('.editor-group-container.active .tab.active').filter({ hasText: new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\(job \\d+\\)`) }).waitFor({ state: 'visible' });
    return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  it('opens a result as a table with its header, switches to JSON, finds a value and copies a row', async () => {
    await runFile('slow.aql');
    const viewer = await openViewer('FOR i IN 1..3');
    const grid = viewer.locator('[role="grid"]');
    await grid.waitFor({ state: 'visible' });
    await viewer.locator('.fact', { hasText: 'Rows' }).filter({ hasText: '3' }).waitFor({ state: 'visible' });
    assert.equal(await grid.getAttribute('aria-rowcount'), '4');
    const cells = await viewer.locator('[role="gridcell"].kind-number').allTextContents();
    assert.deepEqual(cells, ['1', '2', '3']);

    await viewer.getByRole('tab', { name: 'JSON' }).click();
    await viewer.locator('[role="treeitem"]').filter({ hasText: '2' }).first().waitFor({ state: 'visible' });
    assert.equal(await viewer.locator('#tab-json').getAttribute('aria-selected'), 'true');

    await viewer.getByRole('tab', { name: 'Table' }).click();
    await viewer.locator('.find-input').fill('2');
    await viewer.locator('.find-input').press('Enter');
    await viewer.locator('.hit', { hasText: 'Row 2 · value: 2' }).waitFor({ state: 'visible' });
    await viewer.locator('.find-status', { hasText: '1 found' }).waitFor({ state: 'visible' });

    // Row 2 is the cursor after the jump from the hit: copy it as JSON.
    await viewer.locator('.hit').first().click();
    await viewer.locator('.select[aria-label="Copy as"]').selectOption('json');
    await viewer.getByRole('button', { name: 'Copy Rows' }).click();
    await viewer.locator('.notice', { hasText: 'Copied row 2 as JSON.' }).waitFor({ state: 'visible' });
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), '2');
  });

  it('scrolls a 200,000-row result to its last row', async () => {
    await runFile('many-rows.aql');
    const viewer = await openViewer('FOR i IN 1..200000');
    const grid = viewer.locator('[role="grid"]');
    await grid.waitFor({ state: 'visible' });
    await viewer.locator('[role="gridcell"]', { hasText: 'row-1' }).first().waitFor({ state: 'visible' });
    assert.equal(await grid.getAttribute('aria-rowcount'), '200001');
    await grid.focus();
    await page.keyboard.press('Control+End');
    const last = viewer.locator('[role="row"][aria-rowindex="200001"]');
    await last.locator('[role="gridcell"]', { hasText: 'row-200000' }).waitFor({ state: 'visible', timeout: 30_000 });
    await viewer.locator('.status', { hasText: 'row 200,000 selected' }).waitFor({ state: 'visible' });

    // Go to row, by keyboard.
    await viewer.locator('.go-input').fill('123,456');
    await viewer.locator('.go-input').press('Enter');
    await viewer.locator('[role="row"][aria-rowindex="123457"] [role="gridcell"]', { hasText: 'row-123456' }).first().waitFor({ state: 'visible' });
  });

  it('offers the Graph view for edges and draws it', async () => {
    await runFile('edges.aql');
    const viewer = await openViewer('FOR i IN 1..12');
    const graphTab = viewer.getByRole('tab', { name: 'Graph' });
    await graphTab.waitFor({ state: 'visible', timeout: 30_000 });
    await graphTab.click();
    await viewer.locator('.graph-caption', { hasText: 'The graph of all 12 rows.' }).waitFor({ state: 'visible' });
    await viewer.locator('#panel-graph canvas').first().waitFor({ state: 'visible' });
  });
});
