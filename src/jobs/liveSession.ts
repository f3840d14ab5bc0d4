import type { Database } from '../client';
import type { ClientSession } from './clientSession';
import type { HeldSession, JobConnection } from './jobActions';
import type { JobLists } from './poller';

/**
 * The session jobs go through now. Replacing it (a settings or secret change) swaps in the new
 * session at once and retires the old one, which closes when the work it carries has ended.
 */
export class LiveSession implements JobConnection, JobLists {
  private session: ClientSession | undefined;
  private readonly retiring = new Set<ClientSession>();

  get current(): ClientSession | undefined {
    return this.session;
  }

  /** Makes `next` the live session; resolves when the one it replaced is closed. */
  replace(next: ClientSession | undefined): Promise<void> {
    const previous = this.session;
    this.session = next;
    if (!previous || previous === next) {
      return Promise.resolve();
    }
    this.retiring.add(previous);
    return previous.retire().finally(() => this.retiring.delete(previous));
  }

  /** Sessions replaced but still finishing work they started. */
  get retiringCount(): number {
    return this.retiring.size;
  }

  get database(): string {
    return this.require().database;
  }

  databaseHandle(name: string): Database {
    return this.require().databaseHandle(name);
  }

  knows(coordinator: string): boolean {
    return this.session?.knows(coordinator) ?? false;
  }

  coordinators(): readonly string[] {
    return this.session?.coordinators() ?? [];
  }

  list(coordinator: string, status: 'pending' | 'done', count: number, signal: AbortSignal): Promise<string[]> {
    return this.require().list(coordinator, status, count, signal);
  }

  acquire(): HeldSession {
    return this.require().acquire();
  }

  /** Closes every session now, the retiring ones included (the extension is going away). */
  async close(): Promise<void> {
    const sessions = [...this.retiring, ...(this.session ? [this.session] : [])];
    this.session = undefined;
    await Promise.all(sessions.map((session) => session.client.close().catch(() => undefined)));
  }

  private require(): ClientSession {
    if (!this.session) {
      throw new NotConnectedError();
    }
    return this.session;
  }
}

export class NotConnectedError extends Error {
  constructor() {
    super('Not connected to ArangoDB: set arangodb.url (ArangoDB: Connect to ArangoDB).');
    this.name = 'NotConnectedError';
  }
}
