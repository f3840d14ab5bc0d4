/**
 * `npm run demo` stops everything it started when its process group gets SIGINT (Ctrl+C) or
 * SIGTERM: no process and no temporary folder is left, also when code-server is still starting.
 * The demo runs as a user starts it (npm → scripts/demo.mjs → the demo), with its own TMPDIR, so
 * that every folder it makes and every process it starts (all inherit that TMPDIR) can be found.
 */
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { packageExtension } from './codeServer';
import { liveMembers, processesWithTmpdirIn, spawnProcessGroup } from './processGroup';
import type { ProcessGroup } from './processGroup';
import { repoRoot } from './tools';

interface RunningDemo {
  readonly group: ProcessGroup;
  readonly tmp: string;
  /** Everything it printed so far. */
  output(): string;
}

/** Whether something accepts connections at `url`. */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(50);
  }
}

describe('npm run demo: Ctrl+C stops everything', function () {
  this.timeout(240_000);
  let scratch: string;
  let vsix: string;
  const running: RunningDemo[] = [];

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'arangodb-demo-test-'));
    vsix = await packageExtension(path.join(scratch, 'arangodb-async-aql.vsix'));
  });

  after(async () => {
    // Only when a test failed is anything left: stop it, and say so in the log.
    for (const demo of running) await demo.group.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function startDemo(name: string): Promise<RunningDemo> {
    const tmp = path.join(scratch, name);
    await mkdir(tmp);
    const group = spawnProcessGroup('npm', ['run', 'demo', '--', '--vsix', vsix], {
      cwd: repoRoot,
      env: { ...process.env, TMPDIR: tmp, DEMO_SANDBOX_PORT: '0' },
    });
    const chunks: string[] = [];
    group.child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    group.child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const demo = { group, tmp, output: () => chunks.join('') };
    running.push(demo);
    return demo;
  }

  /** Waits until the demo prints the URL to open; returns the code-server and sandbox URLs. */
  async function serving(demo: RunningDemo): Promise<{ codeServer: string; sandbox: string }> {
    return waitUntil('the demo to print the URL to open', 180_000, async () => {
      const output = demo.output();
      const codeServer = /\nopen (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      const sandbox = /sandbox: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (codeServer && sandbox) return { codeServer, sandbox };
      const exited = await Promise.race([demo.group.exited, sleep(0, undefined)]);
      assert.equal(exited, undefined, `the demo exited before serving:\n${demo.output()}`);
      return undefined;
    });
  }

  /** Signals the demo's process group, waits for npm to exit, then checks that nothing is left. */
  async function stopAndCheck(demo: RunningDemo, signal: NodeJS.Signals, urls: readonly string[]): Promise<void> {
    process.kill(-demo.group.groupId, signal);
    const exitedWith = await Promise.race([demo.group.exited, sleep(60_000, 'still running after 60 s')]);
    assert.notEqual(exitedWith, 'still running after 60 s', `npm run demo did not end on ${signal}:\n${demo.output()}`);
    // npm waits for the demo on SIGINT but ends at once on SIGTERM, while the demo is still
    // stopping: wait for the rest of npm's group (scripts/demo.mjs, the demo) to end by itself.
    const npmEnded = Date.now();
    await waitUntil(`the demo to end after npm (${signal})`, 60_000, async () => ((await liveMembers(demo.group.groupId)).length === 0 ? true : undefined));
    console.log(`      ${signal}: npm's group ended ${Date.now() - npmEnded} ms after npm itself`);
    assert.deepEqual(await processesWithTmpdirIn(demo.tmp), [], `processes of the demo are left:\n${demo.output()}`);
    for (const url of urls) assert.equal(await answers(url), false, `${url} still answers after ${signal}`);
    assert.deepEqual(await readdir(demo.tmp), [], `temporary folders are left:\n${demo.output()}`);
    assert.doesNotMatch(demo.output(), /cleanup failed/);
    running.splice(running.indexOf(demo), 1);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops code-server, the sandbox and removes every folder on ${signal} to npm's process group`, async () => {
      const demo = await startDemo(`serving-${signal}`);
      const urls = await serving(demo);
      // What must go: code-server in its own process group, under the demo's TMPDIR, serving.
      const processes = await processesWithTmpdirIn(demo.tmp);
      assert.ok(processes.some((seen) => /code-server/.test(seen.command) && /--bind-addr/.test(seen.command)), `no code-server among ${JSON.stringify(processes)}`);
      assert.ok(await answers(`${urls.codeServer}/healthz`), 'code-server does not answer');
      assert.ok(await answers(`${urls.sandbox}/_api/version`), 'the sandbox does not answer');
      assert.notDeepEqual(await readdir(demo.tmp), [], 'the demo made no temporary folder: the check below would prove nothing');
      await stopAndCheck(demo, signal, [urls.codeServer, urls.sandbox]);
    });
  }

  it('stops everything when the signal comes while code-server is still starting', async () => {
    const demo = await startDemo('starting');
    const codeServer = await waitUntil('code-server to be started', 120_000, async () => {
      const found = (await processesWithTmpdirIn(demo.tmp)).find((seen) => /code-server/.test(seen.command) && /--bind-addr/.test(seen.command));
      return found;
    });
    assert.doesNotMatch(demo.output(), /\nopen http/, 'code-server was serving already: this case did not test a start');
    const port = /--bind-addr 127\.0\.0\.1:(\d+)/.exec(codeServer.command)?.[1];
    assert.ok(port, codeServer.command);
    await stopAndCheck(demo, 'SIGTERM', [`http://127.0.0.1:${port}`]);
    assert.doesNotMatch(demo.output(), /\nopen http/, 'code-server finished starting before the signal arrived');
  });
});
