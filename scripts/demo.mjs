// `npm run demo`: compile, package the VSIX, then start sandbox + code-server (test/e2e/demo.ts).
// `npm run demo -- --vsix <file>` demos that VSIX instead, without compiling or packaging (the
// compiled demo in out/ must exist already: `npx tsc -p .`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const vsixFlag = process.argv.indexOf('--vsix');
const givenVsix = vsixFlag === -1 ? undefined : process.argv[vsixFlag + 1];
if (vsixFlag !== -1 && !givenVsix) {
  console.error('usage: npm run demo [-- --vsix <file.vsix>]');
  process.exit(2);
}
const vsix = givenVsix ?? '.cache/demo/arangodb-async-aql.vsix';
mkdirSync('.cache/demo', { recursive: true });
const steps = [
  ['node', ['scripts/e2e-setup.mjs']],
  ...(givenVsix
    ? []
    : [
        ['npx', ['tsc', '-p', '.']],
        ['npm', ['run', '--silent', 'package', '--', '-o', vsix]],
      ]),
];
for (const [command, args] of steps) {
  const run = spawnSync(command, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`demo: ${command} ${args.join(' ')} failed`);
    process.exit(run.status ?? 1);
  }
}
// The demo stops everything it started on SIGINT/SIGTERM/SIGHUP. Ctrl+C reaches it directly (same
// process group); a signal sent to this script alone is passed on. Either way this script stays
// until the demo has finished cleaning up, so the shell's prompt means everything is gone.
const demo = spawn('node', ['out/test/e2e/demo.js', vsix], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => demo.kill(signal));
}
demo.on('exit', (code) => process.exit(code ?? 0));
