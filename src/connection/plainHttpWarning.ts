import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import type { Settings } from '../config';
import { credentialsKey, passwordExposedTo } from './credentials';
import type { StoredSecret } from './credentials';

/**
 * Says, once per connection (server list and user) in this window, that the password is about to
 * travel in the clear, and keeps the URLs for the status bar's tooltip.
 */
export class PlainHttpWarning {
  private readonly warned = new Set<string>();
  /** The URLs of the current connection that get the password over plain http. */
  exposed: readonly string[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Checks the connection about to be opened with `secret`; warns the first time it exposes the password. */
  check(settings: Settings, secret: StoredSecret | undefined): void {
    this.exposed = passwordExposedTo(settings.urls, secret);
    const key = credentialsKey(settings);
    if (this.exposed.length === 0 || this.warned.has(key)) {
      return;
    }
    this.warned.add(key);
    const text = `The password of ${settings.username} is sent readable with every request to ${this.exposed.join(', ')} (plain http, not this machine). Use an https:// URL, or a JWT token instead of the password.`;
    this.log.warn(text);
    void vscode.window.showWarningMessage(`ArangoDB: ${text}`, 'Use a JWT Token').then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand(CommandId.setCredentials);
      }
    });
  }
}
