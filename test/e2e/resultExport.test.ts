/**
 * Export Result as a person uses it: from a done job's context menu in the job explorer, a format
 * picked, the path typed into VS Code's own save dialog (code-server shows its simple file
 * dialog), and the file read back from disk.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
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

const VIEW = 'Async Jobs';

async function waitForFile(filePath: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await stat(filePath).then(() => true, () => false))) {
    if (Date.now() > deadline) throw new Error(`${filePath} was not written within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls `read` until `done` holds for what it returns (the quick input is reused from one step to the next). */
async function waitForValue(read: () => Promise<string>, done: (value: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still "${value}" after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Export Result in a real VS Code UI (code-server + Chromium)', function () {
  this.timeout(180_000);
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
    scratch = await mkdtemp(path.join(tmpdir(), 'arangodb-export-ui-'));
    const extensionsDir = await installPackagedExtension(scratch);
    const workspace = await prepareWorkspace(server, prepared.database, { 'arangodb.results.notifyOnFinish': false });
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

  it('exports a done job\'s result to CSV from its context menu through the save dialog', async () => {
    await workbench.storePassword(server.password);
    await workbench.openViewContainer('ArangoDB');
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.fill('slow.aql');
    await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: 'slow.aql' }).first().waitFor({ state: 'visible' });
    await quickInput.press('Enter');
    await page.locator('.editor-group-container.active .monaco-editor .view-line').filter({ hasText: 'FOR i IN 1..3' }).first().waitFor({ state: 'visible' });
    await workbench.runCommand('ArangoDB: Run AQL Async');
    await workbench.waitForTreeItem(VIEW, 'Done');

    const job = workbench.viewPane(VIEW).locator('.monaco-list-row[aria-label^="Done job"]').filter({ hasText: 'FOR i IN 1..3' }).first();
    await job.click({ button: 'right' });
    const exportItem = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: 'Export Result…' }).first();
    await exportItem.waitFor({ state: 'visible', timeout: 10_000 });
    // A mouse click on the menu can land while the tree redraws the row beneath (a done job's times
    // are redrawn); the keyboard picks the hovered item.
    await exportItem.hover();
    await page.keyboard.press('Enter');

    await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'JSON Lines' }).first().waitFor({ state: 'visible' });
    await quickInput.fill('CSV');
    await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: 'CSV' }).first().waitFor({ state: 'visible' });
    await quickInput.press('Enter');

    // The simple file dialog: a quick input holding the suggested path, named after the query and job.
    const suggested = await waitForValue(() => quickInput.inputValue(), (value) => value.endsWith('.csv'));
    assert.match(suggested, /FOR i IN 1\.\.3 \(job \d+\)\.csv$/);
    const target = path.join(scratch, 'exported.csv');
    // The simple dialog re-reads its folder as the path is typed: an Enter that lands before that
    // settles can be taken by the list instead of the path (seen in a fresh-clone run). Enter again,
    // with the path again, while the dialog is still open and the file not written.
    const deadline = Date.now() + 30_000;
    while (!(await stat(target).then(() => true, () => false))) {
      if (Date.now() > deadline) throw new Error(`${target} was not written within 30000 ms`);
      if (await quickInput.isVisible()) {
        if ((await quickInput.inputValue()) !== target) await quickInput.fill(target);
        await quickInput.press('Enter');
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await waitForFile(target);
    assert.equal(await readFile(target, 'utf8'), 'value\r\n1\r\n2\r\n3\r\n');
    await page.locator('.notifications-toasts').filter({ hasText: 'exported 3 rows' }).first().waitFor({ state: 'visible' });
  });
});
