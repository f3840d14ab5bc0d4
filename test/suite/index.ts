import { runMochaInExtensionHost } from './mochaHost';

/** Entry point of the in-VS-Code suite (`--extensionTestsPath`), for test-electron and code-server alike. */
export function run(): Promise<void> {
  return runMochaInExtensionHost({ testsRoot: __dirname, mocha: { timeout: 60_000 } });
}
