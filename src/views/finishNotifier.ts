import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import { noticeFor } from '../jobs/jobNews';
import type { Notice } from '../jobs/jobNews';
import type { TrackedJob } from '../jobs/trackedJob';
import { firstLine } from '../jobs/trackedJob';
import { CommandId } from '../commands/commandIds';

/**
 * A notification when a job submitted here finishes: once its result is stored (or, without
 * auto-fetch, once it waits on the server), with a button that opens it.
 */
export class FinishNotifier implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    store: JobStore,
    private readonly enabled: () => boolean,
    private readonly autoFetch: () => boolean,
  ) {
    this.subscription = store.onDidChange((changes) => {
      for (const change of changes) {
        const message = this.enabled() ? noticeFor(change, this.autoFetch()) : undefined;
        if (message) {
          this.show(change.job, message);
        }
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private show(job: Readonly<TrackedJob>, notice: Notice): void {
    const show = notice.severity === 'error' ? vscode.window.showErrorMessage : notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const actions = notice.action ? [notice.action] : [];
    void show(`ArangoDB: job ${job.id} (${firstLine(job.query)}) ${notice.text}`, ...actions).then((choice) => {
      if (choice !== undefined) {
        void vscode.commands.executeCommand(CommandId.fetchResult, job.key);
      }
    });
  }
}
