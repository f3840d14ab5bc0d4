import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RESULT_SCHEME } from '../../src/editors/resultEditor';
import type { ExtensionApi } from '../../src/extension';
import type { TrackedJob } from '../../src/jobs/trackedJob';
import { jobTreeItem } from '../../src/views/jobTreeItem';
import { activatedExtension, openSample, runQuery, waitFor, withAnswers } from './support';

function openTabUris(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri.toString() : ''))
    .filter((uri) => uri !== '');
}

function activeTabLabel(): string | undefined {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.label;
}

describe('Result tabs: read-only, titled by the query, saying what they show', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await activatedExtension();
  });

  const job = (key: string): TrackedJob | undefined => api.services.store.get(key);

  async function storedResultOf(text: string): Promise<{ key: string; done: TrackedJob }> {
    const key = await runQuery(text);
    const done = await waitFor('the result to be stored', () => job(key)?.result && job(key));
    return { key, done };
  }

  it('shows a result read-only, under the query and job id, not as the stored file', async () => {
    const { key, done } = await storedResultOf('FOR i IN 1..4\n  RETURN i * 10');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', key);
    const { document } = editor;
    const title = `FOR i IN 1..4 (job ${done.id}).json`;
    assert.equal(document.uri.scheme, RESULT_SCHEME);
    assert.equal(path.posix.basename(document.uri.path), title);
    assert.equal(activeTabLabel(), title);
    assert.equal(document.languageId, 'json');
    assert.deepEqual(JSON.parse(document.getText()), [10, 20, 30, 40]);
    const stored = await api.services.results.get(key);
    assert.ok(stored && stored.kind === 'json');
    assert.ok(!document.uri.toString().includes(api.services.results.rootDir), document.uri.toString());
    assert.ok(!document.uri.toString(true).includes('globalStorage'), document.uri.toString(true));

    const before = document.getText();
    // Served by a read-only file system: typing and extension edits leave the text as stored.
    assert.equal(vscode.workspace.fs.isWritableFileSystem(RESULT_SCHEME), false);
    await vscode.commands.executeCommand('type', { text: 'typed by accident' });
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), 'edited by accident '));
    assert.equal(document.getText(), before);
    assert.equal(document.isDirty, false);
    assert.equal(await readFile(stored.path, 'utf8'), before);
  });

  it('says in the text of a cut preview that it is cut, and Open Full Result opens every row read-only', async () => {
    const { results } = api.services;
    results.setRowLimit(10);
    let key: string;
    try {
      ({ key } = await storedResultOf('FOR i IN 1..25\n  RETURN { i }'));
    } finally {
      results.setRowLimit(vscode.workspace.getConfiguration('arangodb').get<number>('results.rowLimit', 10000));
    }
    const done = job(key);
    assert.equal(done?.result?.kind, 'jsonl');
    assert.equal(jobTreeItem(done, Date.now()).contextValue, 'job.done.cut');

    const preview = await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', key);
    const lines = preview.document.getText().trimEnd().split('\n');
    assert.equal(preview.document.uri.scheme, RESULT_SCHEME);
    assert.equal(preview.document.languageId, 'jsonc');
    assert.equal(activeTabLabel(), `FOR i IN 1..25 (job ${done.id}, first 10 of 25 rows).jsonc`);
    assert.match(lines[0] ?? '', /^\/\/ Preview: the first 10 of 25 rows\. Open Full Result/);
    assert.equal(lines.at(-1), '// … 15 more rows not shown: Open Full Result shows all 25.');
    assert.equal(lines.at(-2), ']');

    const full = await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openFullResult', key);
    assert.equal(full.document.uri.scheme, RESULT_SCHEME);
    assert.equal(full.document.languageId, 'jsonl');
    assert.equal(activeTabLabel(), `FOR i IN 1..25 (job ${done.id}, all rows).jsonl`);
    const rows = full.document.getText().trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    assert.deepEqual(rows, Array.from({ length: 25 }, (_, index) => ({ i: index + 1 })));
    const fullText = full.document.getText();
    await full.edit((builder) => builder.delete(new vscode.Range(0, 0, 1, 0)));
    assert.equal(full.document.getText(), fullText);

    // A file beyond what the extension loads into an editor is offered as a file, with a reason.
    const editor = api.services.resultEditor;
    const limit = editor.maxTextBytes;
    editor.maxTextBytes = 64;
    const warnings: string[] = [];
    try {
      const opened = await withAnswers(
        { showWarningMessage: (message: unknown) => (warnings.push(String(message)), Promise.resolve(undefined)) },
        () => Promise.resolve(vscode.commands.executeCommand<vscode.TextEditor | undefined>('arangodb.openFullResult', key)),
      );
      assert.equal(opened, undefined);
    } finally {
      editor.maxTextBytes = limit;
    }
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', new RegExp(`job ${done.id} \\(25 rows, \\d+ bytes of JSON Lines\\) is larger than 64 bytes, too large to open as text`));
  });

  it('shows a failed job as a report: errorNum, HTTP code, message, the query marked where the server points', async () => {
    await openSample('broken.aql');
    const key = await vscode.commands.executeCommand<string>('arangodb.runAqlAsync');
    const failed = await waitFor('the job to fail', () => job(key)?.state === 'failed' && job(key)?.result && job(key));
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', key);
    const text = editor.document.getText();
    assert.equal(editor.document.uri.scheme, RESULT_SCHEME);
    assert.equal(editor.document.languageId, 'plaintext');
    assert.equal(activeTabLabel(), `FOR i IN 1..3 (job ${failed.id}, error).txt`);
    assert.match(text, new RegExp(`^Job ${failed.id} failed\\n`));
    assert.match(text, /\nerrorNum: {5}1501\n/);
    assert.match(text, /\nHTTP code: {4}400\n/);
    assert.ok(text.includes(`Message:      ${(failed.error?.message ?? '?').split('\n')[0] ?? ''}`), text);
    // broken.aql's stray `*` is on its third line: `  RETURN i +* 2`.
    assert.match(text, /\n {2}3 \| {3}RETURN i \+\* 2\n {4}\| {13}\^\n\nBind parameters: none\n/);
    assert.match(text, /\nDatabase: {5}\S+\nCoordinator: {2}http/);
    assert.match(text, /\nSubmitted: {4}\d{4}-\d\d-\d\d /);
    for (const internal of ['storedAt', 'jobKey', '"version"', '"file"', '"kind"']) {
      assert.ok(!text.includes(internal), `the error view shows ${internal}`);
    }
  });

  it('shows a cancelled job as a report that says what the cancel did', async () => {
    const key = await runQuery('RETURN SLEEP(30)');
    await vscode.commands.executeCommand('arangodb.cancelJob', key);
    const cancelled = await waitFor('the job to end as cancelled', () => job(key)?.state === 'cancelled' && job(key)?.result && job(key));
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', key);
    const text = editor.document.getText();
    assert.equal(activeTabLabel(), `RETURN SLEEP(30) (job ${cancelled.id}, cancelled).txt`);
    assert.match(text, new RegExp(`^Job ${cancelled.id} was cancelled\\n=+\\n\\nCancel: {7}the job was cancelled`));
    assert.match(text, /\nerrorNum: {5}21\n/);
    assert.ok(!text.includes('storedAt'));
  });

  it('closes a result tab when its job is cleared with its stored result, and keeps it when the result is kept', async () => {
    const kept = await storedResultOf('RETURN "kept after clearing"');
    const keptTab = (await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', kept.key)).document.uri.toString();
    const deleted = await storedResultOf('RETURN "deleted with its job"');
    const deletedTab = (await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', deleted.key)).document.uri.toString();
    assert.ok(openTabUris().includes(keptTab) && openTabUris().includes(deletedTab));

    await withAnswers({ showWarningMessage: () => Promise.resolve('Clear and Delete Stored Result') }, async () => {
      await vscode.commands.executeCommand('arangodb.clearJob', deleted.key);
    });
    await withAnswers({ showWarningMessage: () => Promise.resolve('Clear, Keep Stored Result') }, async () => {
      await vscode.commands.executeCommand('arangodb.clearJob', kept.key);
    });
    await waitFor('the deleted result\'s tab to close', () => !openTabUris().includes(deletedTab));
    assert.ok(openTabUris().includes(keptTab), 'the tab of a kept result was closed');
    await api.services.results.remove(kept.key);
  });

  it('closes a result tab when its stored files are deleted behind its back', async () => {
    const { key } = await storedResultOf('RETURN "files deleted elsewhere"');
    const tab = (await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', key)).document.uri.toString();
    assert.ok(openTabUris().includes(tab));
    await api.services.results.remove(key);
    await waitFor('the tab of the deleted files to close', () => !openTabUris().includes(tab));
  });
});
