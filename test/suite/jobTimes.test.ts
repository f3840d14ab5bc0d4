import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { JobNode } from '../../src/views/jobNodes';
import { activatedExtension, openQuery, waitFor } from './support';

describe('Running times in the job explorer', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await activatedExtension();
  });

  it('has VS Code redraw a pending job once a second while the view is visible, and stops ticking when it is hidden', async () => {
    await vscode.commands.executeCommand('arangodb.jobs.focus');
    await openQuery('RETURN SLEEP(6)');
    const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
    assert.ok(key, 'Run AQL Async returned no job');
    const explorer = api.explorer;
    try {
      await waitFor('the running time to tick', () => explorer.isTicking, 5000);
      // What VS Code itself asks for: it redraws only nodes it knows, by object identity.
      const drawn: string[] = [];
      const own = explorer.getTreeItem.bind(explorer);
      explorer.getTreeItem = (node: JobNode) => {
        const item = own(node);
        if (node.kind === 'job' && node.key === key) drawn.push(String(item.description));
        return item;
      };
      try {
        const moving = await waitFor('VS Code to redraw the pending job with a later running time', () => {
          const distinct = [...new Set(drawn)];
          return distinct.length >= 2 && distinct;
        }, 5000);
        for (const description of moving) assert.match(description, /^running \d/, description);
      } finally {
        Reflect.deleteProperty(explorer, 'getTreeItem');
      }
      await vscode.commands.executeCommand('workbench.view.explorer');
      await waitFor('the ticking to stop once the view is hidden', () => !explorer.isTicking, 5000);
      assert.equal(api.services.store.get(key)?.state, 'pending', 'the job is still running: only visibility stopped the ticking');
    } finally {
      await api.services.actions.clear([key], { deleteStoredResults: true });
    }
  });
});
