import * as vscode from 'vscode';
import type { Services } from '../services';
import { HistoryStore } from '../history/historyStore';
import type { HistoryEntry } from '../history/historyStore';
import { parseBindValue } from '../language/bindParameters';
import { blockHeader, queryRunOptions } from '../language/queryBlocks';
import { HistoryView } from '../views/historyView';
import type { HistoryNode } from '../views/historyView';
import { CommandId, HISTORY_VIEW_ID } from './commandIds';

/**
 * The History: its store (kept in workspace state, following the job store), its view beside
 * Async Jobs, and its commands; every disposable goes to `own`.
 */
export function registerHistory(services: Services, own: (disposable: vscode.Disposable) => void): HistoryStore {
  const history = new HistoryStore(services.context.workspaceState, () => services.connection.settings.history.maxEntries);
  own(history);
  own(history.follow(services.store));
  const view = new HistoryView(history, services.store);
  own(view);
  const tree = vscode.window.createTreeView<HistoryNode>(HISTORY_VIEW_ID, { treeDataProvider: view });
  own(tree);
  view.attach(tree);
  for (const disposable of registerHistoryCommands(services, history, view)) own(disposable);
  own(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('arangodb.history.maxEntries')) history.trim();
    }),
  );
  return history;
}

/** The entry a command was invoked on: a tree node, or a job key (tests pass keys). */
function entryFrom(history: HistoryStore, target: HistoryNode | string | undefined): HistoryEntry | undefined {
  const key = typeof target === 'string' ? target : target?.kind === 'entry' ? target.jobKey : undefined;
  const entry = key === undefined ? undefined : history.get(key);
  if (entry === undefined) {
    void vscode.window.showWarningMessage('ArangoDB: that query is no longer in the history.');
  }
  return entry;
}

/** Run Again, Open Result, Open in Editor, Copy Query, Delete, Clear History, and the filter. */
export function registerHistoryCommands(services: Services, history: HistoryStore, view: HistoryView): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.historyRunAgain, (target?: HistoryNode | string) => runAgain(services, history, target)),
    vscode.commands.registerCommand(CommandId.historyOpenResult, (target?: HistoryNode | string) => openResult(history, view, target)),
    vscode.commands.registerCommand(CommandId.historyOpenInEditor, (target?: HistoryNode | string) => openInEditor(services, history, target)),
    vscode.commands.registerCommand(CommandId.historyCopyQuery, async (target?: HistoryNode | string) => {
      const entry = entryFrom(history, target);
      if (entry !== undefined) {
        await vscode.env.clipboard.writeText(entry.query);
        vscode.window.setStatusBarMessage('ArangoDB: query copied', 3000);
      }
    }),
    vscode.commands.registerCommand(CommandId.historyDelete, (target?: HistoryNode | string) => {
      const entry = entryFrom(history, target);
      if (entry !== undefined) history.remove([entry.jobKey]);
    }),
    vscode.commands.registerCommand(CommandId.historyClear, async () => {
      const count = history.entries().length;
      if (count === 0) return;
      const answer = await vscode.window.showWarningMessage(
        `Clear all ${count} ${count === 1 ? 'query' : 'queries'} from the history of this workspace?`,
        { modal: true, detail: 'Jobs and their stored results stay in Async Jobs.' },
        'Clear History',
      );
      if (answer === 'Clear History') history.clear();
    }),
    vscode.commands.registerCommand(CommandId.historyFilter, async (filter?: string) => {
      const typed =
        typeof filter === 'string'
          ? filter
          : await vscode.window.showInputBox({
              title: 'Filter History',
              prompt: 'Words that must all occur in the query, its block or file, the database, the outcome (done, failed, …) or a bind value. Empty shows all.',
              value: view.filter,
            });
      if (typed !== undefined) view.setFilter(typed);
    }),
    vscode.commands.registerCommand(CommandId.historyClearFilter, () => view.setFilter('')),
  ];
}

/**
 * Submits the entry's query again with the same bind values, options and database. Values left
 * out of the history because their names look like secrets are asked for (hidden input).
 */
async function runAgain(services: Services, history: HistoryStore, target: HistoryNode | string | undefined): Promise<string | undefined> {
  const entry = entryFrom(history, target);
  if (entry === undefined) {
    return undefined;
  }
  if (!services.connection.isConfigured) {
    const choice = await vscode.window.showErrorMessage('ArangoDB: not connected. Set the server URL first.', 'Connect');
    if (choice === 'Connect') await vscode.commands.executeCommand(CommandId.connect);
    return undefined;
  }
  const bindVars: Record<string, unknown> = { ...entry.bindVars };
  for (const name of entry.droppedBindVars ?? []) {
    const answer = await vscode.window.showInputBox({
      title: `Bind parameter @${name}`,
      prompt: `JSON value for @${name} (not kept in the history, since its name looks like a secret), e.g. "s3cret".`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => {
        const parsed = parseBindValue(text);
        return parsed.ok ? undefined : parsed.message;
      },
    });
    const parsed = answer === undefined ? undefined : parseBindValue(answer);
    if (parsed === undefined || !parsed.ok) {
      void vscode.window.showWarningMessage(`ArangoDB: not submitted — no value for @${name}.`);
      return undefined;
    }
    bindVars[name] = parsed.value;
  }
  try {
    const job = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ArangoDB: submitting query' }, () =>
      services.actions.submit({
        query: entry.query,
        bindVars,
        ...(entry.options !== undefined ? { options: entry.options } : {}),
        database: entry.database,
        ...(entry.blockName !== undefined ? { blockName: entry.blockName } : {}),
      }),
    );
    services.poller.wake();
    vscode.window.setStatusBarMessage(`ArangoDB: job ${job.id} submitted`, 4000);
    services.log.info(`Submitted job ${job.id} to ${job.coordinator} (${job.database}) from the history`);
    return job.key;
  } catch (error) {
    services.errors.report('Submitting the query failed', error);
    return undefined;
  }
}

/** Opens the stored result of the entry's job through *Fetch Result*, while the job is still tracked. */
async function openResult(history: HistoryStore, view: HistoryView, target: HistoryNode | string | undefined): Promise<unknown> {
  const entry = entryFrom(history, target);
  if (entry === undefined) {
    return undefined;
  }
  if (!view.hasResult(entry)) {
    void vscode.window.showInformationMessage(
      entry.outcome === 'running'
        ? `ArangoDB: job ${entry.jobId} is still running.`
        : `ArangoDB: the result of job ${entry.jobId} is no longer kept (its job was cleared or lost). Use Run Again to run the query anew.`,
    );
    return undefined;
  }
  return vscode.commands.executeCommand(CommandId.fetchResult, entry.jobKey);
}

/**
 * Opens the entry's query in a new AQL editor as a query block whose header holds its bind values
 * and the options that differ from the settings, so *Run AQL Async* there runs it as it ran.
 */
async function openInEditor(services: Services, history: HistoryStore, target: HistoryNode | string | undefined): Promise<vscode.TextEditor | undefined> {
  const entry = entryFrom(history, target);
  if (entry === undefined) {
    return undefined;
  }
  const header = blockHeader(entry.blockName ?? 'from-history', entry.options, entry.bindVars, queryRunOptions(services.connection.settings.query));
  const dropped = entry.droppedBindVars?.length ? `// Not kept in the history (asked for when run): ${entry.droppedBindVars.map((name) => `@${name}`).join(', ')}\n` : '';
  const database = entry.database !== services.connection.settings.database ? `// Ran in database ${entry.database}\n` : '';
  const document = await vscode.workspace.openTextDocument({ language: 'aql', content: `${database}${dropped}${header}\n${entry.query.replace(/^\s*\n/, '')}` });
  return vscode.window.showTextDocument(document);
}
