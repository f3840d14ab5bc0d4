import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import { firstLine } from '../jobs/trackedJob';
import { groupByDay, matchesFilter } from '../history/historyStore';
import type { HistoryEntry, HistoryOutcome, HistoryStore } from '../history/historyStore';
import { historyDescription, historySource, historyTooltipLines } from '../history/historyText';

/** A day group or one entry of the History view; entries are named by their job key. */
export type HistoryNode = { readonly kind: 'day'; readonly dayStart: number } | { readonly kind: 'entry'; readonly jobKey: string };

/** Set while a filter is active, so the view's title shows *Clear History Filter* instead of *Filter History*. */
const FILTERED_CONTEXT = 'arangodb.historyFiltered';

const OUTCOME_ICONS: Record<HistoryOutcome, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('sync~spin'),
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
  lost: new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground')),
};

/**
 * The History tree: entries grouped by day (Today and Yesterday open, older days closed), newest
 * first, narrowed by a filter whose words all have to match. It reads the history store and the
 * job store (which entries still have a result to open) and redraws when either changes.
 */
export class HistoryView implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  readonly #changed = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly #subscriptions: vscode.Disposable[] = [];
  /** One node object per day and per entry, so a reveal finds what the tree holds. */
  readonly #days = new Map<number, HistoryNode>();
  readonly #entries = new Map<string, HistoryNode>();
  #filter = '';
  #view: vscode.TreeView<HistoryNode> | undefined;

  readonly onDidChangeTreeData = this.#changed.event;

  constructor(
    private readonly history: HistoryStore,
    private readonly jobs: JobStore,
  ) {
    this.#subscriptions.push(
      this.#changed,
      history.onDidChange(() => {
        const kept = new Set(history.entries().map((entry) => entry.jobKey));
        for (const key of this.#entries.keys()) if (!kept.has(key)) this.#entries.delete(key);
        this.refresh();
      }),
      jobs.onDidChange((changes) => {
        // Only a job coming or going changes whether an entry's result can be opened; outcomes arrive through the history.
        if (changes.some((change) => change.kind !== 'updated' || change.previous?.state !== change.job.state)) this.refresh();
      }),
    );
    void vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, false);
  }

  /** Hooks the tree view, whose description shows the active filter. */
  attach(view: vscode.TreeView<HistoryNode>): void {
    this.#view = view;
    this.#showFilter();
  }

  get filter(): string {
    return this.#filter;
  }

  setFilter(filter: string): void {
    this.#filter = filter.trim();
    this.#showFilter();
    void vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, this.#filter !== '');
    this.refresh();
  }

  refresh(): void {
    this.#changed.fire(undefined);
  }

  /** The entries shown now (the filter applied), newest first. */
  visibleEntries(): HistoryEntry[] {
    return this.history.entries().filter((entry) => matchesFilter(entry, this.#filter));
  }

  /** Whether *Open Result* can open the entry's result: its job is still tracked and has ended. */
  hasResult(entry: HistoryEntry): boolean {
    const job = this.jobs.get(entry.jobKey);
    return job !== undefined && (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled');
  }

  getChildren(node?: HistoryNode): HistoryNode[] {
    const days = groupByDay(this.visibleEntries(), Date.now());
    if (node === undefined) {
      return days.map((day) => this.#dayNode(day.dayStart));
    }
    if (node.kind === 'entry') {
      return [];
    }
    const day = days.find((candidate) => candidate.dayStart === node.dayStart);
    return (day?.entries ?? []).map((entry) => this.#entryNode(entry.jobKey));
  }

  getParent(node: HistoryNode): HistoryNode | undefined {
    if (node.kind === 'day') return undefined;
    const entry = this.history.get(node.jobKey);
    if (entry === undefined) return undefined;
    const day = groupByDay([entry], Date.now())[0];
    return day === undefined ? undefined : this.#dayNode(day.dayStart);
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'day') {
      const day = groupByDay(this.visibleEntries(), Date.now()).find((candidate) => candidate.dayStart === node.dayStart);
      const label = day?.label ?? new Date(node.dayStart).toDateString();
      const recent = label === 'Today' || label === 'Yesterday';
      const item = new vscode.TreeItem(label, recent ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `day:${node.dayStart}`;
      item.description = String(day?.entries.length ?? 0);
      item.contextValue = 'history.day';
      return item;
    }
    const entry = this.history.get(node.jobKey);
    if (entry === undefined) {
      return new vscode.TreeItem('(deleted)');
    }
    const item = new vscode.TreeItem(firstLine(entry.query), vscode.TreeItemCollapsibleState.None);
    item.id = `history:${entry.jobKey}`;
    item.iconPath = OUTCOME_ICONS[entry.outcome];
    item.description = historyDescription(entry);
    item.contextValue = this.hasResult(entry) ? 'history.entry.result' : 'history.entry';
    const source = historySource(entry);
    item.accessibilityInformation = { label: `${entry.outcome} query${source === undefined ? '' : ` from ${source}`}: ${firstLine(entry.query)}, ${historyDescription(entry)}` };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: HistoryNode): vscode.TreeItem {
    const entry = node.kind === 'entry' ? this.history.get(node.jobKey) : undefined;
    if (entry !== undefined) {
      item.tooltip = historyTooltip(entry);
    }
    return item;
  }

  dispose(): void {
    for (const subscription of this.#subscriptions) subscription.dispose();
  }

  #dayNode(dayStart: number): HistoryNode {
    let node = this.#days.get(dayStart);
    if (node === undefined) {
      node = { kind: 'day', dayStart };
      this.#days.set(dayStart, node);
    }
    return node;
  }

  #entryNode(jobKey: string): HistoryNode {
    let node = this.#entries.get(jobKey);
    if (node === undefined) {
      node = { kind: 'entry', jobKey };
      this.#entries.set(jobKey, node);
    }
    return node;
  }

  #showFilter(): void {
    if (this.#view !== undefined) {
      this.#view.description = this.#filter === '' ? '' : `filter: ${this.#filter}`;
    }
  }
}

export function historyTooltip(entry: HistoryEntry): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendCodeblock(entry.query, 'aql');
  if (entry.bindVars !== undefined) {
    md.appendMarkdown('Bind parameters:\n');
    md.appendCodeblock(JSON.stringify(entry.bindVars, null, 2), 'json');
  }
  if (entry.options !== undefined && Object.keys(entry.options).length > 0) {
    md.appendMarkdown('Options:\n');
    md.appendCodeblock(JSON.stringify(entry.options, null, 2), 'json');
  }
  md.appendMarkdown(historyTooltipLines(entry).join('  \n'));
  return md;
}
