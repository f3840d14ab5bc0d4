/** The sandbox command line, run as a child process from the compiled `cli.js`. */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { sendHttp } from '../support/arangoHttp';
import { waitUntil } from '../support/waitUntil';

const CLI = path.resolve(__dirname, '../sandbox/cli.js');

interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function startCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('sandbox command line', function () {
  let running: RunningCli | undefined;

  afterEach(async function () {
    if (running !== undefined && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
  });

  it('prints one listening line per coordinator, serves, never prints the password, and stops on SIGTERM', async function () {
    const password = 'cli-secret-password';
    running = startCli(['--port', '0', '--password', password, '--coordinators', '2', '--seed', 'demo', '--verbose']);
    const cli = running;
    const urls = await waitUntil(
      () => {
        const found = [...cli.output().matchAll(/^listening on (http:\/\/127\.0\.0\.1:\d+)$/gm)].map((match) => match[1]!);
        return found.length === 2 ? found : undefined;
      },
      { timeoutMs: 10_000, what: 'two listening lines' },
    );
    const auth = { username: 'root', password };
    const count = await sendHttp(urls[1]!, { path: '/_api/collection/students/count', auth });
    assert.equal(count.status, 200);
    assert.ok((count.json as { count: number }).count >= 24);
    assert.equal((await sendHttp(urls[0]!, { path: '/_api/version', auth: false })).status, 401);
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
    assert.ok(!cli.output().includes(password), 'the password never appears in the output');
  });

  it('stops cleanly on SIGINT', async function () {
    running = startCli(['--port', '0']);
    const cli = running;
    await waitUntil(() => /listening on /.test(cli.output()), { timeoutMs: 10_000, what: 'the listening line' });
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });

  it('prints its usage for --help and refuses unknown options', function () {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: node dist\/sandbox\.js/);
    const wrong = spawnSync(process.execPath, [CLI, '--frobnicate'], { encoding: 'utf8' });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /unknown option '--frobnicate'/);
  });
});
