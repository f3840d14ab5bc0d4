/**
 * The client as it ships: `scripts/build.mjs` bundles it (as it bundles the extension) with
 * undici's parts, llhttp as `.wasm` files and a stand-in for fetch's body module. This builds the
 * bundle, runs an async job through it against the test server, and checks what it left out.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as ClientModule from '../../../src/client';
import type { TestServer } from '../../support/testServer';
import { startTestServer } from '../../support/testServer';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const bundlePath = path.join(root, 'dist', 'client.js');

describe('client: the bundle as it ships', function () {
  this.timeout(60_000);
  let server: TestServer;
  let bundled: typeof ClientModule;

  before(async () => {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only', 'client'], { cwd: root, stdio: 'pipe' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, loaded as a user would
    bundled = require(bundlePath) as typeof ClientModule;
    server = await startTestServer();
  });

  after(async () => {
    await server.close();
  });

  it('runs an async query job and reads its rows through the bundled client', async () => {
    const client = new bundled.ArangoClient({ hosts: server.urls });
    try {
      const db = client.db('_system', { username: server.username, password: server.password });
      const job = await db.beginAsyncExecution({ returnResult: true }).aql.execute('FOR i IN 1..5 RETURN i * 2', { batchSize: 2 });
      let cursor: ClientModule.Cursor | undefined;
      for (let attempt = 0; attempt < 100 && cursor === undefined; attempt++) {
        if ((await job.status()) === 'done') cursor = await job.result();
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(cursor, 'the job did not finish');
      assert.deepEqual(await cursor.all(), [2, 4, 6, 8, 10]);
    } finally {
      await client.close();
    }
  });

  it('leaves fetch\'s body handling out: the client never sends FormData', () => {
    const text = readFileSync(bundlePath, 'utf8');
    // Literals of undici's fetch body and FormData parser; present whenever that module is bundled.
    assert.ok(!text.includes('multipart/form-data'), 'fetch\'s body module is in the bundle');
    assert.ok(text.includes('sends string and Buffer bodies only'), 'the stand-in for it is in the bundle');
  });
});
