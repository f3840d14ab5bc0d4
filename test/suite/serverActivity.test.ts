import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { RunningQuery } from '../../src/client/aql';
import { KILL_QUERY } from '../../src/commands/serverActivityCommands';
import type { ExtensionApi } from '../../src/extension';
import type { ServerQueryList } from '../../src/jobs/serverActivityPoller';
import type { ServerActivityNode } from '../../src/views/serverActivityTree';
import { activatedExtension, waitFor, withAnswers } from './support';

/** A request to the test server from outside the extension, with the workspace's server and the test password. */
async function serverRequest(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | unknown[] }> {
  const settings = vscode.workspace.getConfiguration('arangodb');
  const url = String(settings.get('url')).replace(/\/+$/, '');
  const database = String(settings.get('database') ?? '_system');
  const username = String(settings.get('username') ?? 'root');
  const auth = Buffer.from(`${username}:${process.env.ARANGODB_TEST_PASSWORD ?? ''}`).toString('base64');
  const target = path.startsWith('/_sandbox') ? `${url}${path}` : `${url}/_db/${encodeURIComponent(database)}${path}`;
  const response = await fetch(target, {
    method,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('Server Activity: the server\'s running and slow queries', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let trackingBefore: Record<string, unknown> | undefined;

  before(async () => {
    api = await activatedExtension();
    const properties = await serverRequest('GET', '/_api/query/properties');
    trackingBefore = properties.json as Record<string, unknown>;
    // A killed query is listed as slow only if it ran past the threshold.
    const changed = await serverRequest('PUT', '/_api/query/properties', { slowQueryThreshold: 0.2, trackSlowQueries: true, enabled: true });
    assert.equal(changed.status, 200, `PUT /_api/query/properties: ${JSON.stringify(changed.json)}`);
  });

  after(async () => {
    if (trackingBefore) {
      const { slowQueryThreshold, trackSlowQueries, enabled } = trackingBefore;
      await serverRequest('PUT', '/_api/query/properties', { slowQueryThreshold, trackSlowQueries, enabled });
    }
  });

  function listNode(list: ServerQueryList): ServerActivityNode {
    const node = api.serverActivity.tree.getChildren().find((child) => child.kind === 'serverList' && child.list === list);
    assert.ok(node, `no ${list} group`);
    return node;
  }

  function listed(list: ServerQueryList, text: string): { node: ServerActivityNode; query: RunningQuery } | undefined {
    const tree = api.serverActivity.tree;
    for (const node of tree.getChildren(listNode(list))) {
      const query = tree.query(node);
      if (query?.query === text) return { node, query };
    }
    return undefined;
  }

  async function showView(): Promise<void> {
    await vscode.commands.executeCommand('arangodb.serverActivity.focus');
    await waitFor('the Server Activity view to be visible', () => api.serverActivity.view.visible, 10_000);
  }

  async function expand(list: ServerQueryList): Promise<void> {
    await api.serverActivity.view.reveal(listNode(list), { expand: true, focus: false, select: false });
    await waitFor(`the ${list} list to be read`, () => api.serverActivity.poller.isPolling(list) && api.serverActivity.poller.reading(list).kind === 'read', 10_000);
  }

  it('shows a long query run from outside in Running Queries, kills it (errorNum 1500), finds it in Slow Queries, and clears that list', async () => {
    await showView();
    await expand('running');
    await expand('slow');
    const text = `FOR i IN 1..30 LET s = SLEEP(1) RETURN [i, "${randomBytes(6).toString('hex')}"]`;
    const answer = serverRequest('POST', '/_api/cursor', { query: text });
    try {
      const running = await waitFor('the query among the running ones', () => listed('running', text), 20_000);
      const item = api.serverActivity.tree.getTreeItem(running.node);
      assert.equal(item.label, text);
      assert.equal(item.contextValue, 'serverQuery.running', 'a query run from outside is no job of ours');
      assert.match(String(item.description), /^\w+ · [\d.]+ (ms|s) · /);

      const asked: string[] = [];
      await withAnswers({ showWarningMessage: (message: unknown) => { asked.push(String(message)); return Promise.resolve(KILL_QUERY); } }, async () => {
        await vscode.commands.executeCommand('arangodb.serverActivity.killQuery', running.node);
      });
      assert.equal(asked.length, 1, 'Kill Query asks first');
      const ended = await answer;
      assert.equal((ended.json as Record<string, unknown>)['errorNum'], 1500, JSON.stringify(ended.json));
      await waitFor('the killed query to leave Running Queries', () => listed('running', text) === undefined, 10_000);
      const slow = await waitFor('the killed query in Slow Queries', () => listed('slow', text), 10_000).catch(async (error: unknown) => {
        const tracking = await serverRequest('GET', '/_api/query/properties');
        const slowAtServer = await serverRequest('GET', '/_api/query/slow');
        throw new Error(
          `${String(error)}; slow list polled: ${api.serverActivity.poller.isPolling('slow')}, read: ${JSON.stringify(api.serverActivity.poller.reading('slow'))}; ` +
            `tracking at the server: ${JSON.stringify(tracking.json)}; slow at the server: ${JSON.stringify(slowAtServer.json)}`,
        );
      });
      assert.equal(slow.query.exitCode, 1500);
      assert.match(String(api.serverActivity.tree.getTreeItem(slow.node).description), /errorNum 1500/);

      await vscode.commands.executeCommand('arangodb.serverActivity.clearSlowQueries');
      await waitFor('the slow list read again without the query', () => listed('slow', text) === undefined, 10_000);
    } finally {
      // Whatever happened above, nothing keeps sleeping on the server.
      const current = await serverRequest('GET', '/_api/query/current');
      for (const entry of current.json as Array<Record<string, unknown>>) {
        if (entry['query'] === text) await serverRequest('DELETE', `/_api/query/${String(entry['id'])}`);
      }
      await answer.catch(() => undefined);
    }
  });

  it('links a pending job of ours to its running query instead of listing it as someone else\'s', async () => {
    await showView();
    await expand('running');
    // Long enough to outlast a slow first read on a loaded machine; cancelled at the end.
    const text = `RETURN [SLEEP(30), "${randomBytes(6).toString('hex')}"]`;
    const document = await vscode.workspace.openTextDocument({ language: 'aql', content: text });
    await vscode.window.showTextDocument(document);
    const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
    assert.ok(key, 'Run AQL Async returned no job');
    try {
      // A read can come between the server taking the job and the job store holding it: that read
      // lists the query unlinked, and the next one links it.
      const running = await waitFor(
        'the job\'s query among the running ones, linked to the job',
        () => {
          const found = listed('running', text);
          return found && api.serverActivity.tree.getTreeItem(found.node).contextValue === 'serverQuery.running.job' ? found : undefined;
        },
        20_000,
      );
      const job = api.services.store.get(key);
      assert.ok(job);
      const item = api.serverActivity.tree.getTreeItem(running.node);
      assert.match(String(item.description), new RegExp(`^= job ${job.id} · `));
      const jobNode = api.explorer.getChildren().flatMap((group) => api.explorer.getChildren(group)).find((node) => node.kind === 'job' && node.key === key);
      assert.ok(jobNode);
      assert.match(String(api.explorer.getTreeItem(jobNode).description), /^running on server: \w+, [\d.]+ (ms|s) · /);
    } finally {
      await api.services.actions.cancel(key).catch(() => undefined);
      await waitFor('the job to end', () => api.services.store.get(key)?.state !== 'pending', 20_000);
      await api.services.actions.clear([key], { deleteStoredResults: true });
    }
  });

  it('reads an expanded list once per polling interval while visible, and sends nothing when collapsed or hidden', async () => {
    await showView();
    await expand('running');
    await expand('slow');
    const sandbox = (await serverRequest('GET', '/_sandbox/stats')).status === 200;
    // At a real server the poller's own count stands in for the sandbox's.
    const requests = async (): Promise<number> => {
      if (!sandbox) return api.serverActivity.poller.requestsSent('running') + api.serverActivity.poller.requestsSent('slow');
      const stats = (await serverRequest('GET', '/_sandbox/stats')).json as { byRoute: Record<string, number> };
      return (stats.byRoute['GET /_api/query/current'] ?? 0) + (stats.byRoute['GET /_api/query/slow'] ?? 0);
    };
    const intervalMs = api.services.connection.settings.polling.intervalMs;
    const windowMs = Math.max(2000, intervalMs * 8);

    let before = await requests();
    await sleep(windowMs);
    const expanded = (await requests()) - before;
    const most = 2 * (Math.floor(windowMs / intervalMs) + 1);
    assert.ok(expanded >= 2 && expanded <= most, `${expanded} requests in ${windowMs} ms with both lists expanded (at most ${most})`);

    await vscode.commands.executeCommand('workbench.actions.treeView.arangodb.serverActivity.collapseAll');
    await waitFor('both lists to stop', () => !api.serverActivity.poller.isPolling('running') && !api.serverActivity.poller.isPolling('slow'), 5000).catch((error: unknown) => {
      throw new Error(`${String(error)}; polled: running ${api.serverActivity.poller.isPolling('running')}, slow ${api.serverActivity.poller.isPolling('slow')}`);
    });
    await sleep(intervalMs);
    before = await requests();
    await sleep(windowMs);
    assert.equal((await requests()) - before, 0, 'requests while collapsed');

    await expand('running');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor('the view to be hidden', () => !api.serverActivity.view.visible, 5000);
    await sleep(intervalMs);
    before = await requests();
    await sleep(windowMs);
    assert.equal((await requests()) - before, 0, 'requests while hidden');
  });
});
