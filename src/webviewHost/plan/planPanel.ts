import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PlanDocument, PlanHostMessage, PlanPageMessage } from '../messages/planMessages';

/** What the page last said it drew. */
export interface RenderedPlan {
  readonly plan: number;
  readonly rows: number;
}

/**
 * One plan view tab. It keeps the document it shows and sends it again whenever the page
 * (re)loads: VS Code drops a hidden webview's page, and the page asks again with `ready`.
 */
export class PlanPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private document: PlanDocument | undefined;
  private pending: PlanHostMessage | undefined;
  private pageReady = false;
  private isDisposed = false;
  private readonly rendered = new vscode.EventEmitter<RenderedPlan>();
  private readonly disposed = new vscode.EventEmitter<void>();
  /** The page drew a document. */
  readonly onDidRender = this.rendered.event;
  readonly onDidDispose = this.disposed.event;
  lastRendered: RenderedPlan | undefined;

  constructor(
    extensionUri: vscode.Uri,
    title: string,
    column: vscode.ViewColumn,
    preserveFocus: boolean,
    private readonly onAllPlans: (on: boolean) => void,
  ) {
    this.panel = vscode.window.createWebviewPanel('arangodb.plan', title, { viewColumn: column, preserveFocus }, webviewOptions(extensionUri));
    this.panel.webview.html = webviewHtml({ webview: this.panel.webview, extensionUri, bundle: 'plan', title, withStyles: true });
    this.subscriptions.push(
      this.panel.webview.onDidReceiveMessage((message: PlanPageMessage) => this.receive(message)),
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) {
          this.pageReady = false;
        }
      }),
    );
  }

  get shown(): PlanDocument | undefined {
    return this.document;
  }

  show(document: PlanDocument): void {
    this.document = document;
    this.panel.title = document.title;
    this.post({ type: 'show', document });
  }

  /** Says on the page what is under way (a re-explain), or what failed. */
  tell(message: Extract<PlanHostMessage, { type: 'busy' | 'failed' }>): void {
    this.post(message);
  }

  reveal(column: vscode.ViewColumn, preserveFocus: boolean): void {
    this.panel.reveal(column, preserveFocus);
  }

  private post(message: PlanHostMessage): void {
    if (!this.pageReady) {
      this.pending = message.type === 'show' ? message : this.pending;
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(message: PlanPageMessage): void {
    switch (message.type) {
      case 'ready':
        this.pageReady = true;
        if (this.document !== undefined) {
          void this.panel.webview.postMessage({ type: 'show', document: this.document } satisfies PlanHostMessage);
        } else if (this.pending !== undefined) {
          void this.panel.webview.postMessage(this.pending);
        }
        this.pending = undefined;
        return;
      case 'rendered':
        this.lastRendered = { plan: message.plan, rows: message.rows };
        this.rendered.fire(this.lastRendered);
        return;
      case 'allPlans':
        this.onAllPlans(message.on);
        return;
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.dispose();
    }
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.rendered.dispose();
  }
}
