import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { REVEAL_DECLINED_KEY } from '../../src/views/explorerReveal';
import { activatedExtension, openQuery, waitFor } from './support';

// Loaded before every other file (test/suite/index.ts, runFirst): the reveal is for a window's first query.
describe('The job explorer at the first query of a window', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await activatedExtension();
    await api.services.context.globalState.update(REVEAL_DECLINED_KEY, undefined);
  });

  after(async () => {
    await api.services.context.globalState.update(REVEAL_DECLINED_KEY, undefined);
  });

  async function run(): Promise<string> {
    const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
    assert.ok(key, 'Run AQL Async returned no job');
    return key;
  }

  it('shows the explorer for the first query, leaves the editor active, and not again once the user went elsewhere', async () => {
    assert.equal(api.explorerReveal.usedInThisWindow, false, 'another test submitted a query in this window before this one');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the job explorer to be out of sight', () => !api.explorerReveal.explorerVisible);

    const editor = await openQuery('RETURN "the first query of this window"');
    const key = await run();
    assert.ok(api.explorerReveal.explorerVisible, 'the first query did not reveal the job explorer');
    assert.equal(vscode.window.activeTextEditor?.document, editor.document);
    assert.ok(api.services.store.get(key));

    // The user turns back to the file explorer: a sign they do not want it shown for them.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the choice to be remembered', () => api.services.context.globalState.get(REVEAL_DECLINED_KEY) === true);

    await vscode.window.showTextDocument(editor.document);
    await run();
    assert.equal(api.explorerReveal.explorerVisible, false, 'a later query revealed the explorer again');
  });
});
