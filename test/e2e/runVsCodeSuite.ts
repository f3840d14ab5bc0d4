/**
 * `npm run test:vscode`: the in-VS-Code suite (test/suite) inside code-server, against a fresh
 * sandbox, or against the real server named by ARANGODB_URL / ARANGODB_PASSWORD.
 */
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { startTestServer } from '../support/testServer';
import { runExtensionSuite } from './extensionSuite';
import { prepareDatabase, prepareWorkspace } from './testWorkspace';
import { repoRoot } from './tools';

async function main(): Promise<number> {
  const server = await startTestServer();
  let workspace: string | undefined;
  const prepared = await prepareDatabase(server);
  const { database } = prepared;
  try {
    workspace = await prepareWorkspace(server, database);
    const { exitCode } = await runExtensionSuite({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'suite', 'index.js'),
      workspace,
      env: { ARANGODB_TEST_PASSWORD: server.password },
      timeoutMs: 10 * 60_000,
    });
    return exitCode;
  } finally {
    await prepared.drop().catch((error: unknown) => console.error(`could not drop ${database}: ${String(error)}`));
    await server.close();
    if (workspace) {
      await rm(workspace, { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
