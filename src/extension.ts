import * as vscode from 'vscode';
import { join } from 'node:path';
import { registerConnectionCommands } from './commands/connectionCommands';
import { VIEW_ID } from './commands/commandIds';
import { registerJobCommands } from './commands/jobCommands';
import { registerRunAqlAsync } from './commands/runAqlAsync';
import { ArangoConnection } from './connection/arangoConnection';
import { QueryDiagnostics } from './editors/queryDiagnostics';
import { ResultEditor } from './editors/resultEditor';
import { ErrorReporter, describe } from './errorReporter';
import { AutoFetcher } from './jobs/autoFetcher';
import { JobActions } from './jobs/jobActions';
import { JobStore } from './jobs/jobStore';
import { OutageTracker } from './jobs/outageTracker';
import { Poller } from './jobs/poller';
import { StatePersistence } from './jobs/statePersistence';
import { ResultStore } from './results/resultStore';
import type { Services } from './services';
import { FinishNotifier } from './views/finishNotifier';
import { JobExplorer } from './views/jobExplorer';
import type { JobNode } from './views/jobTreeItem';
import { JobStatusBar } from './views/statusBar';

/** What `activate` hands back: the parts the in-VS-Code tests look into. */
export interface ExtensionApi {
  services: Services;
  statusBar: JobStatusBar;
  explorer: JobExplorer;
  diagnostics: QueryDiagnostics;
}

/** Wiring only: creates the parts, connects them, and gives every disposable to the context. */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const log = vscode.window.createOutputChannel('ArangoDB', { log: true });
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  own(log);

  const connection = own(new ArangoConnection(context.secrets, log));
  const store = own(new JobStore(new StatePersistence(context.workspaceState)));
  const results = new ResultStore(join(context.globalStorageUri.fsPath, 'results'), {
    rowLimit: connection.settings.results.rowLimit,
  });
  // Files of a drain that a crash interrupted are never complete results: sweep them.
  results.removeStalePartials().catch((error: unknown) => log.warn(`Sweeping unfinished result files failed: ${String(error)}`));
  const actions = new JobActions(store, results, () => connection);
  const poller = own(new Poller(store, connection, { intervalMs: connection.settings.polling.intervalMs, maxBackoffMs: 30_000 }));
  const errors = new ErrorReporter(log);
  const services: Services = { context, connection, store, actions, poller, results, resultEditor: new ResultEditor(results), errors, log };

  const explorer = own(new JobExplorer(store));
  const treeView = own(vscode.window.createTreeView<JobNode>(VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true }));
  explorer.attach(treeView);
  const statusBar = own(new JobStatusBar(store));
  const diagnostics = own(new QueryDiagnostics(store));
  own(new FinishNotifier(store, () => connection.settings.results.notifyOnFinish, () => connection.settings.results.autoFetch));
  const autoFetcher = own(
    new AutoFetcher(store, actions, () => connection.settings.results.autoFetch, (job, error, willRetry) =>
      errors.report(
        willRetry
          ? `Fetching the result of job ${job.id} failed (it stays on the server; trying again with back-off)`
          : `Fetching the result of job ${job.id} failed; use Fetch Result to try again`,
        error,
      ),
    ),
  );

  own(registerRunAqlAsync(services));
  for (const disposable of [...registerJobCommands(services), ...registerConnectionCommands(services)]) {
    own(disposable);
  }
  const outages = new OutageTracker();
  own(
    poller.onDidRefresh((report) => {
      for (const { coordinator, error } of report.unreachable) {
        log.warn(`Refreshing jobs on ${coordinator} failed: ${describe(error)}`);
      }
      const { wentDown, cameBack } = outages.observe(report, connection.coordinators());
      for (const { coordinator, error } of wentDown) {
        errors.coordinatorUnreachable(coordinator, error);
      }
      for (const coordinator of cameBack) {
        errors.coordinatorReachable(coordinator);
      }
    }),
  );
  own(
    connection.onDidChange(() => {
      statusBar.setConnection(connection.describe());
      if (connection.isConfigured) {
        // Reconcile what was tracked before (a reload, a restart, another server) with the server.
        poller.refresh().then(() => autoFetcher.catchUp(), () => undefined);
      }
    }),
  );
  own(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('arangodb.results.rowLimit')) {
        results.setRowLimit(connection.settings.results.rowLimit);
      }
      if (event.affectsConfiguration('arangodb.polling.intervalMs')) {
        poller.setInterval(connection.settings.polling.intervalMs);
      }
    }),
  );

  await connection.reload();
  return { services, statusBar, explorer, diagnostics };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
