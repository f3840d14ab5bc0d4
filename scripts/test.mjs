// `npm test`: everything CI runs, in order. Every step runs even after a failure (except a failed
// install), so one run shows every problem; the exit code is non-zero if any step failed. The last
// line adds up the tests that mocha ran in every step.
import { spawn } from 'node:child_process';

const steps = [
  ['install the e2e tools (Chromium, Node 24, code-server)', 'node', ['scripts/e2e-setup.mjs']],
  ['type-check (strict) and compile the tests', 'npx', ['tsc', '-p', '.']],
  ['type-check the webviews\' page scripts (DOM)', 'npx', ['tsc', '-p', 'src/webview']],
  ['lint', 'npx', ['eslint', '.']],
  ['bundle with esbuild', 'node', ['scripts/build.mjs']],
  ['unit and sandbox tests (mocha, Node)', 'npx', ['mocha']],
  ['in-VS-Code suite (code-server extension host)', 'node', ['out/test/e2e/runVsCodeSuite.js']],
  ['UI scenarios (packaged VSIX in code-server, driven in Chromium)', 'npx', ['mocha', '--no-config', '--exit', '--timeout', '300000', 'out/test/e2e/**/*.test.js']],
];

/** Runs a command, echoing its output, and counts mocha's closing lines in it. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const counts = { passed: 0, failed: 0, skipped: 0 };
    let tail = '';
    const scan = (chunk) => {
      const text = tail + chunk.toString();
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        count(line, counts);
      }
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      scan(chunk);
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', (code) => {
      count(tail, counts);
      resolve({ code, counts });
    });
  });
}

function count(line, counts) {
  // eslint-disable-next-line no-control-regex
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  const match = /^\s*(\d+) (passing|failing|pending)\b/.exec(plain);
  if (match) {
    const key = { passing: 'passed', failing: 'failed', pending: 'skipped' }[match[2]];
    counts[key] += Number(match[1]);
  }
}

const results = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const [title, command, args] of steps) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const { code, counts } = await run(command, args);
  for (const key of Object.keys(totals)) {
    totals[key] += counts[key];
  }
  results.push({ title, ok: code === 0, seconds: (Date.now() - started) / 1000 });
  if (code !== 0 && title.startsWith('install')) {
    break;
  }
}

console.log('\n=== summary');
for (const { title, ok, seconds } of results) {
  console.log(`${ok ? 'ok    ' : 'FAILED'} ${title} (${seconds.toFixed(1)} s)`);
}
const failedSteps = results.filter((result) => !result.ok).length;
console.log(`${failedSteps === 0 ? 'all steps passed' : `${failedSteps} step(s) failed`}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps === 0 ? 0 : 1);
