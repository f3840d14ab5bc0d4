/**
 * `npm run demo`: the product, working, for someone with no ArangoDB at hand. Starts the sandbox
 * with the demo data, installs the freshly built VSIX into a cached code-server, opens a workspace
 * of sample queries already connected to the sandbox, and prints the URL to open.
 *
 * SIGINT, SIGTERM or SIGHUP, at any moment (code-server still starting included), stop everything
 * it started: code-server's whole process group, the sandbox, and every temporary folder (the
 * workspace, the extensions, code-server's user data with the stored results).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../sandbox/index';
import { installVsix, startCodeServer } from './codeServer';
import { prepareWorkspace } from './testWorkspace';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What was started so far, stopped in reverse order; whatever starts after the stop began is stopped at once. */
class Started {
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(private readonly stopping: AbortSignal) {}

  async own<T>(starting: Promise<T>, close: (started: T) => Promise<void>): Promise<T> {
    const started = await starting;
    this.closers.unshift(() => close(started));
    this.stopping.throwIfAborted();
    return started;
  }

  async closeAll(): Promise<void> {
    for (const close of this.closers.splice(0)) {
      await close().catch((error: unknown) => console.error(`demo: cleanup failed: ${String(error)}`));
    }
  }
}

async function main(): Promise<void> {
  const vsix = process.argv[2];
  if (!vsix) {
    throw new Error('usage: node out/test/e2e/demo.js <extension.vsix>');
  }
  // First of all: a signal arriving while anything below is still starting must not kill this
  // process before it has stopped what it started (code-server runs in a process group of its own
  // and would outlive it). Repeated signals (the terminal's, then npm's and demo.mjs's forwarded
  // copies) only stop once.
  const stop = new AbortController();
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => stop.abort(new DOMException(`stopped by ${signal}`, 'AbortError')));
  }
  const started = new Started(stop.signal);
  try {
    const sandbox = await started.own(startSandbox({ port: Number(process.env.DEMO_SANDBOX_PORT ?? 8529), seed: 'demo' }), (running) => running.close());
    const removeFolder = (folder: string): Promise<void> => rm(folder, { recursive: true, force: true, maxRetries: 3 });
    const extensionsDir = await started.own(mkdtemp(path.join(tmpdir(), 'arangodb-demo-extensions-')), removeFolder);
    const workspace = await started.own(
      prepareWorkspace({ urls: sandbox.urls, username: 'root' }, '_system', { 'arangodb.polling.intervalMs': 500 }),
      removeFolder,
    );
    await installVsix(vsix, extensionsDir, stop.signal);
    const codeServer = await started.own(startCodeServer({ workspace, extensionsDir, signal: stop.signal }), (running) => running.stop());
    const url = `${codeServer.url}/?folder=${encodeURIComponent(workspace)}`;
    console.log(`sandbox: ${sandbox.urls.join(', ')} (user root, empty password, demo data in _system)`);
    console.log(`workspace: ${workspace}`);
    console.log(`\nopen ${url}\n`);
    console.log('Open an .aql file and press Ctrl+Alt+Enter (ArangoDB: Run AQL Async). Ctrl+C here stops everything.');
    const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    const exited = codeServer.exited.then((code) => console.error(`demo: code-server exited (${code})`));
    await Promise.race([stopped, exited]);
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  } finally {
    await started.closeAll();
  }
  if (stop.signal.aborted) console.log(`demo: ${String((stop.signal.reason as Error).message)}; everything it started is stopped and removed`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
