import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTestFiles } from '../suite/mochaHost';
import { workbenchUrl } from './browser';
import type { CodeServer } from './codeServer';
import { codeServerEnv, freePort, mergeSettings, quietSettings } from './codeServer';
import { isExpectedNoise, isWorkbenchChatter } from './consoleLog';
import { liveMembers, spawnProcessGroup } from './processGroup';
import type { E2eTools } from './tools';

const tools: E2eTools = {
  node: '/cache/node-v24/bin/node',
  nodeDir: '/cache/node-v24',
  codeServer: '/cache/code-server/out/node/entry.js',
  codeServerVersion: '4.139.1',
  chromium: '/usr/bin/chromium',
};

describe('code-server harness', () => {
  describe('settings', () => {
    it('keeps every quiet default and lets a given setting override its key', () => {
      const merged = mergeSettings({ 'workbench.startupEditor': 'welcomePage', 'arangodb.url': 'http://127.0.0.1:1' });
      assert.equal(merged['workbench.startupEditor'], 'welcomePage');
      assert.equal(merged['arangodb.url'], 'http://127.0.0.1:1');
      for (const [key, value] of Object.entries(quietSettings)) {
        if (key !== 'workbench.startupEditor') assert.deepEqual(merged[key], value, key);
      }
    });
  });

  describe('freePort', () => {
    it('returns a port that can be bound on 127.0.0.1', async () => {
      const port = await freePort();
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
  });

  describe('codeServerEnv', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    });

    it('drops what code-server would read as options: PORT and a VS Code terminal hook', () => {
      process.env['PORT'] = '8080';
      process.env['VSCODE_IPC_HOOK_CLI'] = '/tmp/vscode-ipc.sock';
      const env = codeServerEnv(tools, '/run');
      assert.equal(env['PORT'], undefined);
      assert.equal(env['VSCODE_IPC_HOOK_CLI'], undefined);
    });

    it('puts Node 24 first on PATH and the XDG folders inside the run folder', () => {
      const env = codeServerEnv(tools, '/run');
      assert.equal(env['PATH']?.split(path.delimiter)[0], '/cache/node-v24/bin');
      assert.equal(env['XDG_CONFIG_HOME'], '/run/xdg/config');
      assert.equal(env['XDG_DATA_HOME'], '/run/xdg/data');
      assert.equal(env['XDG_CACHE_HOME'], '/run/xdg/cache');
    });

    it('passes the caller\'s variables on, over the inherited ones', () => {
      process.env['ARANGODB_URL'] = 'inherited';
      const env = codeServerEnv(tools, '/run', { ARANGODB_URL: 'http://127.0.0.1:8529' });
      assert.equal(env['ARANGODB_URL'], 'http://127.0.0.1:8529');
    });
  });

  describe('workbenchUrl', () => {
    it('carries the folder and the smoke-test payload as JSON in the query', () => {
      const server = { url: 'http://127.0.0.1:4000' } as CodeServer;
      const payload: Array<[string, string]> = [['extensionTestsPath', 'vscode-remote://127.0.0.1:4000/x/index.js']];
      const url = new URL(workbenchUrl(server, '/work space', payload));
      assert.equal(url.origin, 'http://127.0.0.1:4000');
      assert.equal(url.searchParams.get('folder'), '/work space');
      assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? 'null'), payload);
    });
  });

  describe('console noise', () => {
    it('treats open-vsx look-ups and vsda 404s as noise, other errors not', () => {
      assert.equal(isExpectedNoise({ type: 'error', text: 'getaddrinfo ENOTFOUND open-vsx.org', url: '' }), true);
      assert.equal(
        isExpectedNoise({ type: 'error', text: 'Failed to load resource: 404', url: 'http://127.0.0.1:1/node_modules/vsda/rust/web/vsda.js' }),
        true,
      );
      assert.equal(isExpectedNoise({ type: 'error', text: 'Activating extension failed', url: 'http://127.0.0.1:1/workbench.js' }), false);
    });

    it('leaves the workbench\'s connection chatter out of the streamed log, but never mocha\'s report', () => {
      assert.equal(isWorkbenchChatter('Resolving connection token (127.0.0.1:45939)...'), true);
      assert.equal(isWorkbenchChatter('[AccountPolicyGate] apply: state=inactive, reason=undefined, isRestricted=false'), true);
      for (const line of ['  5 passing (1s)', '  1 failing', '    ✔ runs its command', '[error] SuiteFailedError: 1 of 2 tests failed.', 'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:']) {
        assert.equal(isWorkbenchChatter(line), false, line);
      }
    });
  });

  describe('process groups', () => {
    it('stops the leader and the processes it started', async () => {
      const group = spawnProcessGroup('sh', ['-c', 'sleep 300 & sleep 300 & wait'], {});
      await waitUntilMembers(group.groupId, 3);
      await group.stop();
      assert.deepEqual(await liveMembers(group.groupId), []);
    });

    it('kills members that ignore SIGTERM once the grace time is over', async () => {
      // An ignored signal stays ignored across fork and exec, so the sleeps ignore SIGTERM too.
      const group = spawnProcessGroup('sh', ['-c', 'trap "" TERM; sleep 300 & sleep 300 & wait'], {});
      await waitUntilMembers(group.groupId, 3);
      const started = Date.now();
      await group.stop(300);
      assert.deepEqual(await liveMembers(group.groupId), []);
      assert.ok(Date.now() - started >= 300, 'SIGKILL came before the grace time');
      assert.equal(await group.exited, 'SIGKILL');
    });
  });

  describe('findTestFiles', () => {
    let root: string;
    beforeEach(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'find-tests-'));
    });
    afterEach(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('finds compiled test files in nested folders, sorted, and nothing else', async () => {
      await mkdir(path.join(root, 'views'));
      for (const file of ['b.test.js', 'a.test.js', 'index.js', 'a.test.js.map', 'views/tree.test.js']) {
        await writeFile(path.join(root, file), '');
      }
      assert.deepEqual(findTestFiles(root), [path.join(root, 'a.test.js'), path.join(root, 'b.test.js'), path.join(root, 'views', 'tree.test.js')]);
    });
  });
});

async function waitUntilMembers(groupId: number, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await liveMembers(groupId)).length < count) {
    if (Date.now() > deadline) throw new Error(`group ${groupId} never had ${count} members`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
