import { readFile, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import type { TrackedJob } from '../jobs/trackedJob';
import { firstLine } from '../jobs/trackedJob';
import type { ResultStore } from '../results/resultStore';
import type { ResultView } from '../results/resultText';
import { RESULT_SCHEME, errorReportText, formatCount, fullResultTooLargeMessage, previewText, resultTitle } from '../results/resultText';
import type { StoredEntry, StoredError, StoredResult } from '../results/storedResult';
import { ReadOnlyFileSystem } from './readOnlyFileSystem';
import type { RenderedFile } from './readOnlyFileSystem';
import { describeCancel } from '../views/jobTreeItem';

/** Result tabs are served read-only from the stored copy by a {@link ReadOnlyFileSystem}. */
export { RESULT_SCHEME };

/** What VS Code says when someone types into a result tab. */
const READ_ONLY_REASON = 'A stored ArangoDB result is read-only, so it always shows what the server returned. To change it, copy the text into a new file.';

/**
 * The largest full result opened as text. The whole file travels from the extension host to the
 * editor and is held there as a text model; beyond this it is a tool's job. It is also where VS
 * Code in a browser (code-server) stops opening a resource that is not a local file and asks
 * first (`workbench.editorLargeFileConfirmation`'s default there, 1.139).
 */
const DEFAULT_MAX_TEXT_BYTES = 50 * 1024 * 1024;

const VIEWS: readonly ResultView[] = ['result', 'preview', 'full', 'error'];

/** The job and the view a result tab's URI stands for. */
export function parseResultUri(uri: vscode.Uri): { jobKey: string; view: ResultView } | undefined {
  if (uri.scheme !== RESULT_SCHEME) {
    return undefined;
  }
  const query = new URLSearchParams(uri.query);
  const jobKey = query.get('job');
  const view = VIEWS.find((candidate) => candidate === query.get('view'));
  return jobKey === null || jobKey === '' || view === undefined ? undefined : { jobKey, view };
}

function resultUri(jobKey: string, view: ResultView, title: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${title}`, query: new URLSearchParams({ job: jobKey, view }).toString() });
}

/** The file a view shows, when it shows one. */
function fileShown(entry: StoredEntry, view: ResultView): string | undefined {
  if (entry.kind === 'error') {
    return view === 'error' ? entry.path : undefined;
  }
  return view === 'preview' ? entry.previewPath : view === 'error' ? undefined : entry.path;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Opens a job's stored result (or stored error) in a read-only tab titled by its query and job
 * id, never by where it is stored. Everything shown comes from the copy on disk, so opening a
 * result again never asks the server for it. A tab whose stored result is deleted is closed.
 */
export class ResultEditor implements vscode.Disposable {
  /** The largest full result opened as text; larger ones are offered as a file instead. */
  maxTextBytes = DEFAULT_MAX_TEXT_BYTES;
  private readonly disposables: vscode.Disposable[];
  /** Tab closing runs one pass at a time, so two passes never close the same tab. */
  private closing: Promise<void> = Promise.resolve();

  constructor(
    private readonly results: ResultStore,
    private readonly jobs: JobStore,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(results.rootDir), '*'), true, true, false);
    this.disposables = [
      ReadOnlyFileSystem.register(RESULT_SCHEME, (uri) => this.render(uri), READ_ONLY_REASON),
      watcher,
      watcher.onDidDelete(() => this.closeTabsOfDeletedResults()),
      jobs.onDidChange((changes) => {
        if (changes.some((change) => change.kind === 'removed')) {
          this.closeTabsOfDeletedResults();
        }
      }),
    ];
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  /**
   * Opens the job's stored entry: all rows, the first rows of a large result (saying so in the
   * text), or the error report. Resolves to the editor, or undefined when nothing is stored.
   */
  async open(job: TrackedJob): Promise<vscode.TextEditor | undefined> {
    const entry = await this.results.get(job.key);
    if (!entry) {
      return undefined;
    }
    const title = firstLine(job.query);
    if (entry.kind === 'error') {
      return this.show(resultUri(job.key, 'error', resultTitle(title, job.id, 'error', job.state === 'cancelled' ? 'cancelled' : 'error')));
    }
    if (entry.kind === 'jsonl' && entry.previewPath !== undefined) {
      const detail = `first ${formatCount(entry.previewRows ?? 0)} of ${formatCount(entry.rows)} rows`;
      return this.show(resultUri(job.key, 'preview', resultTitle(title, job.id, 'preview', detail)));
    }
    return this.show(resultUri(job.key, 'result', resultTitle(title, job.id, 'result')));
  }

  /**
   * Opens every row of a stored result, read-only: a large result's JSON Lines file, or the
   * complete JSON of a small one. A file too large for an editor is offered to be revealed or
   * its path copied instead.
   */
  async openFull(job: TrackedJob): Promise<vscode.TextEditor | undefined> {
    const entry = await this.results.get(job.key);
    if (!entry || entry.kind === 'error') {
      void vscode.window.showInformationMessage(`ArangoDB: job ${job.id} has no stored rows to open.`);
      return undefined;
    }
    if (entry.kind === 'json') {
      return this.open(job);
    }
    if (entry.bytes > this.maxTextBytes) {
      await this.offerFile(job, entry);
      return undefined;
    }
    return this.show(resultUri(job.key, 'full', resultTitle(firstLine(job.query), job.id, 'full')));
  }

  private async offerFile(job: TrackedJob, entry: StoredResult): Promise<void> {
    // Reveal only works where the files are on the machine in front of the user.
    const local = vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop;
    const actions = local ? ['Reveal File', 'Copy Path'] : ['Copy Path'];
    const choice = await vscode.window.showWarningMessage(
      `ArangoDB: ${fullResultTooLargeMessage(job.id, entry.rows, entry.bytes, this.maxTextBytes)}`,
      ...actions,
    );
    if (choice === 'Reveal File') {
      await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(entry.path));
    } else if (choice === 'Copy Path') {
      await vscode.env.clipboard.writeText(entry.path);
      vscode.window.setStatusBarMessage(`$(copy) ArangoDB: copied the path of job ${job.id}'s full result`, 4000);
    }
  }

  private async show(uri: vscode.Uri): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }

  /** A result tab's file: the stored copy as it is, or a text made from it (the preview with its notice, the error report). */
  private async render(uri: vscode.Uri): Promise<RenderedFile | undefined> {
    const shown = parseResultUri(uri);
    const entry = shown === undefined ? undefined : await this.results.get(shown.jobKey);
    const file = entry === undefined || shown === undefined ? undefined : fileShown(entry, shown.view);
    const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
    if (shown === undefined || entry === undefined || file === undefined || info === undefined) {
      return undefined;
    }
    if (entry.kind !== 'error' && shown.view !== 'preview') {
      return { size: info.size, mtime: info.mtimeMs, read: () => readFile(file) };
    }
    const text = entry.kind === 'error' ? this.errorReport(shown.jobKey, entry) : previewText(await readFile(file, 'utf8'), entry.previewRows ?? 0, entry.rows);
    const bytes = Buffer.from(text, 'utf8');
    // The report also shows the job's record (its times, what a cancel did), which changes apart from the file.
    return { size: bytes.byteLength, mtime: Math.max(info.mtimeMs, this.jobs.get(shown.jobKey)?.finishedAt ?? 0), read: () => Promise.resolve(bytes) };
  }

  private errorReport(jobKey: string, entry: StoredError): string {
    const job = this.jobs.get(jobKey);
    const separator = jobKey.lastIndexOf('#');
    return errorReportText({
      jobId: job?.id ?? jobKey.slice(separator + 1),
      state: job?.state === 'cancelled' ? 'cancelled' : 'failed',
      errorNum: entry.errorNum,
      httpCode: entry.httpCode,
      message: entry.message,
      query: job?.query ?? (entry.query === '' ? undefined : entry.query),
      bindVars: job?.bindVars ?? entry.bindVars,
      database: entry.database,
      coordinator: job?.coordinator ?? jobKey.slice(0, Math.max(0, separator)),
      submittedAt: job?.submittedAt,
      finishedAt: job?.finishedAt,
      cancelNote: job?.state === 'cancelled' && job.cancelOutcome !== undefined ? describeCancel(job.cancelOutcome) : undefined,
    });
  }

  /** Closes every result tab whose stored file is gone (its job cleared with it, or the file deleted). */
  private closeTabsOfDeletedResults(): void {
    this.closing = this.closing.then(async () => {
      const gone: vscode.Tab[] = [];
      for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
        const shown = tab.input instanceof vscode.TabInputText ? parseResultUri(tab.input.uri) : undefined;
        if (shown !== undefined && !(await this.stillStored(shown.jobKey, shown.view))) {
          gone.push(tab);
        }
      }
      if (gone.length > 0) {
        await vscode.window.tabGroups.close(gone);
      }
      // A tab the user closed meanwhile is already gone: nothing is left to do for it.
    }).catch(() => undefined);
  }

  private async stillStored(jobKey: string, view: ResultView): Promise<boolean> {
    const entry = await this.results.get(jobKey);
    const file = entry === undefined ? undefined : fileShown(entry, view);
    return file !== undefined && (await exists(file));
  }
}
