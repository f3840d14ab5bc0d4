import type * as vscode from 'vscode';
import type { JobExplorer } from './jobExplorer';
import type { JobNode } from './jobTreeItem';

/** Set once the user moved away from a job explorer this class revealed: never reveal it again. */
export const REVEAL_DECLINED_KEY = 'arangodb.jobExplorer.revealDeclined';

/**
 * Shows the job explorer at the first submission of a window, so someone new sees where jobs go
 * rather than only a toast. It never takes the focus from the editor, does nothing if the view is
 * visible already, and stops for good (across windows, in global state) once the user hid or left
 * a view it revealed: that is the one sign VS Code gives of not wanting it. Someone who opened the
 * view themselves and closed it again is still shown it once in a new window.
 */
export class FirstRunReveal implements vscode.Disposable {
  private spent = false;
  private watch: vscode.Disposable | undefined;

  constructor(
    private readonly view: vscode.TreeView<JobNode>,
    private readonly explorer: Pick<JobExplorer, 'getParent' | 'getChildren'>,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Whether this window's one reveal has been decided already (the first submission decides it). */
  get usedInThisWindow(): boolean {
    return this.spent;
  }

  /** Whether the job explorer can be seen now (for tests). */
  get explorerVisible(): boolean {
    return this.view.visible;
  }

  /** Called after each successful submission, with the new job's key. */
  async afterSubmit(jobKey: string): Promise<void> {
    if (this.spent) {
      return;
    }
    this.spent = true;
    if (this.view.visible || this.state.get<boolean>(REVEAL_DECLINED_KEY, false)) {
      return;
    }
    // The tree's own node object: VS Code knows tree elements by identity and by item id.
    const group = this.explorer.getParent({ kind: 'job', key: jobKey });
    const node = group && this.explorer.getChildren(group).find((child) => child.kind === 'job' && child.key === jobKey);
    if (!node) {
      return;
    }
    try {
      await this.view.reveal(node, { select: true, focus: false });
    } catch (error) {
      this.log.debug(`Revealing the job explorer failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.watch = this.view.onDidChangeVisibility((event) => {
      if (!event.visible) {
        this.stopWatching();
        void this.state.update(REVEAL_DECLINED_KEY, true);
        this.log.info('The job explorer was hidden after it was shown for a first query: it is not shown automatically again.');
      }
    });
  }

  dispose(): void {
    this.stopWatching();
  }

  private stopWatching(): void {
    this.watch?.dispose();
    this.watch = undefined;
  }
}
