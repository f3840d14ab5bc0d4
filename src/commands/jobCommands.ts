import * as vscode from 'vscode';
import type { Services } from '../services';
import type { TrackedJob } from '../jobs/trackedJob';
import { firstLine } from '../jobs/trackedJob';
import { describeCancel } from '../views/jobTreeItem';
import type { JobNode } from '../views/jobTreeItem';
import { CommandId } from './commandIds';

/** The job a command was invoked on: a tree node, or a job key (tests and notifications pass keys). */
function jobFrom(services: Services, target: JobNode | string | undefined): TrackedJob | undefined {
  const key = typeof target === 'string' ? target : target?.kind === 'job' ? target.key : undefined;
  const job = key === undefined ? undefined : services.store.get(key);
  if (!job) {
    void vscode.window.showWarningMessage('ArangoDB: that job is no longer tracked.');
  }
  return job;
}

function isJobTarget(target: unknown): target is JobNode | string {
  return typeof target === 'string' || (typeof target === 'object' && target !== null && (target as { kind?: unknown }).kind === 'job');
}

/** Fetch Result, Open Full Result, Cancel Job, Clear Job, Clear Finished Jobs, Refresh Jobs, Copy Job ID. */
export function registerJobCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.fetchResult, (target?: JobNode | string) => fetchResult(services, target)),
    vscode.commands.registerCommand(CommandId.openFullResult, (target?: JobNode | string) => openFullResult(services, target)),
    // From the viewer's title bar VS Code passes its own argument, not a job: the viewer in front is meant then.
    vscode.commands.registerCommand(CommandId.openResultAsText, (target?: unknown) => openResultAsText(services, isJobTarget(target) ? target : services.resultViewer.activeJobKey())),
    vscode.commands.registerCommand(CommandId.cancelJob, (target?: JobNode | string) => cancelJob(services, target)),
    vscode.commands.registerCommand(CommandId.clearJob, (target?: JobNode | string) => clearJob(services, target)),
    vscode.commands.registerCommand(CommandId.clearFinishedJobs, () => clearFinishedJobs(services)),
    vscode.commands.registerCommand(CommandId.refreshJobs, () => refreshJobs(services)),
    vscode.commands.registerCommand(CommandId.copyJobId, (target?: JobNode | string) => copyJobId(services, target)),
  ];
}

/**
 * Opens the stored result in the result viewer, fetching it first (exactly once) if it is still
 * on the server; a failed or cancelled job's report opens as a text tab.
 */
export async function fetchResult(services: Services, target: JobNode | string | undefined): Promise<vscode.WebviewPanel | vscode.TextEditor | undefined> {
  const job = await storedJob(services, target);
  if (!job) {
    return undefined;
  }
  return (await services.resultViewer.open(job.key)) ?? services.resultEditor.open(job);
}

/** Opens the stored result as read-only JSON text (the tab result views had before the viewer), fetching it first if need be. */
export async function openResultAsText(services: Services, target: JobNode | string | undefined): Promise<vscode.TextEditor | undefined> {
  const job = await storedJob(services, target);
  return job ? services.resultEditor.open(job) : undefined;
}

/** Opens every row of a result whose tab shows only the first ones, fetching it first if need be. */
export async function openFullResult(services: Services, target: JobNode | string | undefined): Promise<vscode.TextEditor | undefined> {
  const job = await storedJob(services, target);
  return job ? services.resultEditor.openFull(job) : undefined;
}

/** The job with its result (or error) stored on this machine, or undefined after saying why not. */
async function storedJob(services: Services, target: JobNode | string | undefined): Promise<TrackedJob | undefined> {
  const job = jobFrom(services, target);
  if (!job) {
    return undefined;
  }
  if (!job.result) {
    try {
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `ArangoDB: fetching the result of job ${job.id}`, cancellable: false },
        () => services.actions.fetchResult(job.key),
      );
      if (outcome.kind === 'not-done') {
        void vscode.window.showInformationMessage(`ArangoDB: job ${job.id} is still running.`);
        return undefined;
      }
      if (outcome.kind === 'lost') {
        void vscode.window.showWarningMessage(`ArangoDB: job ${job.id} is lost. ${outcome.job.lostReason ?? ''}`);
        return undefined;
      }
    } catch (error) {
      services.errors.report(`Fetching the result of job ${job.id} failed`, error);
      return undefined;
    }
  }
  return services.store.get(job.key);
}

export async function cancelJob(services: Services, target: JobNode | string | undefined): Promise<void> {
  const job = jobFrom(services, target);
  if (!job) {
    return;
  }
  try {
    const outcome = await services.actions.cancel(job.key);
    // The one message about this cancel: the finish notice stays silent for a job cancelled here.
    services.log.info(`Cancel of job ${job.id} on ${job.coordinator}: ${describeCancel(outcome)}.`);
    void vscode.window.showInformationMessage(`ArangoDB: ${jobName(job)}: ${describeCancel(outcome)}.`);
    services.poller.wake();
  } catch (error) {
    services.errors.report(`Cancelling job ${job.id} failed`, error);
  }
}

/** Copies the server's job id, and says so (a clipboard write is otherwise invisible). */
export async function copyJobId(services: Services, target: JobNode | string | undefined): Promise<void> {
  const job = jobFrom(services, target);
  if (job) {
    await vscode.env.clipboard.writeText(job.id);
    vscode.window.setStatusBarMessage(`$(copy) ArangoDB: copied job ID ${job.id}`, 4000);
  }
}

/** A job as people recognise it: its number and the first line of its query. */
function jobName(job: TrackedJob): string {
  return `job ${job.id} (${firstLine(job.query)})`;
}

/*
 * In a modal dialog the first button is the default one, the one Enter presses: keeping the
 * stored result is that button, and dismissing the dialog (Escape) clears nothing at all.
 */
export const CLEAR_KEEP = 'Clear, Keep Stored Result';
export const CLEAR_DELETE = 'Clear and Delete Stored Result';
export const CLEAR_ALL_KEEP = 'Clear, Keep Stored Results';
export const CLEAR_ALL_DELETE = 'Clear and Delete Stored Results';

export async function clearJob(services: Services, target: JobNode | string | undefined): Promise<void> {
  const job = jobFrom(services, target);
  if (!job) {
    return;
  }
  let deleteStoredResults = false;
  if (job.result) {
    const choice = await vscode.window.showWarningMessage(
      `Clear ${jobName(job)}?`,
      { modal: true, detail: `Its result (${job.result.rows} ${job.result.rows === 1 ? 'row' : 'rows'}) is stored on this machine.` },
      CLEAR_KEEP,
      CLEAR_DELETE,
    );
    if (choice === undefined) {
      return;
    }
    deleteStoredResults = choice === CLEAR_DELETE;
  } else if (job.state === 'pending' || job.resultWaiting) {
    const choice = await vscode.window.showWarningMessage(
      `Clear ${jobName(job)}?`,
      {
        modal: true,
        detail:
          job.state === 'pending'
            ? 'It keeps running on the server, but its result will be discarded.'
            : 'Its result has not been fetched and will be deleted from the server.',
      },
      'Clear',
    );
    if (choice === undefined) {
      return;
    }
  }
  try {
    await services.actions.clear([job.key], { deleteStoredResults });
    services.log.info(`Cleared job ${job.id} on ${job.coordinator}${job.result ? (deleteStoredResults ? '; its stored result was deleted' : '; its stored result was kept') : ''}.`);
  } catch (error) {
    services.errors.report(`Clearing ${jobName(job)} failed`, error);
  }
}

export async function clearFinishedJobs(services: Services): Promise<void> {
  const finished = services.store.all().filter((job) => job.state !== 'pending');
  if (finished.length === 0) {
    void vscode.window.showInformationMessage('ArangoDB: there are no finished jobs to clear.');
    return;
  }
  const stored = finished.filter((job) => job.result).length;
  const waiting = finished.filter((job) => job.resultWaiting).length;
  const details = [
    stored > 0 ? `${stored} stored ${stored === 1 ? 'result' : 'results'} on this machine` : '',
    waiting > 0 ? `${waiting} unfetched ${waiting === 1 ? 'result' : 'results'} on the server will be deleted` : '',
  ].filter((text) => text.length > 0);
  const buttons = stored > 0 ? [CLEAR_ALL_KEEP, CLEAR_ALL_DELETE] : ['Clear'];
  const choice = await vscode.window.showWarningMessage(
    `Clear ${finished.length} finished ${finished.length === 1 ? 'job' : 'jobs'}?`,
    { modal: true, ...(details.length > 0 ? { detail: `${details.join('; ')}.` } : {}) },
    ...buttons,
  );
  if (choice === undefined) {
    return;
  }
  const deleteStoredResults = choice === CLEAR_ALL_DELETE;
  try {
    await services.actions.clear(finished.map((job) => job.key), { deleteStoredResults });
    services.log.info(`Cleared ${finished.length} finished ${finished.length === 1 ? 'job' : 'jobs'}${stored > 0 ? (deleteStoredResults ? '; stored results deleted' : '; stored results kept') : ''}.`);
  } catch (error) {
    services.errors.report('Clearing finished jobs failed', error);
  }
}

export async function refreshJobs(services: Services): Promise<void> {
  if (!services.connection.isConfigured) {
    return;
  }
  const report = await services.poller.refresh();
  for (const { coordinator, error } of report.unreachable) {
    services.errors.report(`Refreshing jobs on ${coordinator} failed`, error);
  }
}
