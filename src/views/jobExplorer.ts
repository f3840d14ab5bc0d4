import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import { JOB_STATES } from '../jobs/trackedJob';
import type { JobState, TrackedJob } from '../jobs/trackedJob';
import { groupTreeItem, jobTreeItem } from './jobTreeItem';
import type { JobNode } from './jobTreeItem';

const TICK_MS = 1000;

/**
 * The "Async Jobs" tree: one group per non-empty state, newest job first. It only reads the job
 * store and redraws when the store changes (and once a second while a visible job is pending, so
 * elapsed times move).
 */
export class JobExplorer implements vscode.TreeDataProvider<JobNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobNode | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private visible = false;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: JobStore) {
    this.subscriptions.push(
      this.changed,
      store.onDidChange(() => {
        this.refresh();
        this.updateTicker();
      }),
    );
  }

  /** Hooks the tree view so the elapsed-time ticker runs only while someone can see it. */
  attach(view: vscode.TreeView<JobNode>): void {
    this.visible = view.visible;
    this.subscriptions.push(
      view.onDidChangeVisibility((event) => {
        this.visible = event.visible;
        this.updateTicker();
      }),
    );
    this.updateTicker();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: JobNode): vscode.TreeItem {
    const now = Date.now();
    if (node.kind === 'group') {
      return groupTreeItem(node.state, this.jobsIn(node.state).length);
    }
    const job = this.store.get(node.key);
    if (!job) {
      return new vscode.TreeItem('(cleared)');
    }
    return jobTreeItem(job, now);
  }

  getChildren(node?: JobNode): JobNode[] {
    if (!node) {
      return JOB_STATES.filter((state) => this.jobsIn(state).length > 0).map((state) => ({ kind: 'group', state }));
    }
    if (node.kind === 'group') {
      return this.jobsIn(node.state).map((job) => ({ kind: 'job', key: job.key }));
    }
    return [];
  }

  getParent(node: JobNode): JobNode | undefined {
    if (node.kind === 'group') {
      return undefined;
    }
    const job = this.store.get(node.key);
    return job ? { kind: 'group', state: job.state } : undefined;
  }

  dispose(): void {
    this.stopTicker();
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private jobsIn(state: JobState): TrackedJob[] {
    return this.store.byState(state).sort((a, b) => b.submittedAt - a.submittedAt);
  }

  private updateTicker(): void {
    if (this.visible && this.store.pendingCount > 0) {
      this.ticker ??= setInterval(() => this.changed.fire({ kind: 'group', state: 'pending' }), TICK_MS);
    } else {
      this.stopTicker();
    }
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
