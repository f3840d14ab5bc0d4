import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import { JOB_STATES } from '../jobs/trackedJob';
import type { JobState, TrackedJob } from '../jobs/trackedJob';
import { JobNodes } from './jobNodes';
import type { JobNode } from './jobNodes';
import { groupTreeItem, jobTooltip, jobTreeItem } from './jobTreeItem';
import { Ticker } from './ticker';

const TICK_MS = 1000;

/** Where a pending job's "running on server: …" note comes from (the Server Activity view's running list). */
export interface JobServerNotes {
  jobNote(job: TrackedJob, now: number): string | undefined;
  readonly onDidChangeLinks: vscode.Event<void>;
}

/**
 * The "Async Jobs" tree: one group per non-empty state, newest job first. It only reads the job
 * store and redraws when the store changes, and, once a second while the view is visible, the
 * pending jobs' items, so their running times move.
 */
export class JobExplorer implements vscode.TreeDataProvider<JobNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobNode | JobNode[] | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly nodes = new JobNodes();
  private readonly ticker = new Ticker(TICK_MS, () => this.redrawPending());
  private visible = false;
  private serverNotes: JobServerNotes | undefined;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: JobStore) {
    this.subscriptions.push(
      this.changed,
      this.ticker,
      store.onDidChange(() => {
        this.nodes.retain(store.all().map((job) => job.key));
        this.refresh();
        this.updateTicker();
      }),
    );
  }

  /** Hooks the tree view so the running times tick only while someone can see them. */
  attach(view: vscode.TreeView<JobNode>): void {
    this.visible = view.visible;
    this.subscriptions.push(
      view.onDidChangeVisibility((event) => {
        const shown = event.visible && !this.visible;
        this.visible = event.visible;
        if (shown) {
          // The times stood still while the view was hidden.
          this.redrawPending();
        }
        this.updateTicker();
      }),
    );
    this.updateTicker();
  }

  /** Pending jobs whose query the server lists as running say so in their description and tooltip. */
  showServerNotes(notes: JobServerNotes): vscode.Disposable {
    this.serverNotes = notes;
    return notes.onDidChangeLinks(() => this.redrawPending());
  }

  /** Whether the once-a-second redraw of pending jobs is running (a visible view with a pending job). */
  get isTicking(): boolean {
    return this.ticker.isTicking;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: JobNode): vscode.TreeItem {
    if (node.kind === 'group') {
      return groupTreeItem(node.state, this.jobsIn(node.state).length);
    }
    const job = this.store.get(node.key);
    if (!job) {
      return new vscode.TreeItem('(cleared)');
    }
    const now = Date.now();
    const item = jobTreeItem(job, now);
    const note = job.state === 'pending' ? this.serverNotes?.jobNote(job, now) : undefined;
    if (note !== undefined) {
      item.description = `${note} · ${typeof item.description === 'string' ? item.description : ''}`;
    }
    return item;
  }

  /** The tooltip is made when it is shown, so "4 min ago" is true then, not when the item was drawn. */
  resolveTreeItem(item: vscode.TreeItem, node: JobNode): vscode.TreeItem {
    const job = node.kind === 'job' ? this.store.get(node.key) : undefined;
    if (job) {
      const now = Date.now();
      item.tooltip = jobTooltip(job, now);
      const note = job.state === 'pending' ? this.serverNotes?.jobNote(job, now) : undefined;
      if (note !== undefined) item.tooltip.appendMarkdown(`  \n${note[0]?.toUpperCase() ?? ''}${note.slice(1)} (Server Activity)`);
    }
    return item;
  }

  getChildren(node?: JobNode): JobNode[] {
    if (!node) {
      return JOB_STATES.filter((state) => this.jobsIn(state).length > 0).map((state) => this.nodes.group(state));
    }
    if (node.kind === 'group') {
      return this.jobsIn(node.state).map((job) => this.nodes.job(job.key));
    }
    return [];
  }

  getParent(node: JobNode): JobNode | undefined {
    if (node.kind === 'group') {
      return undefined;
    }
    const job = this.store.get(node.key);
    return job ? this.nodes.group(job.state) : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private jobsIn(state: JobState): TrackedJob[] {
    return this.store.byState(state).sort((a, b) => b.submittedAt - a.submittedAt);
  }

  private redrawPending(): void {
    const nodes = this.nodes.handedOut(this.store.byState('pending').map((job) => job.key));
    if (nodes.length > 0) {
      this.changed.fire(nodes);
    }
  }

  private updateTicker(): void {
    this.ticker.set(this.visible && this.store.pendingCount > 0);
  }
}
