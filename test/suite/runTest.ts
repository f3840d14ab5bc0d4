// The desktop runner: @vscode/test-electron downloads a VS Code build and runs the in-VS-Code suite
// in it. That download needs the internet, so on the project's own machines the same suite runs
// through code-server instead: `node out/test/e2e/runSuite.js` (see test/e2e/runSuite.ts).
//
// Usage (after `npm run compile`): node out/test/suite/runTest.js [--workspace <folder>]
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const extensionDevelopmentPath = path.resolve(__dirname, '..', '..', '..');
  const extensionTestsPath = path.resolve(__dirname, 'index');
  const workspaceIndex = process.argv.indexOf('--workspace');
  const givenWorkspace = workspaceIndex >= 0 ? process.argv[workspaceIndex + 1] : undefined;
  const workspace = givenWorkspace ?? mkdtempSync(path.join(os.tmpdir(), 'vscode-suite-workspace-'));
  try {
    await runTests({
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [path.resolve(workspace), '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    if (givenWorkspace === undefined) rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`In-VS-Code suite failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
