import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { credentialsKey } from '../../src/connection/credentials';
import { PlainHttpWarning } from '../../src/connection/plainHttpWarning';
import type { ExtensionApi } from '../../src/extension';
import type { TrackedJob } from '../../src/jobs/trackedJob';
import { activatedExtension, openQuery, waitFor, withAnswers } from './support';

type Message = { kind: string; text: string; items: unknown[] };

/** Every notification shown while `body` runs (answered with no choice). */
async function recordMessages<T>(body: (messages: Message[]) => Promise<T>): Promise<{ result: T; messages: Message[] }> {
  const messages: Message[] = [];
  const record = (kind: string) => (text: unknown, ...rest: unknown[]) => {
    messages.push({ kind, text: String(text), items: rest.filter((item) => typeof item === 'string') });
    return Promise.resolve(undefined);
  };
  const result = await withAnswers(
    { showInformationMessage: record('info'), showWarningMessage: record('warning'), showErrorMessage: record('error') },
    () => body(messages),
  );
  return { result, messages };
}

describe('What the user is told', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await activatedExtension();
  });

  const job = (key: string): TrackedJob | undefined => api.services.store.get(key);

  async function run(query: string): Promise<string> {
    await openQuery(query);
    const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
    assert.ok(key, 'Run AQL Async returned no job');
    return key;
  }

  it('confirms Copy Job ID in the status bar', async () => {
    const key = await run('RETURN "copy my id"');
    const shown: string[] = [];
    const window = vscode.window as unknown as Record<string, unknown>;
    const original = window['setStatusBarMessage'] as (text: string, timeout: number) => vscode.Disposable;
    window['setStatusBarMessage'] = (text: string, timeout: number) => (shown.push(text), original(text, timeout));
    try {
      await vscode.commands.executeCommand('arangodb.copyJobId', key);
    } finally {
      window['setStatusBarMessage'] = original;
    }
    const id = job(key)?.id ?? '';
    assert.equal(await vscode.env.clipboard.readText(), id);
    assert.deepEqual(shown, [`$(copy) ArangoDB: copied job ID ${id}`]);
  });

  it('cancels with one message that says what happened', async () => {
    const key = await run('RETURN SLEEP(30)');
    const { messages } = await recordMessages(async () => {
      await vscode.commands.executeCommand('arangodb.cancelJob', key);
      // The cancelled job's stored answer is when the finish notice used to speak a second time.
      await waitFor('the cancelled answer to be stored', () => job(key)?.state === 'cancelled' && job(key)?.result);
    });
    const id = job(key)?.id ?? '';
    const aboutJob = messages.filter((message) => new RegExp(`job ${id}\\b`).test(message.text));
    assert.equal(aboutJob.length, 1, JSON.stringify(messages));
    assert.match(aboutJob[0]?.text ?? '', /^ArangoDB: job \d+ \(RETURN SLEEP\(30\)\): the job was cancelled/);
  });

  it('asks before clearing a stored result with keeping it as the default, names the query, and Escape clears nothing', async () => {
    const key = await run('RETURN "kept on this machine"');
    await waitFor('the result to be stored', () => job(key)?.result);
    const id = job(key)?.id ?? '';
    const asked: Array<{ message: string; modal: boolean; items: unknown[] }> = [];
    const answer = (choice: (items: unknown[]) => unknown) => (message: unknown, options: unknown, ...items: unknown[]) => {
      asked.push({ message: String(message), modal: (options as vscode.MessageOptions).modal === true, items });
      return Promise.resolve(choice(items));
    };
    await withAnswers({ showWarningMessage: answer(() => undefined) }, () => Promise.resolve(vscode.commands.executeCommand('arangodb.clearJob', key)));
    assert.ok(job(key), 'Escape cleared the job');
    assert.ok(await api.services.results.get(key));
    assert.deepEqual(asked[0], {
      message: `Clear job ${id} (RETURN "kept on this machine")?`,
      modal: true,
      items: ['Clear, Keep Stored Result', 'Clear and Delete Stored Result'],
    });

    // The first button is the one Enter presses.
    await withAnswers({ showWarningMessage: answer((items) => items[0]) }, () => Promise.resolve(vscode.commands.executeCommand('arangodb.clearJob', key)));
    assert.equal(job(key), undefined);
    assert.ok(await api.services.results.get(key), 'the default button deleted the stored result');
  });

  it('refuses to switch to a database the server does not know, says why and lists those the user can access', async () => {
    const { connection } = api.services;
    const before = connection.settings.database;
    const offered: string[] = [];
    await withAnswers(
      { showQuickPick: (items: unknown) => (offered.push(...(items as vscode.QuickPickItem[]).map((item) => item.label)), Promise.resolve(undefined)) },
      () => Promise.resolve(vscode.commands.executeCommand('arangodb.switchDatabase')),
    );
    assert.ok(offered.includes(before), `the picker offered ${offered.join(', ')}`);
    assert.equal(offered.at(-1), 'Other database…');

    const { messages } = await recordMessages(() => Promise.resolve(vscode.commands.executeCommand('arangodb.switchDatabase', 'no_such_database')));
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0]?.kind, 'error');
    assert.match(messages[0]?.text ?? '', /^ArangoDB: there is no database "no_such_database" \(the server says: database not found \(errorNum 1228, HTTP 404\)\)\. Databases \w+ can access: .*/);
    assert.ok(messages[0]?.text.includes(before));
    assert.equal(connection.settings.database, before);
  });

  it('forgets the stored password, says so, and reconnects without it', async () => {
    const { connection, context } = api.services;
    const key = credentialsKey(connection.settings);
    assert.ok(await context.secrets.get(key));
    try {
      const { messages } = await recordMessages(() => Promise.resolve(vscode.commands.executeCommand('arangodb.forgetCredentials')));
      assert.equal(await context.secrets.get(key), undefined);
      // The test server wants a password, so refreshing jobs may report the 401 as well: that is the poller's news.
      const told = messages.filter((message) => !message.text.startsWith('ArangoDB: Refreshing jobs on '));
      assert.deepEqual(told.map((message) => [message.kind, message.items]), [['info', ['Set Password or Token']]], JSON.stringify(messages));
      assert.match(told[0]?.text ?? '', /^ArangoDB: forgot the password for \w+@http:\/\/127\.0\.0\.1:\d+; the server refuses requests without one \(HTTP 401\)\.$/);
      assert.ok(connection.isConfigured);
      await assert.rejects(connection.databaseHandle(connection.database).version(), (error: { httpCode?: number }) => error.httpCode === 401);

      const again = await recordMessages(() => Promise.resolve(vscode.commands.executeCommand('arangodb.forgetCredentials')));
      assert.match(again.messages[0]?.text ?? '', /no password or token is stored for/);
    } finally {
      await connection.storeSecret({ kind: 'password', value: process.env.ARANGODB_TEST_PASSWORD ?? '' });
      await connection.reload();
    }
    assert.ok((await connection.databaseHandle(connection.database).version()).version);
  });

  it('Connect writes one server URL and the further coordinators as a list, and a list left in arangodb.url still connects', async () => {
    const { connection, context } = api.services;
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('arangodb');
    const originalUrl = config().inspect('url')?.workspaceValue;
    const server = connection.settings.urls[0] ?? '';
    const second = server.replace('127.0.0.1', 'localhost');
    const password = process.env.ARANGODB_TEST_PASSWORD ?? '';
    const answers = [`${server}, ${second}`, connection.settings.username, password];
    try {
      const { messages } = await recordMessages(() =>
        withAnswers({ showInputBox: () => Promise.resolve(answers.shift()) }, () => Promise.resolve(vscode.commands.executeCommand('arangodb.connect'))),
      );
      assert.equal(config().inspect('url')?.workspaceValue, server);
      assert.deepEqual(config().inspect('coordinators')?.workspaceValue, [second]);
      assert.deepEqual(connection.settings.urls, [server, second]);
      assert.deepEqual(connection.coordinators(), [server, second]);
      assert.match(messages.at(-1)?.text ?? '', /^ArangoDB: connected to /, JSON.stringify(messages));

      // As version 0.1 wrote it: the whole list in arangodb.url. The secret stored for it is found.
      await config().update('coordinators', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('url', [server, second], vscode.ConfigurationTarget.Workspace);
      await connection.reload();
      assert.deepEqual(connection.settings.urls, [server, second]);
      assert.deepEqual(connection.coordinators(), [server, second]);
      assert.ok((await connection.databaseHandle(connection.database).version()).version);
    } finally {
      await context.secrets.delete(credentialsKey({ username: connection.settings.username, urls: [server, second] }));
      await config().update('coordinators', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('url', originalUrl, vscode.ConfigurationTarget.Workspace);
      await connection.reload();
    }
    assert.deepEqual(connection.coordinators(), [server]);
    assert.ok((await connection.databaseHandle(connection.database).version()).version);
  });

  it('warns once when a password would go over plain http to another machine, and says so in the status bar', async () => {
    const lines: string[] = [];
    const log = { warn: (line: string) => lines.push(line) } as unknown as vscode.LogOutputChannel;
    const warning = new PlainHttpWarning(log);
    const settings = { ...api.services.connection.settings, username: 'alice', urls: ['http://192.0.2.10:8529', 'http://127.0.0.1:8529'] };
    const secret = { kind: 'password', value: 'Zebra-4711' } as const;
    const { messages } = await recordMessages(() => {
      warning.check(settings, secret);
      warning.check(settings, secret);
      return Promise.resolve();
    });
    assert.deepEqual(warning.exposed, ['http://192.0.2.10:8529']);
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0]?.kind, 'warning');
    assert.match(messages[0]?.text ?? '', /password of alice is sent readable with every request to http:\/\/192\.0\.2\.10:8529 .*https:\/\/.*JWT token/);
    assert.equal(lines.length, 1);
    assert.ok(![...lines, messages[0]?.text ?? ''].some((text) => text.includes('Zebra-4711')));

    const statusBar = api.statusBar;
    statusBar.setConnection({ ...api.services.connection.describe(), passwordInTheClear: warning.exposed });
    assert.match(statusBar.tooltipText, /password is sent \*\*readable\*\* over plain http to `http:\/\/192\.0\.2\.10:8529`/);
    assert.match(statusBar.text, /^\$\(warning\) /);
    // The test server is on the loopback address: the live connection exposes nothing.
    statusBar.setConnection(api.services.connection.describe());
    assert.doesNotMatch(statusBar.tooltipText, /readable/);
  });
});
