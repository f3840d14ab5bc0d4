import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TrackedJob } from '../../src/jobs/trackedJob';
import type { JobNode } from '../../src/views/jobTreeItem';
import { activatedExtension, openQuery, openSample, waitFor, withAnswers } from './support';

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

describe('Async jobs in VS Code', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await activatedExtension();
  });

  const job = (key: string): TrackedJob | undefined => api.services.store.get(key);

  async function run(): Promise<string> {
    const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
    assert.ok(key, 'Run AQL Async returned no job');
    return key;
  }

  function treeLabels(): Array<{ group: string; jobs: string[] }> {
    return api.explorer.getChildren().map((group: JobNode) => ({
      group: labelOf(api.explorer.getTreeItem(group)),
      jobs: api.explorer.getChildren(group).map((node) => labelOf(api.explorer.getTreeItem(node))),
    }));
  }

  it('runs the .aql document as an async job, shows it pending in the tree and the status bar, then done', async () => {
    await openSample('slow.aql');
    const key = await run();
    const pending = job(key);
    assert.equal(pending?.state, 'pending');
    assert.equal(pending.origin, 'submitted');
    assert.match(api.statusBar.text, /[1-9]\d* pending/);
    const pendingGroup = treeLabels().find((group) => group.group === 'Pending');
    assert.ok(pendingGroup?.jobs.includes('FOR i IN 1..3'), `tree: ${JSON.stringify(treeLabels())}`);

    const done = await waitFor('the job to finish and its result to be stored', () => job(key)?.result && job(key));
    assert.equal(done.state, 'done');
    assert.equal(done.result?.rows, 3);
    assert.ok(treeLabels().find((group) => group.group === 'Done')?.jobs.includes('FOR i IN 1..3'));
    await waitFor('the status bar to count no pending job', () => / 0 pending$/.test(api.statusBar.text));
  });

  it('fetches a result into an editor tab as pretty JSON, and reopens the stored copy without the server', async () => {
    await openQuery('FOR i IN 1..4\n  RETURN { i, square: i * i }');
    const key = await run();
    await waitFor('the result to be stored', () => job(key)?.result);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('arangodb.openResultAsText', key);
    assert.ok(editor, 'Fetch Result opened no editor');
    assert.deepEqual(JSON.parse(editor.document.getText()), [1, 2, 3, 4].map((i) => ({ i, square: i * i })));
    assert.match(editor.document.getText(), /\n {2}\{\n {4}"i": 1,/);

    // The server has handed the result out once; a second open must come from disk.
    const again = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('arangodb.openResultAsText', key);
    assert.equal(again?.document.getText(), editor.document.getText());
  });

  it('runs only the selection when there is one', async () => {
    const editor = await openQuery('RETURN "not this"\nRETURN "this one"\n');
    editor.selection = new vscode.Selection(1, 0, 1, 17);
    const key = await run();
    assert.equal(job(key)?.query, 'RETURN "this one"');
    assert.deepEqual(job(key)?.queryStart, { line: 1, character: 0 });
    await waitFor('the result', () => job(key)?.result);
    const opened = await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', key);
    assert.deepEqual(JSON.parse(opened.document.getText()), ['this one']);
  });

  it('refuses a selection of blank text with a clear message, and submits nothing', async () => {
    const editor = await openQuery('RETURN 1\n   \n');
    editor.selection = new vscode.Selection(1, 0, 1, 3);
    const before = api.services.store.all().length;
    const messages: string[] = [];
    const key = await withAnswers(
      { showErrorMessage: (message: unknown) => (messages.push(String(message)), Promise.resolve(undefined)) },
      () => Promise.resolve(vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync')),
    );
    assert.equal(key, undefined);
    assert.equal(api.services.store.all().length, before);
    assert.deepEqual(messages, ['ArangoDB: The selection holds no AQL: select a query, or clear the selection to run the whole file.']);
  });

  it('cancels a pending job and says what happened', async () => {
    await openQuery('RETURN SLEEP(30)');
    const key = await run();
    await vscode.commands.executeCommand('arangodb.cancelJob', key);
    const cancelled = await waitFor('the job to end as cancelled', () => job(key)?.state === 'cancelled' && job(key));
    assert.ok(cancelled.cancelOutcome === 'job-cancelled' || cancelled.cancelOutcome === 'job-cancelled-and-query-killed');
    assert.equal(cancelled.error?.errorNum, 21);
    assert.ok(treeLabels().find((group) => group.group === 'Cancelled')?.jobs.includes('RETURN SLEEP(30)'));
  });

  it('fails a syntax error and puts a diagnostic at the position the server named', async () => {
    const editor = await openSample('broken.aql');
    const key = await run();
    const failed = await waitFor('the job to fail', () => job(key)?.state === 'failed' && job(key));
    assert.equal(failed.error?.errorNum, 1501);
    assert.match(failed.error?.message ?? '', /syntax error/);
    const diagnostics = await waitFor('a diagnostic', () => {
      const found = api.diagnostics.diagnosticsFor(editor.document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(diagnostics[0]?.code, 1501);
    // broken.aql has the stray token on its third line (0-based line 2).
    assert.equal(diagnostics[0]?.range.start.line, 2);
    const opened = await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', key);
    assert.match(opened.document.getText(), /\nerrorNum: {5}1501\n/);
  });

  it('asks for bind parameters it cannot find and remembers them for the document', async () => {
    const editor = await openQuery('FOR i IN 1..@n RETURN i * @factor');
    let asked: string[] = [];
    const key = await withAnswers(
      {
        showInputBox: (options: unknown) => {
          const title = (options as vscode.InputBoxOptions).title ?? '';
          asked.push(title);
          return Promise.resolve(title.includes('@n') ? '3' : '10');
        },
      },
      run,
    );
    assert.deepEqual(asked.sort(), ['Bind parameter @factor', 'Bind parameter @n']);
    assert.deepEqual(job(key)?.bindVars, { n: 3, factor: 10 });
    await waitFor('the result', () => job(key)?.result);
    const opened = await vscode.commands.executeCommand<vscode.TextEditor>('arangodb.openResultAsText', key);
    assert.deepEqual(JSON.parse(opened.document.getText()), [10, 20, 30]);

    await vscode.window.showTextDocument(editor.document);
    asked = [];
    const second = await withAnswers({ showInputBox: () => Promise.reject(new Error('must not ask again')) }, run);
    assert.deepEqual(job(second)?.bindVars, { n: 3, factor: 10 });
  });

  it('reads bind parameters from the .bindvars.json file beside the query', async () => {
    await openSample('students-by-city.aql');
    const key = await withAnswers({ showInputBox: () => Promise.reject(new Error('must not ask')) }, run);
    assert.deepEqual(job(key)?.bindVars, { city: 'Berlin', '@students': 'students' });
    const done = await waitFor('the result', () => job(key)?.result && job(key));
    assert.equal(done.state, 'done');
  });

  it('clears a job: the server forgets it and the tree drops it, the stored copy only when asked', async () => {
    await openQuery('RETURN "to be cleared"');
    const key = await run();
    await waitFor('the result', () => job(key)?.result);
    const stored = await api.services.results.get(key);
    assert.ok(stored);
    await withAnswers({ showWarningMessage: () => Promise.resolve('Clear and Delete Stored Result') }, async () => {
      await vscode.commands.executeCommand('arangodb.clearJob', key);
    });
    assert.equal(job(key), undefined);
    assert.equal(await api.services.results.get(key), undefined);
    assert.ok(!treeLabels().some((group) => group.jobs.includes('RETURN "to be cleared"')));
  });

  it('shows jobs submitted elsewhere from the server\'s lists, and can fetch them', async () => {
    const { connection } = api.services;
    const db = connection.databaseHandle(connection.database);
    const foreign = await db.beginAsyncExecution({ returnResult: true }).aql.execute('RETURN "from another tool"');
    await vscode.commands.executeCommand('arangodb.refreshJobs');
    const found = await waitFor('the foreign job in the store', () =>
      api.services.store.all().find((tracked) => tracked.id === foreign.id),
    );
    assert.equal(found.origin, 'discovered');
    const opened = await waitForResult(found.key);
    assert.deepEqual(JSON.parse(opened.document.getText()), ['from another tool']);
  });

  async function waitForResult(key: string): Promise<vscode.TextEditor> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await vscode.commands.executeCommand('arangodb.refreshJobs');
      if (job(key)?.state === 'done' || job(key)?.resultWaiting) {
        const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('arangodb.openResultAsText', key);
        if (editor) {
          return editor;
        }
      }
      if (Date.now() > deadline) {
        throw new Error(`job ${key} never finished`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
});
