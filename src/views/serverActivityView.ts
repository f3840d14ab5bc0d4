import * as vscode from 'vscode';
import type { Database } from '../client';
import { SERVER_ACTIVITY_VIEW_ID } from '../commands/commandIds';
import { ServerActivityPoller, readServerQueries } from '../jobs/serverActivityPoller';
import type { Services } from '../services';
import type { JobExplorer } from './jobExplorer';
import { ServerActivityTree } from './serverActivityTree';
import type { ServerActivityNode } from './serverActivityTree';

/** The Server Activity view's parts, for the in-VS-Code tests to look into. */
export interface ServerActivity extends vscode.Disposable {
  readonly tree: ServerActivityTree;
  readonly poller: ServerActivityPoller;
  readonly view: vscode.TreeView<ServerActivityNode>;
}

/**
 * Creates the Server Activity view (the server's running and slow queries of the current
 * database) and its poller, and lets the job explorer say which pending jobs run on
 * the server. Reads follow the connection: nothing is read while there is none, and what was
 * read of another server or database is forgotten when it changes.
 */
export function createServerActivity(services: Services, explorer: JobExplorer): ServerActivity {
  const { connection } = services;
  const poller = new ServerActivityPoller({
    read: (list, signal) => withDatabase(services, (db) => readServerQueries(db, list, signal)),
    intervalMs: () => connection.settings.polling.intervalMs,
  });
  const tree = new ServerActivityTree(poller, services.store);
  const view = vscode.window.createTreeView<ServerActivityNode>(SERVER_ACTIVITY_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  poller.setConnected(connection.isConfigured);
  const disposables: vscode.Disposable[] = [
    tree,
    view,
    connection.onDidChange(() => poller.setConnected(connection.isConfigured)),
    explorer.showServerNotes(tree),
  ];
  return {
    tree,
    poller,
    view,
    dispose: () => {
      for (const disposable of disposables.reverse()) disposable.dispose();
    },
  };
}

/** Runs `work` on the current database, on the live connection, which stays open until it ends. */
export async function withDatabase<T>(services: Pick<Services, 'connection'>, work: (db: Database) => Promise<T>): Promise<T> {
  const held = services.connection.acquire();
  try {
    return await work(held.session.databaseHandle(held.session.database));
  } finally {
    held.release();
  }
}
