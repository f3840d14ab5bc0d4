/**
 * The server's activity as a person sees it: a long query run by someone else shows in Running
 * Queries, is killed from its context menu (after the modal), and is found in Slow Queries. The
 * packaged VSIX in code-server, driven in Chromium; a fresh sandbox, or the server named by
 * ARANGODB_URL / ARANGODB_PASSWORD.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
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

const VIEW = 'Server Activity';

describe('Server Activity in a real VS Code UI (code-server + Chromium)', function () {
  this.timeout(240_000);
  let server: TestServer;
  let dropDatabase: () => Promise<void> = () => Promise.resolve();
  let database: string;
  let scratch: string;
  let codeServer: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let workbench: Workbench;

  before(async () => {
    server = await startTestServer();
    const prepared = await prepareDatabase(server);
    database = prepared.database;
    dropDatabase = () => prepared.drop();
    // A killed query is listed as slow only if it ran past the threshold.
    await server.request({ method: 'PUT', database, path: '/_api/query/properties', body: { slowQueryThreshold: 0.2, trackSlowQueries: true, enabled: true } });
    scratch = await mkdtemp(path.join(tmpdir(), 'arangodb-activity-'));
    const extensionsDir = await installPackagedExtension(scratch);
    const workspace = await prepareWorkspace(server, database, { 'arangodb.results.notifyOnFinish': false });
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

  function row(hasText: string | RegExp) {
    return workbench.viewPane(VIEW).locator('.pane-body .monaco-list-row').filter({ hasText }).first();
  }

  it('sees a long query in Running Queries, kills it from the context menu, and finds it in Slow Queries', async () => {
    await workbench.storePassword(server.password);
    await workbench.openViewContainer('ArangoDB');
    // The tree renders only the rows it has room for: the other views of the container step aside.
    for (const other of ['Async Jobs', 'History']) {
      const otherHeader = workbench.viewPane(other).locator('.pane-header');
      if ((await otherHeader.count()) > 0 && (await otherHeader.getAttribute('aria-expanded')) === 'true') await otherHeader.click();
    }
    const header = workbench.viewPane(VIEW).locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await row('Running Queries').click();
    await row('No query is running').waitFor({ state: 'visible', timeout: workbench.timeoutMs });

    const text = `FOR i IN 1..60 LET s = SLEEP(1) RETURN [i, "${randomBytes(6).toString('hex')}"]`;
    const answer = server.request({ method: 'POST', database, path: '/_api/cursor', body: { query: text } });
    try {
      const running = row(text);
      await running.waitFor({ state: 'visible', timeout: 30_000 });
      // The row is redrawn every second (its run time ticks): open the menu on the row as it is now.
      await running.click({ button: 'right' });
      const kill = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: 'Kill Query' }).first();
      await kill.waitFor({ state: 'visible', timeout: 10_000 });
      // A mouse click on the menu can land while the tree redraws the row beneath; the keyboard picks the hovered item.
      await kill.hover();
      await page.keyboard.press('Enter');
      await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Kill Query' }).click({ timeout: 10_000 }).catch(async (error: unknown) => {
        await workbench.screenshot(path.join(tmpdir(), 'activity-kill.png'));
        throw error;
      });
      const ended = await answer;
      assert.equal((ended.json as Record<string, unknown>)['errorNum'], 1500, JSON.stringify(ended.json));
      await row('No query is running').waitFor({ state: 'visible', timeout: 15_000 });

      await row('Running Queries').click();
      await row('Slow Queries').click();
      await workbench.viewPane(VIEW).locator('.pane-body .monaco-list-row').filter({ hasText: text }).filter({ hasText: 'errorNum 1500' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      assert.deepEqual(workbench.consoleErrors().filter((entry) => /quer/i.test(entry.text)), []);
    } finally {
      const current = await server.request({ database, path: '/_api/query/current' });
      for (const entry of current.json as Array<Record<string, unknown>>) {
        if (entry['query'] === text) await server.request({ method: 'DELETE', database, path: `/_api/query/${String(entry['id'])}` });
      }
      await answer.catch(() => undefined);
    }
  });
});
