import type * as vscode from 'vscode';
import type { ArangoConnection } from './connection/arangoConnection';
import type { JobActions } from './jobs/jobActions';
import type { JobStore } from './jobs/jobStore';
import type { Poller } from './jobs/poller';
import type { ResultStore } from './results/resultStore';
import type { ErrorReporter } from './errorReporter';
import type { ResultEditor } from './editors/resultEditor';
import type { ResultViewer } from './webviewHost/result/resultViewer';

/** The parts `extension.ts` creates once; commands receive them instead of reaching for globals. */
export interface Services {
  context: vscode.ExtensionContext;
  connection: ArangoConnection;
  store: JobStore;
  actions: JobActions;
  poller: Poller;
  results: ResultStore;
  resultEditor: ResultEditor;
  resultViewer: ResultViewer;
  errors: ErrorReporter;
  log: vscode.LogOutputChannel;
}
