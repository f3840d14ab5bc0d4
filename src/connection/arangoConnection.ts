import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { ArangoClient } from '../client';
import type { Credentials, Database, RequestEvent } from '../client';
import { ClientSession } from '../jobs/clientSession';
import { readSettings } from '../config';
import type { Settings } from '../config';
import type { JobConnection } from '../jobs/jobActions';
import type { JobLists } from '../jobs/poller';
import type { ConnectionDescription } from '../views/statusBar';
import { credentialsKey, parseStoredSecret } from './credentials';
import type { StoredSecret } from './credentials';

interface Live {
  settings: Settings;
  session: ClientSession;
}

/**
 * The one connection to ArangoDB, built from settings and the secret in SecretStorage, and rebuilt
 * when either changes. Everything that talks to the server gets its client from here.
 */
export class ArangoConnection implements JobConnection, JobLists, vscode.Disposable {
  private live: Live | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('arangodb')) {
          void this.reload();
        }
      }),
      secrets.onDidChange((event) => {
        if (this.live && event.key === credentialsKey(this.live.settings)) {
          void this.reload();
        }
      }),
    );
  }

  get isConfigured(): boolean {
    return this.live !== undefined;
  }

  get settings(): Settings {
    return this.live?.settings ?? readSettings();
  }

  /**
   * Reads settings and the stored secret again and replaces the client. Reloads run one after
   * another, so a burst of setting changes never leaves a replaced client open.
   */
  reload(): Promise<void> {
    const next = this.reloading.then(() => this.replaceClient());
    this.reloading = next.catch(() => undefined);
    return next;
  }

  private async replaceClient(): Promise<void> {
    const settings = readSettings();
    const previous = this.live;
    this.live = undefined;
    try {
      if (settings.urls.length > 0) {
        this.live = await this.connect(settings);
      }
    } catch (error) {
      this.log.error(`Cannot use the connection settings: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(`ArangoDB: cannot use the connection settings: ${error instanceof Error ? error.message : String(error)}`);
    }
    await vscode.commands.executeCommand('setContext', 'arangodb.connected', this.live !== undefined);
    this.changed.fire();
    if (previous) {
      await previous.session.client.close().catch(() => undefined);
    }
  }

  /** The secret for the current URL and user. */
  async storeSecret(secret: StoredSecret): Promise<void> {
    await this.secrets.store(credentialsKey(readSettings()), JSON.stringify(secret));
  }

  // JobConnection
  get database(): string {
    return this.settings.database;
  }

  databaseHandle(name: string): Database {
    return this.requireLive().session.databaseHandle(name);
  }

  knows(coordinator: string): boolean {
    return this.live?.session.knows(coordinator) ?? false;
  }

  // JobLists
  coordinators(): readonly string[] {
    return this.live?.session.coordinators() ?? [];
  }

  list(coordinator: string, status: 'pending' | 'done', count: number, signal: AbortSignal): Promise<string[]> {
    return this.requireLive().session.list(coordinator, status, count, signal);
  }

  describe(): ConnectionDescription {
    const settings = this.settings;
    return {
      label: this.live ? `${settings.username}@${settings.urls.join(', ')} / ${settings.database}` : undefined,
      insecureTls: this.live !== undefined && settings.tls.allowSelfSigned,
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    const live = this.live;
    this.live = undefined;
    void live?.session.client.close().catch(() => undefined);
  }

  private async connect(settings: Settings): Promise<Live> {
    const secret = parseStoredSecret(await this.secrets.get(credentialsKey(settings)));
    const credentials: Credentials =
      secret?.kind === 'token'
        ? { token: secret.value }
        : { username: settings.username, password: secret?.value ?? '' };
    const ca = settings.tls.caFile ? await readFile(settings.tls.caFile) : undefined;
    if (settings.tls.allowSelfSigned) {
      this.log.warn('TLS certificate verification is off (arangodb.tls.allowSelfSigned).');
    }
    const client = new ArangoClient({
      hosts: settings.urls,
      requestTimeoutMs: settings.requestTimeoutMs,
      tls: { ...(ca ? { ca } : {}), ...(settings.tls.allowSelfSigned ? { rejectUnauthorized: false } : {}) },
      onRequest: (event) => this.logRequest(event),
    });
    this.log.info(`Connecting as ${settings.username} to ${client.coordinators.join(', ')}, database ${settings.database}`);
    return { settings, session: new ClientSession(client, credentials, settings.database) };
  }

  private logRequest(event: RequestEvent): void {
    const outcome = event.status !== undefined ? String(event.status) : `failed (${errorText(event.error)})`;
    this.log.debug(`${event.method} ${event.path} → ${outcome} in ${Math.round(event.durationMs)} ms [${event.coordinator}]`);
  }

  private requireLive(): Live {
    if (!this.live) {
      throw new NotConnectedError();
    }
    return this.live;
  }
}

export class NotConnectedError extends Error {
  constructor() {
    super('Not connected to ArangoDB: set arangodb.url (ArangoDB: Connect to ArangoDB).');
    this.name = 'NotConnectedError';
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
  }
  return String(error);
}
