// Runs an extension's in-VS-Code mocha suite through code-server (what `@vscode/test-electron`
// would do on a machine that can download VS Code). Exit code: the extension host's (0 = passed),
// 2 when the run itself broke (setup, timeout, server or browser gone), 130 when interrupted.
//
// node out/test/e2e/runSuite.js [--extension <folder>] [--suite <file>] [--workspace <folder>]
//                               [--timeout <seconds>] [--env NAME=VALUE]... [--settings <json file>]
// Defaults: the repository, out/test/suite/index.js, a fresh empty folder, 300 s.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runExtensionSuite } from './extensionSuite';
import { repoRoot } from './tools';

const usage =
  'usage: node out/test/e2e/runSuite.js [--extension <folder>] [--suite <file>] [--workspace <folder>] ' +
  '[--timeout <seconds>] [--env NAME=VALUE]... [--settings <json file>]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string', default: repoRoot },
      suite: { type: 'string', default: path.join(repoRoot, 'out', 'test', 'suite', 'index.js') },
      workspace: { type: 'string' },
      timeout: { type: 'string', default: '300' },
      env: { type: 'string', multiple: true, default: [] },
      settings: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const env: Record<string, string> = {};
  for (const pair of values.env) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new Error(`--env wants NAME=VALUE, got ${JSON.stringify(pair)}`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new Error(`--timeout wants seconds, got ${values.timeout}`);
  const settings = values.settings === undefined ? {} : (JSON.parse(readFileSync(values.settings, 'utf8')) as Record<string, unknown>);
  const workspace = values.workspace ?? mkdtempSync(path.join(os.tmpdir(), 'e2e-suite-workspace-'));

  // Ctrl-C or a CI kill still closes the browser and the server's process group.
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const name of signals) process.once(name, stop);
  const started = Date.now();
  try {
    const { exitCode } = await runExtensionSuite({
      extensionDevelopmentPath: path.resolve(values.extension),
      extensionTestsPath: path.resolve(values.suite),
      workspace: path.resolve(workspace),
      env,
      settings,
      timeoutMs: timeoutSeconds * 1000,
      signal: abort.signal,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`[e2e] extension suite ${exitCode === 0 ? 'passed' : `failed (extension host exit code ${exitCode})`} in ${seconds} s`);
    return exitCode;
  } catch (error) {
    if (abort.signal.aborted) {
      console.error('[e2e] extension suite interrupted: browser and code-server closed');
      return 130;
    }
    throw error;
  } finally {
    for (const name of signals) process.removeListener(name, stop);
    if (values.workspace === undefined) rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    console.error(`[e2e] extension suite could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
