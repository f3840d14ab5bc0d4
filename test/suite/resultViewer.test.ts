import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TrackedJob } from '../../src/jobs/trackedJob';
import { activatedExtension, runQuery, waitFor } from './support';

describe('Result viewer: a webview tab per job, answering its page from the stored rows', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await activatedExtension();
  });

  const job = (key: string): TrackedJob | undefined => api.services.store.get(key);

  it('opens on Fetch Result under the query and job id, and the page asks for rows and gets them', async () => {
    const key = await runQuery('FOR i IN 1..500 RETURN { i }');
    const done = await waitFor('the result to be stored', () => job(key)?.result && job(key));
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('arangodb.fetchResult', key);
    assert.ok(panel && 'webview' in panel, 'Fetch Result opened no viewer');
    assert.equal(panel.viewType, 'arangodb.resultViewer');
    await waitFor('the viewer to be titled', () => panel.title === `FOR i IN 1..500 RETURN { i } (job ${done.id})`);
    await waitFor('a webview tab under that title', () =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).some((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === panel.title),
    );

    // The page loads, says it is ready, and asks for the rows it draws: answered from disk.
    const opened = await waitFor('the viewer to open its rows', () => api.services.resultViewer.requestsOf(key));
    await waitFor('the page to ask for a page of rows', () => opened.pagesAnswered > 0, 60_000);

    // The page answers a memory probe (the benchmark's way to weigh it).
    const heap = await opened.measurePageMemory(20_000);
    assert.ok(heap === undefined || heap > 0, String(heap));

    // One viewer per job: fetching again focuses it.
    const again = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('arangodb.fetchResult', key);
    assert.equal(again, panel);

    // The text tab stays reachable: Open as JSON Text on the viewer in front.
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('arangodb.openResultAsText');
    assert.ok(editor, 'Open as JSON Text opened nothing');
    assert.equal((JSON.parse(editor.document.getText()) as unknown[]).length, 500);
    panel.dispose();
    assert.equal(api.services.resultViewer.panelOf(key), undefined);
  });

  it('keeps the error report of a failed job a text tab', async () => {
    const key = await runQuery('FOR x IN no_such_collection_here RETURN x');
    await waitFor('the job to fail', () => job(key)?.state === 'failed');
    const opened = await vscode.commands.executeCommand<vscode.TextEditor | vscode.WebviewPanel | undefined>('arangodb.fetchResult', key);
    assert.ok(opened && 'document' in opened, 'a failed job opened something other than a text tab');
    assert.match(opened.document.getText(), /errorNum: {5}1203/);
  });
});
