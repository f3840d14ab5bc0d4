import * as vscode from 'vscode';
import type { RunningQuery } from '../client/aql';
import { errorLine } from '../jobs/errorLine';
import type { JobStore } from '../jobs/jobStore';
import { SERVER_QUERY_LISTS } from '../jobs/serverActivityPoller';
import type { ServerActivityPoller, ServerQueryList } from '../jobs/serverActivityPoller';
import { NO_LINKS, linkJobsToQueries } from '../jobs/serverQueryLinks';
import type { JobQueryLinks } from '../jobs/serverQueryLinks';
import { firstLine } from '../jobs/trackedJob';
import type { TrackedJob } from '../jobs/trackedJob';
import { LIST_LABELS, SERVER_CONTEXT, jobServerNote, queryDescription, queryTooltipLines } from './serverActivityText';
import { Ticker } from './ticker';

/** A list's group, one of the server's queries in it, or the one line saying why it shows none. */
export type ServerActivityNode =
  | { readonly kind: 'serverList'; readonly list: ServerQueryList }
  | { readonly kind: 'serverQuery'; readonly list: ServerQueryList; readonly id: string }
  | { readonly kind: 'serverNote'; readonly list: ServerQueryList };

const TICK_MS = 1000;

/**
 * The "Server Activity" tree: the server's running and slow queries of the current database, each
 * list read by the {@link ServerActivityPoller} only while its group is expanded and the view is
 * visible. Our own pending jobs' queries are linked to their jobs (see `linkJobsToQueries`): the
 * running list marks them `= job N`, and the job explorer's items say they run on the server.
 */
export class ServerActivityTree implements vscode.TreeDataProvider<ServerActivityNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ServerActivityNode | undefined>();
  private readonly linksChanged = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.linksChanged];
  private readonly listNodes = new Map<ServerQueryList, ServerActivityNode>();
  private readonly noteNodes = new Map<ServerQueryList, ServerActivityNode>();
  /** One node object per query for as long as it is listed: VS Code finds tree elements by identity. */
  private readonly queryNodes = new Map<string, ServerActivityNode>();
  private readonly ticker = new Ticker(TICK_MS, () => this.changed.fire(this.listNode('running')));
  private currentLinks: JobQueryLinks = NO_LINKS;
  private visible = false;
  /** Whether the groups were last handed out (there is no connection: an empty tree shows the welcome content). */
  private groupsShown = false;

  readonly onDidChangeTreeData = this.changed.event;
  /** Fires when which jobs run on the server (or their run times as read) changed. */
  readonly onDidChangeLinks = this.linksChanged.event;

  constructor(
    private readonly poller: ServerActivityPoller,
    private readonly store: JobStore,
  ) {
    for (const list of SERVER_QUERY_LISTS) {
      this.listNodes.set(list, { kind: 'serverList', list });
      this.noteNodes.set(list, { kind: 'serverNote', list });
    }
    this.subscriptions.push(
      this.ticker,
      poller,
      poller.onDidChange((list) => this.listChanged(list)),
      store.onDidChange(() => this.relink()),
    );
  }

  /** Hooks the tree view: expanding, collapsing and showing it decide what the poller reads. */
  attach(view: vscode.TreeView<ServerActivityNode>): void {
    this.subscriptions.push(
      view.onDidExpandElement(({ element }) => element.kind === 'serverList' && this.poller.setExpanded(element.list, true)),
      view.onDidCollapseElement(({ element }) => element.kind === 'serverList' && this.poller.setExpanded(element.list, false)),
      view.onDidChangeVisibility(({ visible }) => this.setVisible(visible)),
    );
    this.setVisible(view.visible);
  }

  /** The server's entry behind a query node, as last read. */
  query(node: ServerActivityNode | undefined): RunningQuery | undefined {
    if (node?.kind !== 'serverQuery') return undefined;
    return this.entries(node.list).find((query) => query.id === node.id);
  }

  /** The note the job explorer shows on a pending job whose query is running on the server. */
  jobNote(job: TrackedJob, now: number): string | undefined {
    const query = this.currentLinks.queryOfJob.get(job.key);
    const reading = this.poller.reading('running');
    return query && reading.kind !== 'unread' ? jobServerNote(query, reading.readAt, now) : undefined;
  }

  getTreeItem(node: ServerActivityNode): vscode.TreeItem {
    switch (node.kind) {
      case 'serverList':
        return this.listItem(node.list);
      case 'serverNote':
        return this.noteItem(node.list);
      case 'serverQuery':
        return this.queryItem(node);
    }
  }

  getChildren(node?: ServerActivityNode): ServerActivityNode[] {
    if (!node) {
      this.groupsShown = this.poller.isConnected;
      return this.groupsShown ? SERVER_QUERY_LISTS.map((list) => this.listNode(list)) : [];
    }
    if (node.kind !== 'serverList') {
      return [];
    }
    const queries = this.entries(node.list);
    const children = queries.map((query) => this.queryNode(node.list, query.id));
    const reading = this.poller.reading(node.list);
    return reading.kind === 'read' && queries.length > 0 ? children : [this.noteNodes.get(node.list) ?? node, ...children];
  }

  getParent(node: ServerActivityNode): ServerActivityNode | undefined {
    return node.kind === 'serverList' ? undefined : this.listNode(node.list);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private setVisible(visible: boolean): void {
    this.visible = visible;
    this.poller.setVisible(visible);
    this.updateTicker();
  }

  private listChanged(list: ServerQueryList): void {
    const listed = new Set(SERVER_QUERY_LISTS.flatMap((each) => this.entries(each).map((query) => `${each}:${query.id}`)));
    for (const key of this.queryNodes.keys()) {
      if (!listed.has(key)) this.queryNodes.delete(key);
    }
    if (list === 'running') {
      this.relink();
    }
    this.updateTicker();
    this.changed.fire(this.groupsShown === this.poller.isConnected ? this.listNode(list) : undefined);
  }

  private relink(): void {
    const links = linkJobsToQueries(this.entries('running'), this.store.byState('pending'));
    const before = this.currentLinks;
    this.currentLinks = links;
    if (before.queryOfJob.size > 0 || links.queryOfJob.size > 0) {
      this.linksChanged.fire();
    }
  }

  /** Running times move between reads while someone sees a running query. */
  private updateTicker(): void {
    this.ticker.set(this.visible && this.poller.isPolling('running') && this.entries('running').length > 0);
  }

  private entries(list: ServerQueryList): readonly RunningQuery[] {
    const reading = this.poller.reading(list);
    return reading.kind === 'unread' ? [] : reading.queries;
  }

  private listNode(list: ServerQueryList): ServerActivityNode {
    return this.listNodes.get(list) ?? { kind: 'serverList', list };
  }

  private queryNode(list: ServerQueryList, id: string): ServerActivityNode {
    const key = `${list}:${id}`;
    let node = this.queryNodes.get(key);
    if (!node) {
      node = { kind: 'serverQuery', list, id };
      this.queryNodes.set(key, node);
    }
    return node;
  }

  private listItem(list: ServerQueryList): vscode.TreeItem {
    const item = new vscode.TreeItem(LIST_LABELS[list], vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `serverList:${list}`;
    item.contextValue = SERVER_CONTEXT.list(list);
    item.iconPath = new vscode.ThemeIcon(list === 'running' ? 'server-process' : 'history');
    const reading = this.poller.reading(list);
    if (reading.kind !== 'unread') {
      item.description = reading.kind === 'failed' ? 'cannot read' : String(reading.queries.length);
    }
    item.tooltip = `The server's ${list === 'running' ? 'running' : 'slow'} queries of this database, read every polling interval (arangodb.polling.intervalMs) while this group is expanded and the view is visible.`;
    return item;
  }

  private noteItem(list: ServerQueryList): vscode.TreeItem {
    const reading = this.poller.reading(list);
    let text: string;
    if (reading.kind === 'failed') {
      text = `Cannot read: ${errorLine(reading.error)}`;
    } else if (reading.kind === 'unread') {
      text = this.poller.isPolling(list) ? 'Reading…' : 'Read while this group is expanded and the view visible';
    } else {
      text = list === 'running' ? 'No query is running' : 'No slow query recorded';
    }
    const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
    item.id = `serverNote:${list}`;
    item.contextValue = 'serverNote';
    if (reading.kind === 'failed') {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.tooltip = text;
    }
    return item;
  }

  private queryItem(node: ServerActivityNode & { kind: 'serverQuery' }): vscode.TreeItem {
    const query = this.query(node);
    const reading = this.poller.reading(node.list);
    if (!query || reading.kind === 'unread') {
      return new vscode.TreeItem('(no longer listed)');
    }
    const now = Date.now();
    const jobKey = node.list === 'running' ? this.currentLinks.jobOfQuery.get(query.id) : undefined;
    const job = jobKey === undefined ? undefined : this.store.get(jobKey);
    const item = new vscode.TreeItem(firstLine(query.query), vscode.TreeItemCollapsibleState.None);
    item.id = `serverQuery:${node.list}:${query.id}`;
    item.contextValue = SERVER_CONTEXT.query(node.list, job !== undefined);
    item.description = queryDescription(query, node.list, reading.readAt, now, job);
    item.iconPath =
      node.list === 'running'
        ? new vscode.ThemeIcon('sync~spin')
        : query.exitCode !== undefined && query.exitCode !== 0
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : new vscode.ThemeIcon('watch');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendCodeblock(query.query, 'aql');
    if (Object.keys(query.bindVars).length > 0) {
      tooltip.appendMarkdown('Bind parameters:\n');
      tooltip.appendCodeblock(JSON.stringify(query.bindVars, null, 2), 'json');
    }
    tooltip.appendMarkdown(queryTooltipLines(query, node.list, reading.readAt, now, job).join('  \n'));
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `${node.list === 'running' ? 'Running' : 'Slow'} query ${query.id}: ${firstLine(query.query)}, ${item.description}` };
    return item;
  }
}
