import * as vscode from 'vscode';
import { join } from 'node:path';
import { registerConnectionCommands } from './commands/connectionCommands';
import { VIEW_ID } from './commands/commandIds';
import { registerExportResult } from './commands/exportResult';
import { registerHistory } from './commands/historyCommands';
import { registerRevealQuery } from './commands/revealQuery';
import { registerJobCommands } from './commands/jobCommands';
import { registerRunAqlAsync } from './commands/runAqlAsync';
import { registerServerActivity } from './commands/serverActivityCommands';
import { ArangoConnection } from './connection/arangoConnection';
import { QueryDiagnostics } from './editors/queryDiagnostics';
import { AqlLanguageFeatures } from './languageFeatures/aqlLanguageFeatures';
import { QueryChecks } from './languageFeatures/queryChecks';
import { registerQueryBlockLenses } from './languageFeatures/queryBlockLenses';
import type { HistoryStore } from './history/historyStore';
import { ResultEditor } from './editors/resultEditor';
import { ResultViewer } from './webviewHost/result/resultViewer';
import { ErrorReporter } from './errorReporter';
import { JobLayer } from './jobs/jobLayer';
import type { JobLayerSettings } from './jobs/jobLayer';
import type { Settings } from './config';
import type { Services } from './services';
import { FinishNotifier } from './views/finishNotifier';
import { FirstRunReveal } from './views/explorerReveal';
import { JobExplorer } from './views/jobExplorer';
import type { JobNode } from './views/jobTreeItem';
import { JobStatusBar } from './views/statusBar';
import type { ServerActivity } from './views/serverActivityView';
import { PlanViews } from './webviewHost/plan/planViews';

/** What `activate` hands back: the parts the in-VS-Code tests look into. */
export interface ExtensionApi {
  services: Services;
  statusBar: JobStatusBar;
  explorer: JobExplorer;
  diagnostics: QueryDiagnostics;
  explorerReveal: FirstRunReveal;
  history: HistoryStore;
  plans: PlanViews;
  serverActivity: ServerActivity;
  aqlFeatures: AqlLanguageFeatures;
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
  const errors = new ErrorReporter(log);
  const jobs = own(
    new JobLayer({
      state: context.workspaceState,
      resultsDir: join(context.globalStorageUri.fsPath, 'results'),
      connection,
      settings: () => jobLayerSettings(connection.settings),
      log,
      notices: {
        fetchFailed: (job, error, willRetry) =>
          errors.report(
            willRetry
              ? `Fetching the result of job ${job.id} failed (it stays on the server; trying again with back-off)`
              : `Fetching the result of job ${job.id} failed; use Fetch Result to try again`,
            error,
          ),
        coordinatorUnreachable: (coordinator, error) => errors.coordinatorUnreachable(coordinator, error),
        coordinatorReachable: (coordinator) => errors.coordinatorReachable(coordinator),
      },
    }),
  );
  activeJobs = jobs;
  const { store, actions, poller, results } = jobs;
  const services: Services = { context, connection, store, actions, poller, results, resultEditor: own(new ResultEditor(results, store)), resultViewer: own(new ResultViewer(context.extensionUri, results, store)), errors, log };

  const explorer = own(new JobExplorer(store));
  const treeView = own(vscode.window.createTreeView<JobNode>(VIEW_ID, { treeDataProvider: explorer, showCollapseAll: true }));
  explorer.attach(treeView);
  const statusBar = own(new JobStatusBar(store));
  const diagnostics = own(new QueryDiagnostics(store));
  const aqlFeatures = own(new AqlLanguageFeatures(services));
  own(new QueryChecks(services, aqlFeatures.schema));
  own(new FinishNotifier(store, () => connection.settings.results.notifyOnFinish, () => connection.settings.results.autoFetch));
  const explorerReveal = own(new FirstRunReveal(treeView, explorer, context.globalState, log));
  own(registerRunAqlAsync(services, (job) => explorerReveal.afterSubmit(job.key)));
  const history = registerHistory(services, own);
  [registerQueryBlockLenses(), registerRevealQuery(services)].forEach(own);
  const plans = new PlanViews(services, context.extensionUri, (job) => explorerReveal.afterSubmit(job.key));
  plans.register().forEach(own);
  own(registerExportResult(services));
  const serverActivity = own(registerServerActivity(services, explorer));
  for (const disposable of [...registerJobCommands(services), ...registerConnectionCommands(services)]) {
    own(disposable);
  }
  own(
    connection.onDidChange(() => {
      statusBar.setConnection(connection.describe());
      void jobs.connectionChanged();
    }),
  );
  own(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('arangodb.results.rowLimit') || event.affectsConfiguration('arangodb.polling.intervalMs')) {
        jobs.settingsChanged();
      }
    }),
  );

  await connection.reload();
  return { services, statusBar, explorer, diagnostics, explorerReveal, history, plans, serverActivity, aqlFeatures };
}

function jobLayerSettings(settings: Settings): JobLayerSettings {
  return { rowLimit: settings.results.rowLimit, autoFetch: settings.results.autoFetch, pollingIntervalMs: settings.polling.intervalMs };
}

/** The job layer of the running extension, for `deactivate` to flush. */
let activeJobs: JobLayer | undefined;

/**
 * Everything is owned by context.subscriptions and disposed by VS Code after this. A Memento
 * writes later than it is told to: the last change to the jobs (a result just stored) must reach
 * storage before the host goes, or the next window would think that job's result still waits.
 */
export async function deactivate(): Promise<void> {
  const jobs = activeJobs;
  activeJobs = undefined;
  await jobs?.store.flush().catch(() => undefined);
}
