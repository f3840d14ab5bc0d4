/**
 * Mocha hooks for tests that each want an empty collection: one server and one database for the
 * file, a new collection (named `<label><n>`) before every test.
 */
import { createTestDatabase, dropTestDatabase, startTestServer, type TestServer } from '../support/testServer';

export interface CollectionPerTest {
  readonly server: TestServer;
  readonly database: string;
  /** The current test's collection. */
  readonly collection: string;
  /** How many tests have started: a suffix for further names that must not clash between tests. */
  readonly round: number;
}

/** Call inside `describe`: registers the hooks and returns what they set up. */
export function collectionPerTest(label: string): CollectionPerTest {
  let server: TestServer | undefined;
  let database = '';
  let round = 0;
  before(async function () {
    server = await startTestServer();
    database = await createTestDatabase(server, label);
  });
  after(async function () {
    if (server !== undefined) {
      await dropTestDatabase(server, database);
      await server.close();
    }
  });
  beforeEach(async function () {
    round += 1;
    await server!.request({ method: 'POST', database, path: '/_api/collection', body: { name: `${label}${round}` } });
  });
  return {
    get server() {
      return server!;
    },
    get database() {
      return database;
    },
    get collection() {
      return `${label}${round}`;
    },
    get round() {
      return round;
    },
  };
}
