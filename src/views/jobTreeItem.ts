import * as vscode from 'vscode';
import { firstLine } from '../jobs/trackedJob';
import type { JobState, TrackedJob } from '../jobs/trackedJob';
import { formatClockTime, formatSource } from './format';
import type { JobNode } from './jobNodes';
import { jobDescription, tooltipHeader, tooltipLines } from './jobText';

export type { JobNode } from './jobNodes';
export { describeCancel } from './jobText';

export const GROUP_LABELS: Record<JobState, string> = {
  pending: 'Pending',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  lost: 'Lost',
};

const STATE_ICONS: Record<JobState, vscode.ThemeIcon> = {
  pending: new vscode.ThemeIcon('sync~spin'),
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash'),
  lost: new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground')),
};

/** `contextValue` of a job item; package.json's `view/item/context` menus match on it. */
export function jobContextValue(job: TrackedJob): string {
  if (job.state !== 'done') {
    return `job.${job.state}`;
  }
  // A large result's tab shows only its first rows: `.cut` offers Open Full Result as well;
  // `.profile` (always last) offers Show Profile.
  return `job.done${job.result?.kind === 'jsonl' ? '.cut' : ''}${job.result?.profiled === true ? '.profile' : ''}`;
}

export function groupTreeItem(state: JobState, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(GROUP_LABELS[state], vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${state}`;
  item.description = String(count);
  item.contextValue = `group.${state}`;
  return item;
}

/**
 * A job's item: the query's first line as the label; what happened, its times and where and when
 * it was submitted as the description. The tooltip is left to {@link jobTooltip} when it is shown.
 */
export function jobTreeItem(job: TrackedJob, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(firstLine(job.query), vscode.TreeItemCollapsibleState.None);
  item.id = `job:${job.key}`;
  item.iconPath = STATE_ICONS[job.state];
  item.contextValue = jobContextValue(job);
  item.description = jobDescription(job, now);
  const source = formatSource(job.documentUri, job.queryStart);
  const submitted = `${source === undefined ? '' : ` from ${source}`} at ${formatClockTime(job.submittedAt, now)}`;
  item.accessibilityInformation = { label: `${GROUP_LABELS[job.state]} job ${job.id}${submitted}: ${firstLine(job.query)}` };
  if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') {
    item.command = { command: 'arangodb.fetchResult', title: 'Fetch Result', arguments: [{ kind: 'job', key: job.key } satisfies JobNode] };
  }
  return item;
}

export function jobTooltip(job: TrackedJob, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`${tooltipHeader(job, GROUP_LABELS[job.state])}\n\n`);
  if (job.query !== undefined) {
    md.appendCodeblock(job.query, 'aql');
  }
  if (job.bindVars && Object.keys(job.bindVars).length > 0) {
    md.appendMarkdown('Bind parameters:\n');
    md.appendCodeblock(JSON.stringify(job.bindVars, null, 2), 'json');
  }
  md.appendMarkdown(tooltipLines(job, now).join('  \n'));
  const statistics = job.result?.statistics;
  if (statistics && Object.keys(statistics).length > 0) {
    md.appendMarkdown('\n\nStatistics:\n');
    md.appendCodeblock(JSON.stringify(statistics, null, 2), 'json');
  }
  return md;
}
