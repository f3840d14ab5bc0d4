import { normalizeHost } from '../client';
import type { ArangoClient, Credentials, Database } from '../client';
import type { HeldSession, JobConnection } from './jobActions';
import type { JobLists } from './poller';

/**
 * One client, one set of credentials and the database queries go to: what jobs are run through.
 *
 * A session replaced by a settings or secret change is retired, not closed: closing a client
 * destroys its pools, and a one-time result being drained through them would be lost with the
 * job. So work in flight holds the session, and a retired session closes once nothing holds it.
 */
export class ClientSession implements JobConnection, JobLists {
  private readonly handles = new Map<string, Database>();
  private holds = 0;
  private retirement: { closed: Promise<void>; close: () => void } | undefined;

  constructor(
    readonly client: ArangoClient,
    private readonly credentials: Credentials,
    readonly database: string,
  ) {}

  databaseHandle(name: string): Database {
    let handle = this.handles.get(name);
    if (!handle) {
      handle = this.client.db(name, this.credentials);
      this.handles.set(name, handle);
    }
    return handle;
  }

  knows(coordinator: string): boolean {
    return this.client.coordinators.includes(normalizeHost(coordinator));
  }

  coordinators(): readonly string[] {
    return this.client.coordinators;
  }

  async list(coordinator: string, status: 'pending' | 'done', count: number, signal: AbortSignal): Promise<string[]> {
    const release = this.hold();
    try {
      return await this.databaseHandle(this.database).asyncJobs(status, count, { coordinator, signal });
    } finally {
      release();
    }
  }

  acquire(): HeldSession {
    return { session: this, release: this.hold() };
  }

  /** Keeps the client open until the returned function is called, even if the session is retired meanwhile. */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0) this.retirement?.close();
    };
  }

  /** Closes the client once the work that holds it has ended; resolves when it is closed. */
  retire(): Promise<void> {
    if (!this.retirement) {
      let close!: () => void;
      const closed = new Promise<void>((resolve) => {
        let closing = false;
        close = () => {
          if (closing) return;
          closing = true;
          resolve(this.client.close().catch(() => undefined));
        };
      });
      this.retirement = { closed, close };
      if (this.holds === 0) close();
    }
    return this.retirement.closed;
  }
}
