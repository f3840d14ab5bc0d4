import * as vscode from 'vscode';
import { isArangoError, isConnectionError } from './client';
import { errorLine } from './jobs/errorLine';
import { CommandId } from './commands/commandIds';
import { NotConnectedError } from './connection/arangoConnection';

/**
 * Turns errors into one clear message each: what failed, the server's own errorNum and message,
 * and a button for the likely fix. Which polling failures are news is the OutageTracker's call.
 */
export class ErrorReporter {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Shows `error` as the reason `whatFailed` did not happen. */
  report(whatFailed: string, error: unknown): void {
    const text = `${whatFailed}: ${describe(error)}`;
    this.log.error(text);
    const actions: Array<[string, string]> = [];
    if (isArangoError(error) && error.httpCode === 401) {
      actions.push(['Set Password or Token', CommandId.setCredentials]);
    } else if (error instanceof NotConnectedError) {
      actions.push(['Connect', CommandId.connect]);
    } else if (isConnectionError(error)) {
      actions.push(['Show Log', CommandId.showLog]);
    }
    void vscode.window.showErrorMessage(`ArangoDB: ${text}`, ...actions.map(([title]) => title)).then((choice) => {
      const action = actions.find(([title]) => title === choice);
      if (action) {
        void vscode.commands.executeCommand(action[1]);
      }
    });
  }

  /** Polling just stopped reaching `coordinator` (the OutageTracker says this once per outage). */
  coordinatorUnreachable(coordinator: string, error: unknown): void {
    if (isArangoError(error) && error.httpCode === 401) {
      this.report(`Refreshing jobs on ${coordinator} failed`, error);
      return;
    }
    void vscode.window
      .showWarningMessage(
        `ArangoDB: ${coordinator} cannot be reached (${describe(error)}). Jobs are kept; refreshing resumes with back-off until it answers.`,
        'Show Log',
      )
      .then((choice) => {
        if (choice) {
          void vscode.commands.executeCommand(CommandId.showLog);
        }
      });
  }

  coordinatorReachable(coordinator: string): void {
    this.log.info(`${coordinator} answers again.`);
    void vscode.window.setStatusBarMessage(`ArangoDB: ${coordinator} answers again`, 5000);
  }
}

/** One line for any error: the server's message with its errorNum, or the connection problem. */
export const describe = errorLine;
