import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Database } from '../client';
import { readSettings } from '../config';
import type { Settings } from '../config';
import type { HeldSession, JobConnection } from '../jobs/jobActions';
import { LiveSession } from '../jobs/liveSession';
import { credentialsFrom, openSession } from '../jobs/openSession';
import type { JobLists } from '../jobs/poller';
import type { ConnectionDescription } from '../views/statusBar';
import { credentialsKey, parseStoredSecret } from './credentials';
import { PlainHttpWarning } from './plainHttpWarning';
import type { StoredSecret } from './credentials';
import type { ClientSession } from '../jobs/clientSession';

export { NotConnectedError } from '../jobs/liveSession';

/** The settings a client is built from: changing one of them rebuilds the connection, others apply as they are. */
const CONNECTION_SETTINGS = ['url', 'coordinators', 'database', 'username', 'tls', 'requestTimeoutMs'] as const;

/**
 * The one connection to ArangoDB, built from settings and the secret in SecretStorage, and rebuilt
 * when either changes. Everything that talks to the server gets its client from here. A rebuilt
 * connection never cuts work short: the client it replaces stays open until the fetches, drains
 * and refreshes it started have ended (see `LiveSession`).
 */
export class ArangoConnection implements JobConnection, JobLists, vscode.Disposable {
  private readonly live = new LiveSession();
  /** The settings of the live session, while there is one. */
  private liveSettings: Settings | undefined;
  private readonly plainHttp: PlainHttpWarning;
  private reloading: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.plainHttp = new PlainHttpWarning(log);
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (CONNECTION_SETTINGS.some((key) => event.affectsConfiguration(`arangodb.${key}`))) {
          void this.reload();
        }
      }),
      secrets.onDidChange((event) => {
        if (this.liveSettings && event.key === credentialsKey(this.liveSettings)) {
          void this.reload();
        }
      }),
    );
  }

  get isConfigured(): boolean {
    return this.live.current !== undefined;
  }

  /** The settings as they stand now; those that shape the client take effect when it is rebuilt. */
  get settings(): Settings {
    return readSettings();
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
    // The old session serves until the new one is ready, so nothing started meanwhile finds no connection.
    let next: ClientSession | undefined;
    try {
      if (settings.urls.length > 0) {
        next = await this.connect(settings);
      }
    } catch (error) {
      this.log.error(`Cannot use the connection settings: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(`ArangoDB: cannot use the connection settings: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.liveSettings = next ? settings : undefined;
    const retired = this.live.replace(next);
    await vscode.commands.executeCommand('setContext', 'arangodb.connected', next !== undefined);
    this.changed.fire();
    if (this.live.retiringCount > 0) {
      this.log.info('The previous connection stays open until the work it started has ended.');
    }
    void retired.then(() => this.log.debug('The previous connection is closed.'));
  }

  /** The secret for the current URL and user. */
  async storeSecret(secret: StoredSecret): Promise<void> {
    await this.secrets.store(credentialsKey(readSettings()), JSON.stringify(secret));
  }

  // JobConnection
  get database(): string {
    return (this.liveSettings ?? this.settings).database;
  }

  databaseHandle(name: string): Database {
    return this.live.databaseHandle(name);
  }

  knows(coordinator: string): boolean {
    return this.live.knows(coordinator);
  }

  acquire(): HeldSession {
    return this.live.acquire();
  }

  // JobLists
  coordinators(): readonly string[] {
    return this.live.coordinators();
  }

  list(coordinator: string, status: 'pending' | 'done', count: number, signal: AbortSignal): Promise<string[]> {
    return this.live.list(coordinator, status, count, signal);
  }

  describe(): ConnectionDescription {
    const settings = this.liveSettings;
    return {
      label: settings ? `${settings.username}@${settings.urls.join(', ')} / ${settings.database}` : undefined,
      insecureTls: settings !== undefined && settings.tls.allowSelfSigned,
      passwordInTheClear: settings ? this.plainHttp.exposed : [],
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.liveSettings = undefined;
    void this.live.close();
  }

  private async connect(settings: Settings): Promise<ClientSession> {
    const secret = parseStoredSecret(await this.secrets.get(credentialsKey(settings)));
    this.plainHttp.check(settings, secret);
    const ca = settings.tls.caFile ? await readFile(settings.tls.caFile) : undefined;
    return openSession(settings, credentialsFrom(settings.username, secret), { log: this.log, ...(ca ? { ca } : {}) });
  }
}
