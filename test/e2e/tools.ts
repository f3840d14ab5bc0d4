import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Where `scripts/e2e-setup.mjs` put the pieces the harness runs (from its marker, `e2e-tools.json`). */
export interface E2eTools {
  /** Node 24 binary: code-server 4.139 refuses the machine's Node 20. */
  readonly node: string;
  /** Node 24's folder (its `bin/` goes first on code-server's PATH). */
  readonly nodeDir: string;
  /** code-server's entry script, run as `<node> <codeServer> ...`. */
  readonly codeServer: string;
  readonly codeServerVersion: string;
  /** The Debian Chromium playwright-core drives. */
  readonly chromium: string;
}

/** The repository root, seen from `out/test/e2e/` where this file runs compiled. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

const setupScript = path.join(repoRoot, 'scripts', 'e2e-setup.mjs');

/** The cache folder, chosen exactly as `scripts/e2e-setup.mjs` chooses it. */
export function e2eCacheDir(): string {
  return path.resolve(process.env['E2E_CACHE_DIR'] || path.join(repoRoot, '.cache', 'e2e'));
}

let pendingTools: Promise<E2eTools> | undefined;

/**
 * Makes sure Chromium, Node 24 and code-server are installed and says where they are. Runs the
 * setup script once per process: a no-op of a fraction of a second when the cache is warm, about
 * two and a half minutes cold, its progress printed as it goes.
 *
 * @example const { node, codeServer } = await ensureE2eTools();
 */
export function ensureE2eTools(): Promise<E2eTools> {
  pendingTools ??= runSetup().catch((error: unknown) => {
    pendingTools = undefined;
    throw error;
  });
  return pendingTools;
}

async function runSetup(): Promise<E2eTools> {
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const setup = spawn(process.execPath, [setupScript], { stdio: ['ignore', 'inherit', 'inherit'] });
    setup.on('error', reject);
    setup.on('close', resolve);
  });
  if (exitCode !== 0) {
    throw new Error(`scripts/e2e-setup.mjs failed (exit ${exitCode ?? 'by signal'}): see its output above`);
  }
  const markerPath = path.join(e2eCacheDir(), 'e2e-tools.json');
  return parseTools(JSON.parse(await readFile(markerPath, 'utf8')), markerPath);
}

function parseTools(marker: unknown, markerPath: string): E2eTools {
  const record = (marker ?? {}) as Partial<Record<keyof E2eTools, unknown>>;
  for (const field of ['node', 'nodeDir', 'codeServer', 'codeServerVersion', 'chromium'] as const) {
    if (typeof record[field] !== 'string') throw new Error(`${markerPath} has no "${field}": delete it and run again`);
  }
  return record as E2eTools;
}
