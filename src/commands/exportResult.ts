import * as vscode from 'vscode';
import * as path from 'node:path';
import type { TrackedJob } from '../jobs/trackedJob';
import { firstLine } from '../jobs/trackedJob';
import type { ExportFormat, ExportProgress, ExportSummary } from '../results/resultExport';
import { EXPORT_FORMATS, exportFileName, exportResult } from '../results/resultExport';
import type { StoredResult } from '../results/storedResult';
import { formatBytes, formatCount } from '../results/resultText';
import type { Services } from '../services';
import type { JobNode } from '../views/jobTreeItem';
import { CommandId } from './commandIds';

/**
 * What a caller may decide instead of the person: the format (the result viewer passes the one
 * its toolbar offered) and the target file (tests, which cannot answer a save dialog).
 */
export interface ExportChoices {
  readonly format?: ExportFormat;
  readonly target?: vscode.Uri;
}

const FORMAT_LABELS: Record<ExportFormat, { label: string; detail: string; filter: string }> = {
  csv: { label: 'CSV', detail: 'Columns as in the table, nested values as JSON, a header row', filter: 'CSV' },
  json: { label: 'JSON', detail: 'An array of the rows as the server sent them', filter: 'JSON' },
  jsonl: { label: 'JSON Lines', detail: 'One row per line, as the server sent it', filter: 'JSON Lines' },
};

/** Export Result…: the job explorer passes a node, the result viewer a job key and a format, the palette nothing. */
export function registerExportResult(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.exportResult, (target?: JobNode | string, choices?: ExportFormat | ExportChoices) =>
    exportJobResult(services, target, typeof choices === 'string' ? { format: choices } : (choices ?? {})),
  );
}

/**
 * Writes a job's whole stored result to a file the person picks, never running the query again;
 * resolves to what was written, or undefined when nothing was (cancelled, or it failed and said so).
 */
export async function exportJobResult(services: Services, target: JobNode | string | undefined, choices: ExportChoices): Promise<ExportSummary | undefined> {
  const job = await chooseJob(services, target);
  if (!job) return undefined;
  const stored = await storedResultOf(services, job);
  if (!stored) return undefined;
  const format = choices.format ?? (await chooseFormat());
  if (format === undefined) return undefined;
  if (!EXPORT_FORMATS.includes(format)) {
    void vscode.window.showErrorMessage(`ArangoDB: cannot export as "${String(format)}": the formats are ${EXPORT_FORMATS.join(', ')}.`);
    return undefined;
  }
  const targetUri = choices.target ?? (await chooseTarget(job, format));
  if (!targetUri) return undefined;
  if (targetUri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`ArangoDB: an export is written to a file on the machine that stores the result; ${targetUri.toString(true)} is not one.`);
    return undefined;
  }
  const targetName = path.basename(targetUri.fsPath);
  const controller = new AbortController();
  try {
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ArangoDB: exporting ${formatCount(stored.rows)} rows of job ${job.id} to ${targetName}`, cancellable: true },
      async (progress, token) => {
        const cancelled = token.onCancellationRequested(() => controller.abort());
        try {
          return await exportResult(stored, targetUri.fsPath, format, { signal: controller.signal, onProgress: progressReporter(format, progress) });
        } finally {
          cancelled.dispose();
        }
      },
    );
    services.log.info(`Exported ${summary.rows} rows of job ${job.id} as ${format} to ${targetUri.fsPath} (${summary.bytes} bytes).`);
    announce(summary, targetUri, targetName);
    return summary;
  } catch (error: unknown) {
    if (controller.signal.aborted) {
      void vscode.window.showInformationMessage(`ArangoDB: export of job ${job.id} cancelled; ${targetName} was not written.`);
      return undefined;
    }
    services.errors.report(`Exporting the result of job ${job.id} to ${targetUri.fsPath} failed`, error);
    return undefined;
  }
}

/** The job named by the caller, or one the person picks among the jobs with a stored result. */
async function chooseJob(services: Services, target: JobNode | string | undefined): Promise<TrackedJob | undefined> {
  if (target !== undefined) {
    const key = typeof target === 'string' ? target : target.kind === 'job' ? target.key : undefined;
    const job = key === undefined ? undefined : services.store.get(key);
    if (!job) void vscode.window.showWarningMessage('ArangoDB: that job is no longer tracked.');
    return job;
  }
  const candidates = services.store
    .all()
    .filter((job) => job.state === 'done' && job.result !== undefined && job.result.kind !== 'error')
    .sort((a, b) => (b.finishedAt ?? b.submittedAt) - (a.finishedAt ?? a.submittedAt));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('ArangoDB: no job has a stored result to export. Run a query, or fetch a done job\'s result first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((job) => ({
      label: firstLine(job.query),
      description: `job ${job.id} · ${formatCount(job.result?.rows ?? 0)} rows`,
      detail: `${job.database} on ${job.coordinator}`,
      job,
    })),
    { title: 'ArangoDB: Export Result', placeHolder: 'The job whose stored result to export', matchOnDescription: true },
  );
  return picked?.job;
}

/** The job's stored rows; a done job whose result still waits on the server is fetched (once) first. */
async function storedResultOf(services: Services, job: TrackedJob): Promise<StoredResult | undefined> {
  if (job.state !== 'done') {
    void vscode.window.showInformationMessage(`ArangoDB: job ${job.id} has no result to export (it is ${job.state}).`);
    return undefined;
  }
  try {
    if (!job.result && job.resultWaiting) {
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `ArangoDB: fetching the result of job ${job.id} to export it` },
        () => services.actions.fetchResult(job.key),
      );
      if (outcome.kind !== 'stored') {
        void vscode.window.showWarningMessage(`ArangoDB: job ${job.id} has no result to export (it is ${outcome.job.state}).`);
        return undefined;
      }
    }
    const entry = await services.results.get(job.key);
    if (entry === undefined || entry.kind === 'error') {
      void vscode.window.showWarningMessage(`ArangoDB: the result of job ${job.id} is not stored on this machine, so there is nothing to export.`);
      return undefined;
    }
    return entry;
  } catch (error: unknown) {
    services.errors.report(`Reading the stored result of job ${job.id} failed`, error);
    return undefined;
  }
}

async function chooseFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((format) => ({ label: FORMAT_LABELS[format].label, detail: FORMAT_LABELS[format].detail, format })),
    { title: 'ArangoDB: Export Result', placeHolder: 'Export every stored row as' },
  );
  return picked?.format;
}

function chooseTarget(job: TrackedJob, format: ExportFormat): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = exportFileName(firstLine(job.query), job.id, format);
  return vscode.window.showSaveDialog({
    title: `Export the result of job ${job.id}`,
    saveLabel: 'Export',
    filters: { [FORMAT_LABELS[format].filter]: [format], 'All files': ['*'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
}

/**
 * Turns the export's byte counts into the notification's increments. CSV reads the file twice
 * (its columns first): that pass is a scan without writing, so it gets a quarter of the bar.
 */
function progressReporter(format: ExportFormat, progress: vscode.Progress<{ message?: string; increment?: number }>): (update: ExportProgress) => void {
  let shown = 0;
  return ({ phase, bytesRead, totalBytes }) => {
    const fraction = totalBytes === 0 ? 1 : bytesRead / totalBytes;
    const percent = format !== 'csv' ? fraction * 100 : phase === 'columns' ? fraction * 25 : 25 + fraction * 75;
    const message = phase === 'columns' ? 'finding the columns' : `${formatBytes(bytesRead)} of ${formatBytes(totalBytes)} read`;
    progress.report({ message, increment: Math.max(0, percent - shown) });
    shown = Math.max(shown, percent);
  };
}

/** Says what was written, with a way to look at it (not awaited: the command is done). */
function announce(summary: ExportSummary, target: vscode.Uri, name: string): void {
  const open = 'Open';
  const reveal = 'Reveal';
  const rows = `${formatCount(summary.rows)} ${summary.rows === 1 ? 'row' : 'rows'}`;
  void vscode.window.showInformationMessage(`ArangoDB: exported ${rows} (${formatBytes(summary.bytes)}) to ${name}.`, open, reveal).then((choice) => {
    if (choice === open) void vscode.commands.executeCommand('vscode.open', target);
    // The OS file manager exists only where the window runs on the file's machine.
    else if (choice === reveal) void vscode.commands.executeCommand(vscode.env.remoteName === undefined ? 'revealFileInOS' : 'revealInExplorer', target);
  });
}
