// `npm run demo`: compile, package the VSIX, then start sandbox + code-server (test/e2e/demo.ts).
import { spawnSync } from 'node:child_process';
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
const demo = spawnSync('node', ['out/test/e2e/demo.js', vsix], { stdio: 'inherit' });
process.exit(demo.status ?? 0);
