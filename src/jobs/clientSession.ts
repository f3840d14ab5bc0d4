import { normalizeHost } from '../client';
import type { ArangoClient, Credentials, Database } from '../client';
import type { JobConnection } from './jobActions';
import type { JobLists } from './poller';

/** One client, one set of credentials and the database queries go to: what jobs are run through. */
export class ClientSession implements JobConnection, JobLists {
  private readonly handles = new Map<string, Database>();

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

  list(coordinator: string, status: 'pending' | 'done', count: number, signal: AbortSignal): Promise<string[]> {
    return this.databaseHandle(this.database).asyncJobs(status, count, { coordinator, signal });
  }
}
