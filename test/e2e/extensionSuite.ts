import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, remoteUri, workbenchUrl } from './browser';
import type { CodeServer } from './codeServer';
import { startCodeServer } from './codeServer';
import { isWorkbenchChatter } from './consoleLog';

/** Options of {@link runExtensionSuite}. */
export interface ExtensionSuiteOptions {
  /** The extension's folder (where its package.json is). */
  readonly extensionDevelopmentPath: string;
  /** The compiled suite module whose `run()` the extension host calls (e.g. `out/test/suite/index.js`). */
  readonly extensionTestsPath: string;
  /** The folder the workbench opens. */
  readonly workspace: string;
  /** Extra environment for the extension host (e.g. the sandbox's URL). */
  readonly env?: Readonly<Record<string, string>>;
  /** User settings, merged over the quiet defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Hard limit for the whole run, server and browser start included; 5 minutes when absent. */
  readonly timeoutMs?: number;
  /**
   * Where each logged line goes as it arrives; stdout when absent. The workbench's routine chatter
   * is left out (it stays in the result's `log`) unless `E2E_VERBOSE=1`.
   */
  readonly onLog?: (line: string) => void;
  /**
   * Aborting stops the run (browser and server closed) and rejects. With a signal the caller owns
   * SIGINT/SIGTERM; without one, playwright closes the browser and exits the process on them.
   */
  readonly signal?: AbortSignal;
}

/**
 * The outcome of an extension suite: the extension host's exit code (0 = all passed) and every line
 * logged meanwhile (the host's console, mocha's report included, and the workbench's own log).
 */
export interface ExtensionSuiteResult {
  readonly exitCode: number;
  readonly log: string[];
}

/**
 * Runs an extension's in-VS-Code mocha suite inside code-server, the way `@vscode/test-electron`
 * runs it in a desktop VS Code: the workbench takes `extensionDevelopmentPath` and
 * `extensionTestsPath` from the URL's `payload` (the server runs with the smoke-test driver on),
 * the suite's `run()` runs in the server's Node extension host, and the host's console (mocha's
 * report included) and exit code come back through `codeAutomationLog` / `codeAutomationExit`,
 * which the page must expose before it loads. Browser and server are always closed afterwards.
 *
 * Resolves with the exit code whatever the suite's outcome; rejects only when the run itself broke
 * (timeout, server or browser gone, aborted), with a message saying which.
 *
 * @example
 * const { exitCode } = await runExtensionSuite({
 *   extensionDevelopmentPath: repoRoot,
 *   extensionTestsPath: path.join(repoRoot, 'out/test/suite/index.js'),
 *   workspace: fixtureFolder,
 * });
 */
export async function runExtensionSuite(options: ExtensionSuiteOptions): Promise<ExtensionSuiteResult> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const log: string[] = [];
  const emit = options.onLog ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const closers: Array<() => Promise<void>> = [];
  let finished = false;
  /** Registers how to close what a step started; closes it at once when the run ended meanwhile. */
  const owned = async <T>(starting: Promise<T>, close: (started: T) => Promise<void>): Promise<T> => {
    const started = await starting;
    if (finished) await close(started);
    else closers.unshift(() => close(started));
    return started;
  };
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const broken = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`extension suite did not finish within ${timeoutMs / 1000} s${lastLines(log)}`)), timeoutMs);
    onAbort = () => reject(new Error('extension suite run aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted === true) onAbort();
  });
  broken.catch(() => {}); // raced below; unobserved only when the run ends first
  try {
    // Every step races the failure conditions, so a hang anywhere ends at the timeout.
    const server = await Promise.race([
      owned(startCodeServer({ workspace: options.workspace, env: options.env ?? {}, settings: options.settings ?? {}, smokeTestDriver: true }), (started) => started.stop()),
      broken,
    ]);
    const browser = await Promise.race([owned(launchBrowser({ handleSignals: options.signal === undefined }), (launched) => launched.close()), broken]);
    const exitCode = await Promise.race([runInWorkbench(server, browser, options, log, emit), broken]);
    return { exitCode, log };
  } finally {
    finished = true;
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    // The browser first (registered last), then the server.
    for (const close of closers) await close().catch((error: unknown) => console.error(`[e2e] cleanup failed: ${String(error)}`));
  }
}

async function runInWorkbench(
  server: CodeServer,
  browser: Browser,
  options: ExtensionSuiteOptions,
  log: string[],
  emit: (line: string) => void,
): Promise<number> {
  const page = await (await browser.newContext()).newPage();
  const verbose = process.env['E2E_VERBOSE'] === '1';
  let exited = false;
  let reportExit: (code: number) => void = () => {};
  const exitCode = new Promise<number>((resolve, reject) => {
    reportExit = (code) => {
      exited = true;
      resolve(code);
    };
    page.once('crash', () => reject(new Error(`the workbench page crashed${lastLines(log)}`)));
    browser.once('disconnected', () => reject(new Error(`the browser went away${lastLines(log)}`)));
    void server.exited.then((code) => reject(new Error(`code-server exited (${code}) during the suite${lastLines(log)}\n${server.output()}`)));
  });
  // When the run ends another way (timeout, abort), closing browser and server rejects this late.
  exitCode.catch(() => {});
  // Both must exist before the workbench loads: it looks for them once, at start.
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
  await page.exposeFunction('codeAutomationLog', (level: string, message: string) => {
    const line = level === 'info' ? String(message) : `[${level}] ${String(message)}`;
    log.push(line);
    // The workbench's own log arrives here too: its routine chatter, known noise and what it logs
    // after the host exited are kept in `log` but not printed, so that mocha's report stands out.
    if (verbose || (!exited && !isWorkbenchChatter(line))) emit(line);
  });
  const payload: Array<[string, string]> = [
    ['extensionDevelopmentPath', remoteUri(server, options.extensionDevelopmentPath)],
    ['extensionTestsPath', remoteUri(server, options.extensionTestsPath)],
  ];
  // No navigation timeout of its own: the run's hard limit governs (a busy machine loads slowly).
  await page.goto(workbenchUrl(server, path.resolve(options.workspace), payload), { waitUntil: 'commit', timeout: 0 });
  return exitCode;
}

function lastLines(log: readonly string[]): string {
  return log.length === 0 ? ' (the extension host logged nothing)' : `; its last lines:\n${log.slice(-20).join('\n')}`;
}
