import * as vscode from 'vscode';
import { firstLine } from '../jobs/trackedJob';
import type { JobState, TrackedJob } from '../jobs/trackedJob';
import { formatDuration } from './format';

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

/** The tree's two kinds of node: a state group, and a job inside it. */
export type JobNode = { kind: 'group'; state: JobState } | { kind: 'job'; key: string };

/** `contextValue` of a job item; package.json's `view/item/context` menus match on it. */
export function jobContextValue(job: TrackedJob): string {
  return `job.${job.state}`;
}

export function groupTreeItem(state: JobState, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(GROUP_LABELS[state], vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${state}`;
  item.description = String(count);
  item.contextValue = `group.${state}`;
  return item;
}

export function jobTreeItem(job: TrackedJob, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(firstLine(job.query), vscode.TreeItemCollapsibleState.None);
  item.id = `job:${job.key}`;
  item.iconPath = STATE_ICONS[job.state];
  item.contextValue = jobContextValue(job);
  item.description = describe(job, now);
  item.tooltip = tooltip(job, now);
  item.accessibilityInformation = { label: `${GROUP_LABELS[job.state]} job ${job.id}: ${firstLine(job.query)}` };
  if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') {
    item.command = { command: 'arangodb.fetchResult', title: 'Fetch Result', arguments: [{ kind: 'job', key: job.key }] };
  }
  return item;
}

function elapsed(job: TrackedJob, now: number): string {
  const end = job.state === 'pending' ? now : job.finishedAt ?? now;
  return formatDuration(end - job.submittedAt);
}

function describe(job: TrackedJob, now: number): string {
  const parts = [job.database, elapsed(job, now), `#${job.id}`];
  if (job.state === 'pending' && job.cancelRequestedAt !== undefined) {
    parts.unshift('cancelling');
  }
  if (job.state === 'cancelled' && job.cancelOutcome !== undefined) {
    parts.unshift(job.cancelOutcome === 'job-cancelled-and-query-killed' ? 'running query killed' : 'query was not running');
  }
  if (job.state === 'done' && job.resultWaiting) {
    parts.unshift('result on server');
  }
  if (job.result && job.result.kind !== 'error') {
    parts.unshift(`${job.result.rows} ${job.result.rows === 1 ? 'row' : 'rows'}`);
  }
  if (job.error?.errorNum !== undefined && job.state === 'failed') {
    parts.unshift(`error ${job.error.errorNum}`);
  }
  return parts.join(' · ');
}

function tooltip(job: TrackedJob, now: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${GROUP_LABELS[job.state]}** · job \`${job.id}\`${job.origin === 'discovered' ? ' · found on the server' : ''}\n\n`);
  if (job.query !== undefined) {
    md.appendCodeblock(job.query, 'aql');
  }
  if (job.bindVars && Object.keys(job.bindVars).length > 0) {
    md.appendMarkdown('Bind parameters:\n');
    md.appendCodeblock(JSON.stringify(job.bindVars, null, 2), 'json');
  }
  const lines = [
    `Database: \`${job.database}\``,
    `Coordinator: \`${job.coordinator}\``,
    `Submitted: ${new Date(job.submittedAt).toLocaleString()}`,
  ];
  if (job.finishedAt !== undefined) {
    lines.push(`Finished: ${new Date(job.finishedAt).toLocaleString()} (${elapsed(job, now)})`);
  } else {
    lines.push(`Running for ${elapsed(job, now)}`);
  }
  if (job.cancelOutcome) {
    lines.push(`Cancel: ${describeCancel(job.cancelOutcome)}`);
  }
  if (job.result && job.result.kind !== 'error') {
    lines.push(`Result: ${job.result.rows} rows, ${job.result.bytes} bytes${job.result.kind === 'jsonl' ? ' (JSON Lines file)' : ''}`);
  }
  if (job.error) {
    lines.push(`Error${job.error.errorNum !== undefined ? ` ${job.error.errorNum}` : ''}: ${escape(job.error.message)}`);
  }
  if (job.lostReason) {
    lines.push(escape(job.lostReason));
  }
  md.appendMarkdown(lines.join('  \n'));
  const statistics = job.result?.statistics;
  if (statistics && Object.keys(statistics).length > 0) {
    md.appendMarkdown('\n\nStatistics:\n');
    md.appendCodeblock(JSON.stringify(statistics, null, 2), 'json');
  }
  return md;
}

export function describeCancel(outcome: NonNullable<TrackedJob['cancelOutcome']>): string {
  switch (outcome) {
    case 'job-cancelled':
      return 'the job was cancelled before its query was seen running';
    case 'job-cancelled-and-query-killed':
      return 'the job was cancelled and its running query was killed';
    case 'already-finished':
      return 'the job had already finished; its result is kept';
    case 'unknown-to-server':
      return 'the server no longer knows the job, so there was nothing to cancel';
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (match) => `\\${match}`);
}
