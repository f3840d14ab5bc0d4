import * as path from 'node:path';
import { findRepoRoot } from '../support/goldenTranscripts';
import { limitOutsideReadGuardTo, mochaHooks } from '../support/outsideReadGuard';
import { runMochaInExtensionHost } from './mochaHost';

/**
 * Entry point of the in-VS-Code suite (`--extensionTestsPath`), for test-electron and code-server
 * alike. Importing the outside-read guard makes the extension host refuse the tests' and the
 * extension's reads beside the repository, as the Node suites do, and its root hooks fail the run
 * if one happened.
 */
export function run(): Promise<void> {
  // The extension host also runs VS Code's own code: only the tests' and the extension's reads count,
  // named by their compiled files or, where source maps are applied to stacks, by their sources.
  const repo = findRepoRoot(__dirname);
  limitOutsideReadGuardTo(['out', 'dist', 'src', 'test'].map((folder) => path.join(repo, folder)));
  // The first query of a window reveals the job explorer: that test must see the window's first query.
  return runMochaInExtensionHost({ testsRoot: __dirname, runFirst: ['explorerReveal.test.js'], mocha: { timeout: 60_000, rootHooks: mochaHooks } });
}
