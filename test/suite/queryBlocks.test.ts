import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TrackedJob } from '../../src/jobs/trackedJob';
import { activatedExtension, openQuery, waitFor, withAnswers } from './support';

const BLOCKS = [
  '// Students, one query per block.',
  '',
  '// @query by-key optimizer.rules=-use-indexes failOnWarning=true batchSize=7',
  'FOR s IN students FILTER s._key == "ada" RETURN s.name',
  '',
  '// @query by-key-indexed',
  'FOR s IN students FILTER s._key == "ada" RETURN s.name',
  '',
  '// @query sleepy maxRuntime=1',
  'RETURN SLEEP(10)',
  '',
].join('\n');

/** The lenses VS Code shows for the document, resolved, that run one of our commands. */
async function ourLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100)) ?? [];
  return lenses.filter((lens) => lens.command?.command.startsWith('arangodb.') === true);
}

/** Runs a lens's command as a click on it would. */
async function click(lens: vscode.CodeLens): Promise<unknown> {
  assert.ok(lens.command, 'the lens has a command');
  return vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
}

describe('Query blocks: CodeLens runs a block with its own options', () => {
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

  it('shows Run Async above each block, and Explain and Profile only while their commands exist', async () => {
    const editor = await openQuery(BLOCKS);
    const lenses = await ourLenses(editor.document);
    const runs = lenses.filter((lens) => lens.command?.command === 'arangodb.runAqlAsync');
    assert.deepEqual(
      runs.map((lens) => lens.range.start.line),
      [2, 5, 8],
      'one Run Async lens on each header line',
    );
    assert.ok(runs.every((lens) => lens.command?.title.includes('Run Async')));
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of ['arangodb.explainQuery', 'arangodb.profileQuery']) {
      const shown = lenses.filter((lens) => lens.command?.command === id).length;
      assert.equal(shown, commands.has(id) ? 3 : 0, `${id}: ${shown} lenses`);
    }
    const [first] = runs;
    assert.ok(first?.command?.arguments?.[0] instanceof vscode.Uri);
    assert.ok(first.command.arguments[1] instanceof vscode.Range);
  });

  it('shows no lens in a file without // @query headers', async () => {
    const editor = await openQuery('FOR s IN students RETURN s');
    assert.deepEqual(await ourLenses(editor.document), []);
  });

  it('runs a block from its lens with the header options, which the server obeys, and names the block in the job explorer', async () => {
    const editor = await openQuery(BLOCKS);
    const runs = (await ourLenses(editor.document)).filter((lens) => lens.command?.command === 'arangodb.runAqlAsync');
    const withoutIndexes = (await click(runs[0]!)) as string | undefined;
    const withIndexes = (await click(runs[1]!)) as string | undefined;
    assert.ok(withoutIndexes && withIndexes, 'both lenses submitted a job');

    const submitted = job(withoutIndexes);
    assert.equal(submitted?.blockName, 'by-key');
    assert.equal(submitted.query, 'FOR s IN students FILTER s._key == "ada" RETURN s.name\n\n');
    assert.deepEqual(submitted.queryStart, { line: 3, character: 0 });
    assert.equal(submitted.options?.failOnWarning, true);
    assert.equal(submitted.options?.batchSize, 7);
    assert.deepEqual(submitted.options?.optimizerRules, ['-use-indexes']);
    assert.equal(job(withIndexes)?.options?.optimizerRules, undefined, 'the other block runs with the settings alone');

    // The server saw -use-indexes: it scanned the whole collection instead of looking the key up.
    const scanned = await waitFor('the block without indexes to finish', () => job(withoutIndexes)?.result?.statistics);
    const looked = await waitFor('the block with indexes to finish', () => job(withIndexes)?.result?.statistics);
    assert.equal(job(withoutIndexes)?.result?.rows, 1);
    assert.equal(scanned['scannedIndex'], 0, JSON.stringify(scanned));
    assert.ok(Number(scanned['scannedFull']) >= 4, JSON.stringify(scanned));
    assert.equal(looked['scannedFull'], 0, JSON.stringify(looked));
    assert.equal(looked['scannedIndex'], 1, JSON.stringify(looked));

    const item = api.explorer.getTreeItem({ kind: 'job', key: withoutIndexes });
    assert.match(String(item.description), /› by-key /);
  });

  it('runs a block with maxRuntime=1 until the server kills it', async () => {
    const editor = await openQuery(BLOCKS);
    const runs = (await ourLenses(editor.document)).filter((lens) => lens.command?.command === 'arangodb.runAqlAsync');
    const key = (await click(runs[2]!)) as string | undefined;
    assert.ok(key);
    assert.equal(job(key)?.options?.maxRuntime, 1);
    const failed = await waitFor('the server to kill the query after a second', () => job(key)?.state === 'failed' && job(key), 9_000);
    assert.equal(failed.error?.errorNum, 1500, JSON.stringify(failed.error));
  });

  it('runs the block at the cursor with Run AQL Async, and refuses a block whose header is wrong', async () => {
    const editor = await openQuery(`${BLOCKS}// @query broken maxRuntime=soon\nRETURN 2\n`);
    editor.selection = new vscode.Selection(6, 3, 6, 3);
    const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
    assert.equal(key && job(key)?.blockName, 'by-key-indexed');

    editor.selection = new vscode.Selection(11, 1, 11, 1);
    const errors: string[] = [];
    const refused = await withAnswers({ showErrorMessage: (message: unknown) => (errors.push(String(message)), Promise.resolve(undefined)) }, () =>
      Promise.resolve(vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync')),
    );
    assert.equal(refused, undefined);
    assert.match(errors.join('\n'), /Block broken is not run: its header has a problem at line 11: maxRuntime must be/);
  });

  it('reveals the query a job ran from, found again after lines moved, and says when it is gone', async () => {
    const editor = await openQuery(BLOCKS);
    const runs = (await ourLenses(editor.document)).filter((lens) => lens.command?.command === 'arangodb.runAqlAsync');
    const key = (await click(runs[1]!)) as string;
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// two lines\n// pushed in above\n')));

    const revealed = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('arangodb.revealQuery', key);
    assert.ok(revealed);
    assert.equal(revealed.document.getText(revealed.selection), 'FOR s IN students FILTER s._key == "ada" RETURN s.name');
    assert.equal(revealed.selection.start.line, 8, 'the copy of the block that was run, not the first block with the same text');

    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    assert.ok(await editor.edit((edit) => edit.replace(whole, 'RETURN "something else"\n')));
    const warnings: string[] = [];
    await withAnswers({ showWarningMessage: (message: unknown) => (warnings.push(String(message)), Promise.resolve(undefined)) }, () =>
      Promise.resolve(vscode.commands.executeCommand('arangodb.revealQuery', key)),
    );
    assert.match(warnings.join('\n'), /no longer holds the query of job/);
  });
});
