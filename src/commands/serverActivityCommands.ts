import * as vscode from 'vscode';
import type { RunningQuery } from '../client/aql';
import type { ServerActivityPoller } from '../jobs/serverActivityPoller';
import { firstLine } from '../jobs/trackedJob';
import type { Services } from '../services';
import type { ServerActivityNode, ServerActivityTree } from '../views/serverActivityTree';
import { queryDocumentText } from '../views/serverActivityText';
import { createServerActivity, withDatabase } from '../views/serverActivityView';
import type { ServerActivity } from '../views/serverActivityView';
import type { JobExplorer } from '../views/jobExplorer';
import { CommandId } from './commandIds';

/** The modal's one button; dismissing the dialog (Escape) kills nothing. */
export const KILL_QUERY = 'Kill Query';

/** The Server Activity view with its commands: what `extension.ts` creates in one line. */
export function registerServerActivity(services: Services, explorer: JobExplorer): ServerActivity {
  const activity = createServerActivity(services, explorer);
  const commands = registerServerActivityCommands(services, activity.tree, activity.poller);
  return {
    ...activity,
    dispose: () => {
      for (const command of commands) command.dispose();
      activity.dispose();
    },
  };
}

/** Kill Query, Clear Slow Queries, Copy Query and Open in Editor, on the Server Activity view's items. */
function registerServerActivityCommands(services: Services, tree: ServerActivityTree, poller: ServerActivityPoller): vscode.Disposable[] {
  const queryOf = (node: ServerActivityNode | undefined): RunningQuery | undefined => {
    const query = tree.query(node);
    if (!query) {
      void vscode.window.showWarningMessage('ArangoDB: that query is no longer listed by the server.');
    }
    return query;
  };
  return [
    vscode.commands.registerCommand(CommandId.killQuery, (node?: ServerActivityNode) => killQuery(services, poller, queryOf(node))),
    vscode.commands.registerCommand(CommandId.clearSlowQueries, () => clearSlowQueries(services, poller)),
    vscode.commands.registerCommand(CommandId.copyServerQuery, (node?: ServerActivityNode) => copyQuery(queryOf(node))),
    vscode.commands.registerCommand(CommandId.openServerQueryInEditor, (node?: ServerActivityNode) => openInEditor(queryOf(node))),
  ];
}

/**
 * Asks first (killing someone else's query loses their work), then `DELETE /_api/query/{id}` on
 * the coordinator that listed it, and reads both lists again: the query leaves the running one
 * and, if it ran past the slow threshold, shows in the slow one as killed (errorNum 1500).
 * Resolves to whether the server accepted the kill.
 */
export async function killQuery(services: Services, poller: ServerActivityPoller, query: RunningQuery | undefined): Promise<boolean> {
  if (!query) {
    return false;
  }
  const choice = await vscode.window.showWarningMessage(
    `Kill query ${query.id} (${firstLine(query.query)})?`,
    { modal: true, detail: `It has run ${query.runTime.toFixed(1)} s for user ${query.user === '' ? '(none)' : query.user} in database ${query.database}. Whoever runs it gets error 1500 (query killed).` },
    KILL_QUERY,
  );
  if (choice !== KILL_QUERY) {
    return false;
  }
  try {
    await withDatabase(services, (db) => db.aql.kill(query.id, { coordinator: query.coordinator }));
    services.log.info(`Killed query ${query.id} on ${query.coordinator}.`);
    vscode.window.setStatusBarMessage(`$(circle-slash) ArangoDB: query ${query.id} killed`, 4000);
    return true;
  } catch (error) {
    services.errors.report(`Killing query ${query.id} failed`, error);
    return false;
  } finally {
    poller.readNow('running');
    poller.readNow('slow');
  }
}

/** `DELETE /_api/query/slow` for the current database, then reads the slow list again. */
export async function clearSlowQueries(services: Services, poller: ServerActivityPoller): Promise<boolean> {
  try {
    await withDatabase(services, (db) => db.aql.clearSlowQueries());
    vscode.window.setStatusBarMessage('$(clear-all) ArangoDB: slow query list cleared', 4000);
    return true;
  } catch (error) {
    services.errors.report('Clearing the slow query list failed', error);
    return false;
  } finally {
    poller.readNow('slow');
  }
}

async function copyQuery(query: RunningQuery | undefined): Promise<void> {
  if (query) {
    await vscode.env.clipboard.writeText(query.query);
    vscode.window.setStatusBarMessage(`$(copy) ArangoDB: copied query ${query.id}`, 4000);
  }
}

/** An untitled AQL document with the query, its bind parameters in a `// @query` header, ready for Run AQL Async. */
async function openInEditor(query: RunningQuery | undefined): Promise<vscode.TextEditor | undefined> {
  if (!query) {
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'aql', content: queryDocumentText(query) });
  return vscode.window.showTextDocument(document);
}
