import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { ProcessGroup } from './processGroup';
import { killProcessesWithTmpdirIn, spawnProcessGroup } from './processGroup';
import type { E2eTools } from './tools';
import { ensureE2eTools, repoRoot } from './tools';

/** Options of {@link startCodeServer}. */
export interface CodeServerOptions {
  /** The folder the workbench opens. */
  readonly workspace: string;
  /** Where extensions are installed; a fresh folder in the run folder when absent. */
  readonly extensionsDir?: string;
  /** Extra environment for the server, which passes it on to the extension host (e.g. a sandbox URL). */
  readonly env?: Readonly<Record<string, string>>;
  /** User settings, merged over {@link quietSettings}. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Lets the workbench take `extensionDevelopmentPath`/`extensionTestsPath` from the URL's `payload`. */
  readonly smokeTestDriver?: boolean;
  /**
   * Aborting while the server starts stops it (its whole group), removes its run folder and
   * rejects with an AbortError; once started, stop it with `stop()`.
   */
  readonly signal?: AbortSignal;
}

/** A running code-server. Always `stop()` it: that kills its whole process group. */
export interface CodeServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** This run's folder: user data, XDG folders, config, and extensions unless given. */
  readonly runDir: string;
  readonly workspace: string;
  readonly extensionsDir: string;
  /** The process group of the server and everything it starts (extension hosts included). */
  readonly groupId: number;
  /** Resolves with the exit code (or signal name) when the server process exits, for whatever reason. */
  readonly exited: Promise<number | string>;
  /** What the server printed so far (its last lines), for diagnosing a failed run. */
  output(): string;
  /** Stops the server and everything it started, then removes the run folder (kept when `E2E_KEEP_RUN_DIR=1`). */
  stop(): Promise<void>;
  /**
   * A VS Code restart: stops the server and everything it started (extension hosts included),
   * keeps the run folder (user data, stored results, extensions), and starts the server again on
   * the same port, so that a browser context sees the same origin (its storage: workspace state,
   * secrets). Use the server it resolves with from then on; this one is stopped.
   */
  restart(): Promise<CodeServer>;
}

/** Settings that keep the workbench from opening welcome pages, the chat side bar, update and telemetry prompts. */
export const quietSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
};

/** User settings for a run: the quiet defaults, overridden key by key by `settings`. */
export function mergeSettings(settings: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { ...quietSettings, ...settings };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the probe port'));
      });
    });
  });
}

/**
 * Environment variables code-server reads as options (PORT overrides `--bind-addr`, a set
 * VSCODE_IPC_HOOK_CLI makes it hand the folder to the VS Code whose terminal runs the tests) or that
 * must not reach an extension under test (tokens, passwords).
 */
const inheritedVariablesToDrop = /^(PORT|PASSWORD|HASHED_PASSWORD|GITHUB_TOKEN|VSCODE_.*|CODE_SERVER_.*|CS_.*|ELECTRON_.*)$/;

/** The environment code-server runs with: Node 24 first on PATH, XDG and temp folders inside the run folder. */
export function codeServerEnv(tools: E2eTools, runDir: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!inheritedVariablesToDrop.test(name)) env[name] = value;
  }
  return {
    ...env,
    PATH: `${path.join(tools.nodeDir, 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}`,
    // code-server writes ~/.config/code-server and ~/.local/share/code-server whatever --user-data-dir says.
    XDG_CONFIG_HOME: path.join(runDir, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg', 'cache'),
    // The server, the extension host and the git extension leave IPC sockets (vscode-ipc-*.sock,
    // vscode-git-*.sock) in the temp folder when killed: keep them in the run folder too.
    XDG_RUNTIME_DIR: path.join(runDir, 'xdg', 'runtime'),
    TMPDIR: path.join(runDir, 'tmp'),
    ...extra,
  };
}

interface RunFolders {
  readonly runDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly configPath: string;
}

async function prepareRunFolders(prefix: string, extensionsDir: string | undefined, settings: Record<string, unknown>): Promise<RunFolders> {
  const runDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const userDataDir = path.join(runDir, 'user-data');
  const folders = { runDir, userDataDir, extensionsDir: extensionsDir ?? path.join(runDir, 'extensions'), configPath: path.join(runDir, 'config.yaml') };
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await mkdir(folders.extensionsDir, { recursive: true });
  for (const xdg of ['config', 'data', 'cache', 'runtime']) await mkdir(path.join(runDir, 'xdg', xdg), { recursive: true, mode: 0o700 });
  await mkdir(path.join(runDir, 'tmp'));
  await writeFile(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  // Everything that matters is on the command line; the file only keeps code-server from writing a default one with a password.
  await writeFile(folders.configPath, 'auth: none\ncert: false\n');
  return folders;
}

const healthTimeoutMs = 30_000;
const portAttempts = 3;

/**
 * Starts code-server on a free port of 127.0.0.1 in its own process group, with a fresh run folder,
 * and resolves once `/healthz` answers.
 *
 * @example
 * const server = await startCodeServer({ workspace: '/tmp/ws' });
 * try { ... } finally { await server.stop(); }
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const tools = await ensureE2eTools();
  options.signal?.throwIfAborted();
  const folders = await prepareRunFolders('code-server-run-', options.extensionsDir, mergeSettings(options.settings));
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = await tryStart(tools, folders, port, options);
      if (started.kind === 'running') return started.server;
      if (started.kind === 'aborted') throw new DOMException('code-server start aborted', 'AbortError');
      // Another process took the port between freePort() and code-server's bind: try another.
      if (started.kind === 'port-taken' && attempt < portAttempts) continue;
      throw new Error(`code-server did not start: ${started.reason}\n--- its output ---\n${started.output}`);
    }
  } catch (error) {
    await removeRunDir(folders.runDir);
    throw error;
  }
}

type StartOutcome =
  | { kind: 'running'; server: CodeServer }
  | { kind: 'port-taken' | 'failed' | 'aborted'; reason: string; output: string };

async function tryStart(tools: E2eTools, folders: RunFolders, port: number, options: CodeServerOptions): Promise<StartOutcome> {
  const args = [
    tools.codeServer,
    '--config', folders.configPath,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', folders.userDataDir,
    '--extensions-dir', folders.extensionsDir,
    ...(options.smokeTestDriver === true ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    options.workspace,
  ];
  const group = spawnProcessGroup(tools.node, args, { env: codeServerEnv(tools, folders.runDir, options.env) });
  const output = collectOutput(group);
  const url = `http://127.0.0.1:${port}`;
  const healthy = await waitForHealth(url, group, options.signal);
  if (healthy !== true) {
    await group.stop();
    const text = output();
    const kind = options.signal?.aborted === true ? 'aborted' : /EADDRINUSE/.test(text) ? 'port-taken' : 'failed';
    return { kind, reason: healthy, output: text };
  }
  let stopping: Promise<void> | undefined;
  const server: CodeServer = {
    url,
    port,
    runDir: folders.runDir,
    workspace: options.workspace,
    extensionsDir: folders.extensionsDir,
    groupId: group.groupId,
    exited: group.exited,
    output,
    stop: () => {
      stopping ??= group.stop().finally(() => removeRunDir(folders.runDir));
      return stopping;
    },
    restart: async () => {
      if (stopping) throw new Error('code-server was stopped: it cannot be restarted');
      stopping = group.stop().then(() => killProcessesWithTmpdirIn(folders.runDir));
      await stopping;
      const again = await tryStart(tools, folders, port, options);
      if (again.kind === 'running') return again.server;
      await removeRunDir(folders.runDir);
      throw new Error(`code-server did not start again on port ${port}: ${again.reason}\n--- its output ---\n${again.output}`);
    },
  };
  return { kind: 'running', server };
}

/** Keeps the last lines the server printed (it logs little unless something goes wrong). */
function collectOutput(group: ProcessGroup): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  group.child.stdout.on('data', keep);
  group.child.stderr.on('data', keep);
  return () => lines.join('\n');
}

/** `true` once `/healthz` answers 200; otherwise why not. */
async function waitForHealth(url: string, group: ProcessGroup, signal?: AbortSignal): Promise<true | string> {
  let exitedWith: number | string | undefined;
  void group.exited.then((code) => {
    exitedWith = code;
  });
  const deadline = Date.now() + healthTimeoutMs;
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) return `it exited (${exitedWith}) before answering /healthz`;
    if (signal?.aborted === true) return 'its start was aborted';
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return `/healthz did not answer within ${healthTimeoutMs / 1000} s`;
}

/**
 * Stops what is left of a run (processes that left the server's process group: they still have
 * its TMPDIR), then removes its folder.
 */
async function removeRunDir(runDir: string): Promise<void> {
  await killProcessesWithTmpdirIn(runDir);
  if (process.env['E2E_KEEP_RUN_DIR'] === '1') {
    console.log(`[e2e] kept run folder ${runDir}`);
    return;
  }
  await rm(runDir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Installs a VSIX into `extensionsDir` with `code-server --install-extension` (about 0.6 s).
 *
 * @example await installVsix('arangodb-async-aql-0.1.0.vsix', extensionsDir);
 */
export async function installVsix(vsixPath: string, extensionsDir: string, signal?: AbortSignal): Promise<void> {
  const tools = await ensureE2eTools();
  const folders = await prepareRunFolders('code-server-install-', extensionsDir, {});
  try {
    const args = [
      tools.codeServer,
      '--config', folders.configPath,
      '--user-data-dir', folders.userDataDir,
      '--extensions-dir', extensionsDir,
      '--install-extension', path.resolve(vsixPath),
    ];
    const { stdout, stderr } = await promisify(execFile)(tools.node, args, {
      env: codeServerEnv(tools, folders.runDir),
      timeout: 60_000,
      killSignal: 'SIGKILL',
      ...(signal === undefined ? {} : { signal }),
    }).catch((error: unknown) => {
      const failure = error as { stdout?: string; stderr?: string; message?: string };
      throw new Error(`code-server --install-extension ${vsixPath} failed: ${failure.message ?? ''}\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
    });
    if (!/successfully installed/i.test(stdout)) {
      throw new Error(`code-server --install-extension ${vsixPath} did not confirm the install:\n${stdout}${stderr}`);
    }
  } finally {
    await removeRunDir(folders.runDir);
  }
}

/**
 * Packages the repository's extension as a VSIX (from the `dist/` the build made) and installs it
 * into `<scratch>/extensions`, the way a user installs it; resolves with that extensions folder.
 *
 * @example const extensionsDir = await installPackagedExtension(scratch);
 */
export async function installPackagedExtension(scratch: string): Promise<string> {
  const vsix = await packageExtension(path.join(scratch, 'arangodb-async-aql.vsix'));
  const extensionsDir = path.join(scratch, 'extensions');
  await mkdir(extensionsDir);
  await installVsix(vsix, extensionsDir);
  return extensionsDir;
}

/** Packages the repository's extension (the `dist/` the build made) into the VSIX `file`; resolves with its path. */
export async function packageExtension(file: string): Promise<string> {
  await promisify(execFile)('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', file], { cwd: repoRoot });
  return file;
}
