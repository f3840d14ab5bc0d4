import * as vscode from 'vscode';
import { CommandId } from '../../commands/commandIds';
import type { JobStore } from '../../jobs/jobStore';
import { firstLine } from '../../jobs/trackedJob';
import { resultHeader } from '../../results/resultHeader';
import { ResultRequests } from '../../results/resultRequests';
import type { ResultStore } from '../../results/resultStore';
import { StoredRows } from '../../results/storedRows';
import type { ResultPageState, ResultRequest } from '../messages/resultMessages';
import { RESULT_VIEW_TYPE } from '../messages/resultMessages';
import { webviewHtml, webviewOptions } from '../webviewHtml';

/** One open viewer: its panel and, once the stored rows are open, the requests it answers. */
interface ViewerPanel {
  readonly panel: vscode.WebviewPanel;
  readonly requests: Promise<ResultRequests>;
}

/**
 * The result viewer: a read-only editor tab per job showing its stored result as a table, a JSON
 * tree, the raw text and (for edges and paths) a graph. Everything shown is read from the copy on
 * disk a page at a time, so reopening a result, also after a reload (the panel serializer), never
 * asks the server and never loads the file whole.
 */
export class ResultViewer implements vscode.Disposable, vscode.WebviewPanelSerializer<ResultPageState> {
  readonly #panels = new Map<string, ViewerPanel>();
  readonly #disposables: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly results: ResultStore,
    jobs: JobStore,
  ) {
    this.#disposables = [
      vscode.window.registerWebviewPanelSerializer(RESULT_VIEW_TYPE, this),
      jobs.onDidChange((changes) => {
        if (changes.some((change) => change.kind === 'removed')) void this.#closeViewersOfDeletedResults();
      }),
    ];
  }

  dispose(): void {
    for (const viewer of [...this.#panels.values()]) viewer.panel.dispose();
    for (const disposable of this.#disposables) disposable.dispose();
  }

  /**
   * Shows a job's stored result in its viewer, focusing the one already open. Resolves to the
   * panel, or undefined when the job has no stored rows (an error is shown as a text tab).
   */
  async open(jobKey: string): Promise<vscode.WebviewPanel | undefined> {
    const open = this.#panels.get(jobKey);
    if (open) {
      open.panel.reveal();
      return open.panel;
    }
    const entry = await this.results.get(jobKey);
    if (entry === undefined || entry.kind === 'error') return undefined;
    const panel = vscode.window.createWebviewPanel(RESULT_VIEW_TYPE, 'ArangoDB result', vscode.ViewColumn.Active, {
      ...webviewOptions(this.extensionUri),
    });
    this.#attach(panel, jobKey);
    return panel;
  }

  /** Restores a viewer VS Code kept open across a reload, from the stored result on disk. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: ResultPageState | undefined): Promise<void> {
    const jobKey = typeof state?.jobKey === 'string' ? state.jobKey : undefined;
    if (jobKey === undefined || this.#panels.has(jobKey)) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.#attach(panel, jobKey);
    await Promise.resolve();
  }

  /** The requests a job's open viewer answers (for the in-VS-Code tests and the benchmark). */
  requestsOf(jobKey: string): Promise<ResultRequests> | undefined {
    return this.#panels.get(jobKey)?.requests;
  }

  /** The job of the viewer in front, if one is (the toolbar's Open as JSON Text acts on it). */
  activeJobKey(): string | undefined {
    for (const [jobKey, viewer] of this.#panels) if (viewer.panel.active) return jobKey;
    return undefined;
  }

  /** The panel of a job's open viewer. */
  panelOf(jobKey: string): vscode.WebviewPanel | undefined {
    return this.#panels.get(jobKey)?.panel;
  }

  #attach(panel: vscode.WebviewPanel, jobKey: string): void {
    const requests = this.#openRequests(panel, jobKey);
    const viewer: ViewerPanel = { panel, requests };
    this.#panels.set(jobKey, viewer);
    const listeners = [
      panel.webview.onDidReceiveMessage((message: ResultRequest) => {
        requests.then(
          (opened) => opened.handle(message),
          (error: unknown) => {
            if (message.type === 'ready') void panel.webview.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
          },
        );
      }),
    ];
    panel.onDidDispose(() => {
      for (const listener of listeners) listener.dispose();
      if (this.#panels.get(jobKey) === viewer) this.#panels.delete(jobKey);
      void requests.then((opened) => opened.dispose(), () => undefined);
    });
    panel.webview.html = webviewHtml({ webview: panel.webview, extensionUri: this.extensionUri, bundle: 'result', title: 'ArangoDB result', withStyles: true });
  }

  async #openRequests(panel: vscode.WebviewPanel, jobKey: string): Promise<ResultRequests> {
    const entry = await this.results.get(jobKey);
    if (entry === undefined || entry.kind === 'error') throw new Error('This result is no longer stored on this machine: run the query again.');
    const rows = await StoredRows.open(entry);
    const header = resultHeader(entry, firstLine(entry.query));
    panel.title = header.title;
    return new ResultRequests(rows, header, jobKey, {
      post: (update) => void panel.webview.postMessage(update),
      writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
      exportResult: async (format) => {
        await vscode.commands.executeCommand(CommandId.exportResult, jobKey, format);
      },
      openAsText: async () => {
        await vscode.commands.executeCommand(CommandId.openResultAsText, jobKey);
      },
    });
  }

  async #closeViewersOfDeletedResults(): Promise<void> {
    for (const [jobKey, viewer] of [...this.#panels]) {
      if ((await this.results.get(jobKey)) === undefined) viewer.panel.dispose();
    }
  }
}
