/**
 * Completion, hover and signature help in an `.aql` editor, through VS Code's own commands, against
 * the test server (the sandbox, or ARANGODB_URL): collections, a graph and a user function the test
 * creates, attributes sampled from its documents, functions, bind parameters and variables.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { activatedExtension, openQuery, runQuery, waitFor } from './support';

async function completionsAt(text: string, offset = text.length): Promise<vscode.CompletionList> {
  const editor = await openQuery(text);
  return vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.document.positionAt(offset));
}

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

async function hoverText(text: string, offset: number): Promise<string> {
  const editor = await openQuery(text);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(offset));
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

describe('AQL completion, hover and signature help', function () {
  this.timeout(60_000);
  const suffix = randomBytes(4).toString('hex');
  const people = `compl_people_${suffix}`;
  const knows = `compl_knows_${suffix}`;
  const graph = `compl_graph_${suffix}`;
  const userFunction = `COMPL_${suffix.toUpperCase()}::DOUBLE`;
  let api: ExtensionApi;
  let database: string;

  /** A request with the extension's own settings and the test password (what the client cannot do: graphs, user functions). */
  async function send(method: string, path: string, body?: unknown): Promise<void> {
    const config = vscode.workspace.getConfiguration('arangodb');
    const url = String(config.get('url')).replace(/\/+$/, '');
    const auth = Buffer.from(`${String(config.get('username') || 'root')}:${process.env.ARANGODB_TEST_PASSWORD ?? ''}`).toString('base64');
    const response = await fetch(`${url}/_db/${encodeURIComponent(database)}${path}`, {
      method,
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${await response.text()}`);
  }

  before(async function () {
    api = await activatedExtension();
    database = api.services.connection.database;
    const db = api.services.connection.databaseHandle(database);
    await db.createCollection(people);
    await db.collection(people).insert({ name: 'Ann', address: { city: 'Oslo' } });
    await db.collection(people).insert({ name: 'Bo', age: 41 });
    await send('POST', '/_api/gharial', { name: graph, edgeDefinitions: [{ collection: knows, from: [people], to: [people] }] });
    await send('POST', '/_api/aqlfunction', { name: userFunction, code: 'function (x) { return 2 * x; }' });
    assert.ok(await api.aqlFeatures.refresh(), 'Refresh Schema read the schema');
  });

  after(async function () {
    await send('DELETE', `/_api/gharial/${graph}?dropCollections=true`).catch(() => undefined);
    await send('DELETE', `/_api/aqlfunction/${userFunction}`).catch(() => undefined);
    await api.services.connection.databaseHandle(database).dropCollection(people).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers the database\'s collections after FOR x IN, edge collections marked, and traversal keywords', async function () {
    const list = await completionsAt('FOR p IN ');
    const names = labels(list);
    assert.ok(names.includes(people) && names.includes(knows) && names.includes('OUTBOUND'), names.slice(0, 30).join(', '));
    assert.equal(list.items.find((item) => item.label === knows)?.kind, vscode.CompletionItemKind.Interface);
    assert.ok(!names.includes('RETURN'));
  });

  it('offers attribute names sampled from the collection after doc.', async function () {
    const text = `FOR p IN ${people} FILTER p.`;
    await completionsAt(text);
    await api.aqlFeatures.schema.whenIdle();
    const names = labels(await completionsAt(text));
    assert.ok(names.includes('name') && names.includes('address') && names.includes('age'), names.join(', '));
    const nested = labels(await completionsAt(`FOR p IN ${people} RETURN p.address.`));
    assert.deepEqual(nested, ['city']);
  });

  it('offers functions with a snippet, the server\'s user functions, variables in scope and the file\'s bind parameters', async function () {
    const list = await completionsAt(`LET total = 1 FOR p IN ${people} FILTER p.age > @minAge RETURN `);
    const names = labels(list);
    for (const expected of ['total', 'p', 'LENGTH', userFunction, '@minAge']) assert.ok(names.includes(expected), `${expected} in ${names.slice(0, 20).join(', ')}…`);
    const length = list.items.find((item) => item.label === 'LENGTH');
    assert.ok(length?.insertText instanceof vscode.SnippetString && length.insertText.value === 'LENGTH($0)');
    assert.deepEqual(labels(await completionsAt('FOR p IN @@source FILTER p.a == @')).sort(), ['@@source']);
  });

  it('offers the named graphs after GRAPH', async function () {
    const list = await completionsAt(`FOR v IN 1 OUTBOUND "${people}/1" GRAPH `);
    assert.ok(labels(list).includes(graph));
  });

  it('describes a function with its documentation link, a collection with its type and count, a variable with where it is bound', async function () {
    assert.match(await hoverText('RETURN LENGTH([1])', 9), /LENGTH\(value: any\) → number[\s\S]*docs\.arangodb\.com\/3\.12\/aql\/functions\/array\/#length/);
    const query = `FOR p IN ${people} RETURN p`;
    assert.match(await hoverText(query, 10), new RegExp(`${people}\\*\\* — document collection of \`${database}\` · 2 documents`));
    assert.match(await hoverText(query, query.length - 1), /`p` — FOR variable over `compl_people_[0-9a-f]+`, bound at line 1, column 5/);
  });

  it('shows the value a bind parameter will be sent with', async function () {
    const text = `// @query adults bind.minAge=18\nFOR p IN ${people} FILTER p.age >= @minAge RETURN p`;
    assert.match(await hoverText(text, text.indexOf('@minAge') + 2), /will be sent as \(from the block header\)[\s\S]*18/);
  });

  it('helps with the signature while typing arguments', async function () {
    const text = 'RETURN SUBSTRING("abc", ';
    const editor = await openQuery(text);
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', editor.document.uri, editor.document.positionAt(text.length), ',');
    assert.match(help.signatures[0]?.label ?? '', /^SUBSTRING\(value: string, offset: number, length\?: number\) → string$/);
    assert.equal(help.activeParameter, 1);
  });

  it('Refresh Schema brings a new collection, and a query failing with 1203 drops the cached schema', async function () {
    const later = `compl_later_${suffix}`;
    await api.services.connection.databaseHandle(database).createCollection(later);
    try {
      assert.ok(!labels(await completionsAt('FOR x IN ')).includes(later), 'not there before the refresh');
      await vscode.commands.executeCommand('arangodb.refreshSchema');
      await api.aqlFeatures.schema.whenIdle();
      assert.ok(labels(await completionsAt('FOR x IN ')).includes(later));
      let dropped = false;
      const listening = api.aqlFeatures.schema.onDidChange((changed) => {
        if (changed === database && api.aqlFeatures.schema.schema(database) === undefined) dropped = true;
      });
      try {
        await runQuery(`FOR x IN compl_missing_${suffix} RETURN x`);
        await waitFor('the schema to be dropped after 1203', () => dropped);
      } finally {
        listening.dispose();
      }
    } finally {
      await api.services.connection.databaseHandle(database).dropCollection(later).catch(() => undefined);
    }
  });
});
