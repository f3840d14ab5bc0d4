import { mochaHooks } from '../support/outsideReadGuard';
import { runMochaInExtensionHost } from './mochaHost';

/**
 * Entry point of the in-VS-Code suite (`--extensionTestsPath`), for test-electron and code-server
 * alike. Importing the outside-read guard makes the extension host refuse reads beside the
 * repository, as the Node suites do, and its root hooks fail the run if one happened.
 */
export function run(): Promise<void> {
  return runMochaInExtensionHost({ testsRoot: __dirname, mocha: { timeout: 60_000, rootHooks: mochaHooks } });
}
