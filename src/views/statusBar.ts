import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';

export interface ConnectionDescription {
  /** `root@http://127.0.0.1:8529 / _system`, or undefined when not connected. */
  label: string | undefined;
  /** True while TLS verification is switched off by `arangodb.tls.allowSelfSigned`. */
  insecureTls: boolean;
  /** URLs that get the password over plain http (HTTP Basic, not loopback); empty when none. */
  passwordInTheClear: readonly string[];
}

/** The pending-job count in the status bar; a click reveals the job explorer. */
export class JobStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('arangodb.pendingJobs', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private connection: ConnectionDescription = { label: undefined, insecureTls: false, passwordInTheClear: [] };

  constructor(private readonly store: JobStore) {
    this.item.name = 'ArangoDB Async Jobs';
    this.item.command = 'workbench.view.extension.arangodb';
    this.subscription = store.onDidChange(() => this.render());
    this.render();
    this.item.show();
  }

  setConnection(connection: ConnectionDescription): void {
    this.connection = connection;
    this.render();
  }

  /** What the item shows, for tests. */
  get text(): string {
    return this.item.text;
  }

  /** The tooltip's markdown, for tests. */
  get tooltipText(): string {
    const tooltip = this.item.tooltip;
    return typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '';
  }

  private render(): void {
    const pending = this.store.pendingCount;
    const icon = pending > 0 ? '$(sync~spin)' : '$(database)';
    const warning = this.connection.insecureTls || this.connection.passwordInTheClear.length > 0 ? '$(warning) ' : '';
    this.item.text = `${warning}${icon} ${pending} pending`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**ArangoDB async jobs**: ${pending} pending\n\n`);
    tooltip.appendMarkdown(this.connection.label ? `Connection: \`${this.connection.label}\`` : 'Not connected');
    if (this.connection.insecureTls) {
      tooltip.appendMarkdown('\n\n$(warning) TLS certificate verification is **off** (`arangodb.tls.allowSelfSigned`).');
    }
    if (this.connection.passwordInTheClear.length > 0) {
      tooltip.appendMarkdown(
        `\n\n$(warning) The password is sent **readable** over plain http to ${this.connection.passwordInTheClear.map((url) => `\`${url}\``).join(', ')}: use an \`https://\` URL or a JWT token.`,
      );
    }
    tooltip.supportThemeIcons = true;
    tooltip.appendMarkdown('\n\nClick to show the job explorer.');
    this.item.tooltip = tooltip;
    this.item.backgroundColor = this.connection.insecureTls ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const warnings = [
      this.connection.insecureTls ? 'TLS certificate verification is off' : '',
      this.connection.passwordInTheClear.length > 0 ? 'the password is sent over plain http' : '',
    ].filter((text) => text.length > 0);
    this.item.accessibilityInformation = { label: `ArangoDB: ${pending} jobs pending${warnings.map((text) => `; warning: ${text}`).join('')}` };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
