import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { recordConsole } from './consoleLog';
import { ensureE2eTools } from './tools';

/**
 * Flags that work with Debian's Chromium on these machines: no setuid sandbox as root, no GPU, and
 * nothing that phones home (sync, component updates, QUIC probes) from a machine that cannot.
 * (Debian's build also starts two crash-report handlers in sessions of their own, out of reach of
 * playwright's process-group kill; they exit by themselves when the browser closes. Keeping them
 * from starting with `--disable-crashpad-for-testing` makes every navigation fail: ERR_ABORTED.)
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options of {@link launchBrowser}. */
export interface LaunchBrowserOptions {
  /**
   * Whether playwright closes the browser and exits the process (code 130) on SIGINT, SIGTERM and
   * SIGHUP; true when absent. Pass false when the caller handles those signals and cleans up itself.
   */
  readonly handleSignals?: boolean;
}

/**
 * Launches Debian's Chromium through playwright-core, headless. Playwright gives it a fresh profile;
 * its HOME, XDG and temp folders point into a temporary folder removed when the browser disconnects.
 * Close it with `browser.close()`.
 *
 * @example const browser = await launchBrowser(); try { ... } finally { await browser.close(); }
 */
export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  const handleSignals = options.handleSignals ?? true;
  const tools = await ensureE2eTools();
  const home = mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
  try {
    const browser = await chromium.launch({
      executablePath: tools.chromium,
      args: [...chromiumArgs],
      headless: true,
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, 'config'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
        XDG_DATA_HOME: path.join(home, 'data'),
        TMPDIR: home,
      },
    });
    browser.on('disconnected', () => rmSync(home, { recursive: true, force: true }));
    return browser;
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}

/** Options of {@link openWorkbench}. */
export interface OpenWorkbenchOptions {
  /** The folder to open; the server's workspace when absent. */
  readonly folder?: string;
  /** Milliseconds to wait for `.monaco-workbench`; 60 s when absent (a busy machine has needed 40 s). */
  readonly timeoutMs?: number;
  /**
   * Loads this extension folder as a development extension (no VSIX needed); the server must have
   * been started with `smokeTestDriver: true`.
   */
  readonly extensionDevelopmentPath?: string;
}

/** The workbench URL of a server for a folder, with the smoke-test driver's `payload` when given. */
export function workbenchUrl(server: CodeServer, folder: string, payload?: ReadonlyArray<readonly [string, string]>): string {
  const query = new URLSearchParams({ folder });
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

/** A file or folder of the server's machine as the workbench addresses it (`vscode-remote://`). */
export function remoteUri(server: CodeServer, fileOrFolder: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${path.resolve(fileOrFolder)}`;
}

/**
 * Opens the workbench of `server` in a new browser context (1280×800) and resolves once
 * `.monaco-workbench` is visible. The page's console is recorded from the start (see
 * `Workbench.consoleErrors()`). Closing the browser closes the page.
 *
 * @example const page = await openWorkbench(server, browser, { folder: server.workspace });
 */
export async function openWorkbench(server: CodeServer, browser: Browser, options: OpenWorkbenchOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  recordConsole(page);
  const timeout = options.timeoutMs ?? 60_000;
  const payload = options.extensionDevelopmentPath === undefined
    ? undefined
    : [['extensionDevelopmentPath', remoteUri(server, options.extensionDevelopmentPath)] as const];
  await page.goto(workbenchUrl(server, options.folder ?? server.workspace, payload), { timeout });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  return page;
}
