import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { HistoryStore } from '../../src/history/historyStore';
import type { TrackedJob } from '../../src/jobs/trackedJob';
import { activatedExtension, openQuery, waitFor, withAnswers } from './support';

const QUERY = 'FOR i IN 1..@limit FILTER @password != null RETURN { i, database: CURRENT_DATABASE() }\n';
const BLOCK = `// @query with-secret bind.limit=2 bind.password="hunter2" maxRuntime=30\n${QUERY}`;

describe('History of the queries run from this workspace', () => {
  let api: ExtensionApi;
  const job = (key: string): TrackedJob | undefined => api.services.store.get(key);

  before(async () => {
    api = await activatedExtension();
  });

  afterEach(async () => {
    while (vscode.window.activeTextEditor !== undefined) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  async function runBlock(): Promise<string> {
    await openQuery(BLOCK);
    const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
    assert.ok(key, 'Run AQL Async returned no job');
    return key;
  }

  it('lists a run with its outcome, rows and options, and keeps no secret', async () => {
    const key = await runBlock();
    const entry = () => api.history.get(key);
    assert.ok(['running', 'done'].includes(entry()?.outcome ?? ''), 'listed at once, with the outcome so far');
    assert.equal(api.history.entries()[0]?.jobKey, key, 'newest first');
    const done = await waitFor('the entry to show the job done', () => entry()?.outcome === 'done' && entry());
    assert.equal(done.rows, 2);
    assert.equal(done.blockName, 'with-secret');
    assert.equal(done.database, job(key)?.database);
    assert.equal(done.options?.maxRuntime, 30);
    assert.deepEqual(done.bindVars, { limit: 2 });
    assert.deepEqual(done.droppedBindVars, ['password']);
    await api.history.flush();
    const stored = JSON.stringify(api.services.context.workspaceState.get('arangodb.history.v1'));
    assert.ok(stored.includes(key), 'the entry is in workspace state');
    assert.doesNotMatch(stored, /hunter2/);
  });

  it('runs an entry again with the same text, parameters, options and database, asking for the secret it did not keep', async () => {
    const first = await runBlock();
    await waitFor('the first run to end', () => api.history.get(first)?.outcome === 'done');
    const asked: string[] = [];
    const again = await withAnswers(
      {
        showInputBox: (options: unknown) => {
          const { title, password } = options as vscode.InputBoxOptions;
          asked.push(`${title ?? ''} hidden=${String(password)}`);
          return Promise.resolve('"hunter2"');
        },
      },
      () => Promise.resolve(vscode.commands.executeCommand<string | undefined>('arangodb.history.runAgain', first)),
    );
    assert.ok(again, 'Run Again submitted a job');
    assert.deepEqual(asked, ['Bind parameter @password hidden=true']);
    const original = job(first);
    const rerun = job(again);
    assert.equal(rerun?.query, original?.query);
    assert.deepEqual(rerun?.bindVars, { limit: 2, password: 'hunter2' });
    assert.deepEqual(rerun?.options, original?.options);
    assert.equal(rerun?.database, original?.database);
    const entry = await waitFor('the second run to end in the history', () => api.history.get(again)?.outcome === 'done' && api.history.get(again));
    assert.equal(entry.rows, 2);
    assert.equal(api.history.entries()[0]?.jobKey, again);
  });

  it('opens an entry in an editor as a block that runs as it ran', async () => {
    const key = await runBlock();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('arangodb.history.openInEditor', key);
    assert.ok(editor);
    assert.equal(editor.document.languageId, 'aql');
    const text = editor.document.getText();
    assert.match(text, /^\/\/ Not kept in the history \(asked for when run\): @password\n\/\/ @query with-secret maxRuntime=30 bind\.limit=2\n/);
    assert.ok(text.endsWith(QUERY));
    assert.doesNotMatch(text, /hunter2/);
  });

  it('opens the stored result of an entry, and copies its query', async () => {
    const key = await runBlock();
    await waitFor('the result to be stored', () => job(key)?.result);
    const opened = await vscode.commands.executeCommand<unknown>('arangodb.history.openResult', key);
    assert.ok(opened, 'Open Result opened the stored result');
    await vscode.commands.executeCommand('arangodb.history.copyQuery', key);
    assert.equal(await vscode.env.clipboard.readText(), QUERY);
  });

  it('keeps its entries across a restart: a store made anew from workspace state reads them back', async () => {
    const key = await runBlock();
    await waitFor('the entry to show the job done', () => api.history.get(key)?.outcome === 'done');
    await api.history.flush();
    const reloaded = new HistoryStore(api.services.context.workspaceState);
    assert.deepEqual(reloaded.get(key), api.history.get(key));
    assert.deepEqual(
      reloaded.entries().map((entry) => entry.jobKey),
      api.history.entries().map((entry) => entry.jobKey),
    );
  });

  it('deletes an entry, and clears all after asking', async () => {
    const key = await runBlock();
    await vscode.commands.executeCommand('arangodb.history.delete', key);
    assert.equal(api.history.get(key), undefined);
    assert.ok(job(key), 'the job itself stays');
    await withAnswers({ showWarningMessage: () => Promise.resolve('Clear History') }, () => Promise.resolve(vscode.commands.executeCommand('arangodb.history.clear')));
    assert.deepEqual(api.history.entries(), []);
  });
});
