/**
 * Writing AQL as a person does, in code-server + Chromium: a query typed with completion, run from
 * its block's CodeLens, then run again from the History view. Against a fresh sandbox, or the
 * server named by ARANGODB_URL / ARANGODB_PASSWORD.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../support/testServer';
import type { TestServer } from '../support/testServer';
import { launchBrowser, openWorkbench } from './browser';
import { installPackagedExtension, startCodeServer } from './codeServer';
import type { CodeServer } from './codeServer';
import { prepareDatabase, prepareWorkspace } from './testWorkspace';
import { Workbench } from './workbench';

const FILE = 'writing.aql';
const JOBS = 'Async Jobs';
const HISTORY = 'History';
const QUERY_LINE = 'FOR s IN students';

describe('Writing AQL: completion, a block run from its CodeLens, and History (code-server + Chromium)', function () {
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
    scratch = await mkdtemp(path.join(tmpdir(), 'arangodb-writing-'));
    const extensionsDir = await installPackagedExtension(scratch);
    const workspace = await prepareWorkspace(server, prepared.database, { 'arangodb.results.notifyOnFinish': false, 'arangodb.results.autoFetch': true });
    await writeFile(path.join(workspace, FILE), '// @query top-students maxRuntime=30\n');
    codeServer = await startCodeServer({ workspace, extensionsDir });
    browser = await launchBrowser();
    page = await openWorkbench(codeServer, browser);
    workbench = new Workbench(page);
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await dropDatabase().catch(() => undefined);
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const editor = () => page.locator('.editor-group-container.active .monaco-editor').first();

  it('types a query into a block, taking the collection from completion', async () => {
    await workbench.storePassword(server.password);
    await workbench.openViewContainer('ArangoDB');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.fill(FILE);
    await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: FILE }).first().waitFor({ state: 'visible' });
    await input.press('Enter');
    await editor().locator('.view-line').filter({ hasText: '@query top-students' }).first().waitFor({ state: 'visible' });
    await editor().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('FOR s IN stu');

    // The schema arrives in the background after connecting: ask again until the collection is offered.
    const suggestion = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'students' }).first();
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.keyboard.press('Control+Space');
      try {
        await suggestion.waitFor({ state: 'visible', timeout: 3000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error('completion never offered the students collection', { cause: error });
        await page.keyboard.press('Escape');
      }
    }
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('SORT s.gpa DESC LIMIT 2 RETURN s.name');
    await page.keyboard.press('Escape');
    await editor().locator('.view-line').filter({ hasText: QUERY_LINE }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Control+S');
  });

  it('runs the block from its CodeLens', async () => {
    const lens = editor().locator('.codelens-decoration a').filter({ hasText: 'Run Async' }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await lens.click();
    await workbench.waitForTreeItem(JOBS, QUERY_LINE);
    await workbench.waitForTreeItem(JOBS, 'Done');
    const item = workbench.viewPane(JOBS).locator('.monaco-list-row').filter({ hasText: QUERY_LINE }).first();
    const description = (await item.locator('.label-description').textContent()) ?? '';
    assert.match(description, /writing\.aql › top-students/, description);
  });

  it('runs it again from History, where both runs are listed with their outcome', async () => {
    await workbench.waitForTreeItem(HISTORY, 'Today');
    const row = workbench.viewPane(HISTORY).locator('.monaco-list-row').filter({ hasText: QUERY_LINE }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.viewPane(HISTORY).locator('.monaco-list-row').filter({ hasText: /2 rows/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await row.hover();
    await row.locator('.action-label[aria-label="Run Again"]').click();
    const doneRuns = workbench.viewPane(HISTORY).locator('.monaco-list-row').filter({ hasText: /2 rows/ });
    const deadline = Date.now() + 60_000;
    while ((await doneRuns.count()) < 2) {
      assert.ok(Date.now() < deadline, `History shows ${JSON.stringify(await workbench.treeItems(HISTORY))}`);
      await page.waitForTimeout(250);
    }
    const jobs = await workbench.treeItems(JOBS);
    assert.equal(jobs.filter((label) => label === QUERY_LINE).length, 2, JSON.stringify(jobs));
  });
});
