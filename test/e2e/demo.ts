/**
 * `npm run demo`: the product, working, for someone with no ArangoDB at hand. Starts the sandbox
 * with the demo data, installs the freshly built VSIX into a cached code-server, opens a workspace
 * of sample queries already connected to the sandbox, and prints the URL to open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../sandbox/index';
import { installVsix, startCodeServer } from './codeServer';
import { prepareWorkspace } from './testWorkspace';

async function main(): Promise<void> {
  const vsix = process.argv[2];
  if (!vsix) {
    throw new Error('usage: node out/test/e2e/demo.js <extension.vsix>');
  }
  const sandbox = await startSandbox({ port: Number(process.env.DEMO_SANDBOX_PORT ?? 8529), seed: 'demo' });
  const extensionsDir = await mkdtemp(path.join(tmpdir(), 'arangodb-demo-extensions-'));
  const workspace = await prepareWorkspace({ urls: sandbox.urls, username: 'root' }, '_system', { 'arangodb.polling.intervalMs': 500 });
  await installVsix(vsix, extensionsDir);
  const codeServer = await startCodeServer({ workspace, extensionsDir });
  const url = `${codeServer.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`sandbox: ${sandbox.urls.join(', ')} (user root, empty password, demo data in _system)`);
  console.log(`workspace: ${workspace}`);
  console.log(`\nopen ${url}\n`);
  console.log('Open an .aql file and press Ctrl+Alt+Enter (ArangoDB: Run AQL Async). Ctrl+C here stops everything.');

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await codeServer.stop();
    await sandbox.close();
    await rm(workspace, { recursive: true, force: true });
    await rm(extensionsDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
  await codeServer.exited;
  await stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
