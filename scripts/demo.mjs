// `npm run demo`: compile, package the VSIX, then start sandbox + code-server (test/e2e/demo.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const vsix = '.cache/demo/arangodb-async-aql.vsix';
mkdirSync('.cache/demo', { recursive: true });
const steps = [
  ['node', ['scripts/e2e-setup.mjs']],
  ['npx', ['tsc', '-p', '.']],
  ['npm', ['run', '--silent', 'package', '--', '-o', vsix]],
];
for (const [command, args] of steps) {
  const run = spawnSync(command, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`demo: ${command} ${args.join(' ')} failed`);
    process.exit(run.status ?? 1);
  }
}
// The demo cleans up on SIGINT/SIGTERM; pass ours on, so stopping this script stops it too.
const demo = spawn('node', ['out/test/e2e/demo.js', vsix], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => demo.kill(signal));
}
demo.on('exit', (code) => process.exit(code ?? 0));
