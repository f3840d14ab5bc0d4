import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, openQuery, waitFor, workspaceFile } from './support';

/** What the checks put on a document, as VS Code shows it: `line:from-to text [code] message`. */
function shown(document: vscode.TextDocument): string[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((diagnostic) => diagnostic.source === 'ArangoDB')
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${document.getText(d.range)}${d.code === undefined ? '' : ` [${typeof d.code === 'object' ? d.code.value : d.code}]`} ${d.message}`);
}

/** The parse requests the sandbox counted; `undefined` against a real server, which keeps no such count. */
async function parseRequestsAtServer(): Promise<number | undefined> {
  const url = vscode.workspace.getConfiguration('arangodb').get<string>('url', '');
  const response = await fetch(`${url.replace(/\/+$/, '')}/_sandbox/stats`).catch(() => undefined);
  if (response?.status !== 200) return undefined;
  const stats = (await response.json()) as { byRoute: Record<string, number> };
  return stats.byRoute['POST /_api/query'] ?? 0;
}

async function type(editor: vscode.TextEditor, at: vscode.Position | vscode.Range, text: string): Promise<void> {
  const done = await editor.edit((edit) => (at instanceof vscode.Range ? edit.replace(at, text) : edit.insert(at, text)));
  assert.ok(done, 'the edit was applied');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Checks as you type', () => {
  before(async () => {
    await activatedExtension();
    await vscode.workspace.getConfiguration('arangodb').update('checks.enabled', undefined, vscode.ConfigurationTarget.Workspace);
  });

  afterEach(async () => {
    // Reverted first: closing an edited untitled document would ask whether to save it.
    while (vscode.window.activeTextEditor !== undefined) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it("marks a syntax error where the server says, with its errorNum and message, and clears it once fixed", async () => {
    const editor = await openQuery('FOR i IN 1..3 FILTER i == 1 RETURN i');
    const document = editor.document;
    await pause(1000);
    assert.deepEqual(shown(document), [], 'a valid query has nothing to show');
    // Typing `i = 1` instead of `i == 1`.
    await type(editor, new vscode.Range(0, 23, 0, 25), '=');
    const [problem] = await waitFor('the syntax error', () => {
      const found = shown(document);
      return found.length > 0 && found;
    });
    assert.match(problem!, /^0:23-24 = \[1501\] syntax error, unexpected assignment near '= 1 RETURN i' at position 1:24$/);
    await type(editor, new vscode.Range(0, 23, 0, 24), '==');
    await waitFor('the syntax error to go away', () => shown(document).length === 0);
  });

  it('marks a bind parameter with no value at its use, and clears it once the block header gives one', async () => {
    const editor = await openQuery('FOR i IN 1..3 FILTER i > @min RETURN i');
    const document = editor.document;
    const [problem] = await waitFor('the parameter without a value', () => {
      const found = shown(document);
      return found.length > 0 && found;
    });
    assert.match(problem!, /^0:25-29 @min @min has no value: give one in a \.bindvars\.json file beside it, or when Run AQL Async asks for it\.$/);
    await type(editor, new vscode.Position(0, 0), '// @query q bind.min=1\n');
    await waitFor('the warning to go away', () => shown(document).length === 0);
  });

  it('takes values from the .bindvars.json beside the file, marks its keys no query uses, and looks again when it is saved', async () => {
    const query = workspaceFile('checks-bindvars.aql');
    const values = workspaceFile('checks-bindvars.bindvars.json');
    const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    await write(values, '{"city": 1, "unused": 2}');
    await write(query, 'FOR i IN 1..3 FILTER i == @city OR i == @limit RETURN i');
    try {
      const document = await vscode.workspace.openTextDocument(query);
      await vscode.window.showTextDocument(document);
      const problems = await waitFor('the checks of the file', () => {
        const found = shown(document);
        return found.length >= 2 && found;
      });
      assert.deepEqual(problems.sort(), [
        '0:0-55 FOR i IN 1..3 FILTER i == @city OR i == @limit RETURN i checks-bindvars.bindvars.json gives @unused, which no query of this file uses; it is not sent.',
        '0:40-46 @limit @limit has no value: give one in checks-bindvars.bindvars.json, or when Run AQL Async asks for it.',
      ]);
      const json = await vscode.workspace.openTextDocument(values);
      const editor = await vscode.window.showTextDocument(json);
      await type(editor, new vscode.Range(0, 0, json.lineCount, 0), '{"city": 1, "limit": 2}');
      await json.save();
      await waitFor('the checks to take the saved values', () => shown(document).length === 0);
    } finally {
      await vscode.workspace.fs.delete(query);
      await vscode.workspace.fs.delete(values);
    }
  });

  it("marks an optimizer rule the server's own list lacks on the header line, and clears it once corrected", async () => {
    const editor = await openQuery('// @query q maxRuntime=60 optimizer.rules=-use-indexs\nFOR i IN 1..3 RETURN i');
    const document = editor.document;
    await waitFor("the server's verdict on the rule", () => shown(document).some((line) => line.includes('GET /_api/query/rules')));
    assert.deepEqual(shown(document), ['0:43-53 use-indexs The server has no optimizer rule use-indexs (GET /_api/query/rules). Did you mean use-indexes?']);
    await type(editor, new vscode.Range(0, 43, 0, 53), 'use-indexes');
    await waitFor('the header problem to go away', () => shown(document).length === 0);
  });

  it('marks a collection the database does not have at its name', async () => {
    const editor = await openQuery('FOR d IN no_such_collection_for_checks RETURN d');
    const document = editor.document;
    const [problem] = await waitFor('the unknown collection', () => {
      const found = shown(document);
      return found.length > 0 && found;
    });
    assert.match(problem!, /^0:9-38 no_such_collection_for_checks \[1203\] /);
  });

  it('sends nothing and shows nothing while turned off, and clears what it showed', async () => {
    const config = vscode.workspace.getConfiguration('arangodb');
    const editor = await openQuery('FOR i IN 1..3 FILTER i = 1 RETURN i');
    const document = editor.document;
    await waitFor('the syntax error', () => shown(document).length > 0);
    await config.update('checks.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the marks to be cleared', () => shown(document).length === 0);
      const before = await parseRequestsAtServer();
      await type(editor, new vscode.Position(0, 0), 'RETURN @nothing\n');
      await type(editor, new vscode.Position(0, 0), 'LET x = \n');
      await pause(1500);
      assert.deepEqual(shown(document), []);
      assert.equal(await parseRequestsAtServer(), before, 'no parse request reached the server');
    } finally {
      await config.update('checks.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the checks to run again once turned on', () => shown(document).length > 0);
  });

  it('clears the marks of a document that is closed', async () => {
    const editor = await openQuery('RETURN @unset');
    const uri = editor.document.uri;
    await waitFor('the parameter without a value', () => shown(editor.document).length > 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the marks to go with the document', () => vscode.languages.getDiagnostics(uri).length === 0);
  });
});
