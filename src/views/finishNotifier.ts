import * as vscode from 'vscode';
import type { JobStore, JobChange } from '../jobs/jobStore';
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

interface Notice {
  text: string;
  severity: 'info' | 'warning' | 'error';
  action?: string;
}

/** What to tell the user about a change, if anything; with auto-fetch the stored result is the news. */
export function noticeFor(change: JobChange, autoFetch: boolean): Notice | undefined {
  const job = change.job;
  const before = change.previous;
  if (change.kind !== 'updated' || !before || job.origin !== 'submitted') {
    return undefined;
  }
  if (job.result && !before.result) {
    switch (job.state) {
      case 'done':
        return { text: `finished: ${job.result.rows} ${job.result.rows === 1 ? 'row' : 'rows'}.`, severity: 'info', action: 'Open Result' };
      case 'failed':
        return { text: `failed: ${job.error?.message ?? 'see the result'}${job.error?.errorNum !== undefined ? ` (errorNum ${job.error.errorNum})` : ''}`, severity: 'error', action: 'Open Error' };
      case 'cancelled':
        return { text: 'was cancelled.', severity: 'info' };
      default:
        return undefined;
    }
  }
  if (!autoFetch && job.resultWaiting && !before.resultWaiting) {
    return { text: 'finished; its result waits on the server.', severity: 'info', action: 'Fetch Result' };
  }
  if (job.state === 'lost' && before.state !== 'lost') {
    return { text: `is lost. ${job.lostReason ?? ''}`, severity: 'warning' };
  }
  return undefined;
}
