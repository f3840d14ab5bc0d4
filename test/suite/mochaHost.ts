import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Options of {@link runMochaInExtensionHost}. */
export interface MochaHostOptions {
  /** The folder searched (recursively) for compiled test files, usually the suite's own `__dirname`. */
  readonly testsRoot: string;
  /** Which files are tests; files ending in `.test.js` when absent. */
  readonly filePattern?: RegExp;
  /**
   * Test files (base names, e.g. `explorerReveal.test.js`) loaded before all others, in this order:
   * tests of what happens first in a window, which any earlier test would spend.
   */
  readonly runFirst?: readonly string[];
  /** Mocha options over the defaults (`ui: 'bdd'`, `timeout: 20000`, no colours). */
  readonly mocha?: Mocha.MochaOptions;
}

/** Rejection of {@link runMochaInExtensionHost} when tests failed; `failures` counts them. */
export class SuiteFailedError extends Error {
  constructor(
    readonly failures: number,
    readonly total: number,
  ) {
    super(`${failures} of ${total} tests failed.`);
    this.name = 'SuiteFailedError';
  }
}

/** Compiled test files under `root`, sorted so every run loads them in the same order. */
export function findTestFiles(root: string, filePattern: RegExp = /\.test\.js$/): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((relative) => filePattern.test(path.basename(relative)))
    .map((relative) => path.join(root, relative))
    .sort();
}

/**
 * Runs the mocha tests under `testsRoot` inside the extension host; the body of a suite's `run()`
 * for `@vscode/test-electron` and for the code-server harness alike. Resolves when every test
 * passed; rejects with {@link SuiteFailedError} when some failed, and with an Error when no test
 * file was found or loading one threw (the host then exits non-zero either way).
 *
 * @example
 * // test/suite/index.ts
 * export function run(): Promise<void> {
 *   return runMochaInExtensionHost({ testsRoot: __dirname });
 * }
 */
export async function runMochaInExtensionHost(options: MochaHostOptions): Promise<void> {
  // In code-server the host's console reaches the test driver as (level, message) without
  // printf-style formatting, so mocha's `%s`/`%d` lines would arrive unformatted.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, ...options.mocha });
  const files = findTestFiles(options.testsRoot, options.filePattern);
  if (files.length === 0) {
    throw new Error(`no test files matching ${String(options.filePattern ?? /\.test\.js$/)} under ${options.testsRoot}`);
  }
  const first = options.runFirst ?? [];
  const rank = (file: string): number => {
    const at = first.indexOf(path.basename(file));
    return at < 0 ? first.length : at;
  };
  // Array.prototype.sort is stable: the rest keep their name order.
  for (const file of [...files].sort((a, b) => rank(a) - rank(b))) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const { failures, total } = await new Promise<{ failures: number; total: number }>((resolve) => {
    const runner = mocha.run((failed) => resolve({ failures: failed, total: runner.total }));
  });
  if (failures > 0) throw new SuiteFailedError(failures, total);
}
