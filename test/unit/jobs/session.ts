import { ArangoClient } from '../../../src/client';
import type { RequestEvent } from '../../../src/client';
import { ClientSession } from '../../../src/jobs/clientSession';
import type { TestServer } from '../../support/testServer';

/** A client session on the test server that records every request it sends. */
export function recordingSession(server: TestServer, database: string): { session: ClientSession; requests: RequestEvent[]; close(): Promise<void> } {
  const requests: RequestEvent[] = [];
  const client = new ArangoClient({ hosts: [...server.urls], onRequest: (event) => requests.push(event), requestTimeoutMs: 10_000 });
  const session = new ClientSession(client, { username: server.username, password: server.password }, database);
  return { session, requests, close: () => client.close() };
}
