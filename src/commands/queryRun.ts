import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Services } from '../services';
import { BindVarsFileError, bindVarsFileFor, findBindParameters, mergeBindVars, parseBindValue, readBindVarsFile, requiredBindVarKeys } from '../language/bindParameters';
import { blockAt, parseQueryBlocks, queryRunOptions } from '../language/queryBlocks';
import type { QueryBlock, QueryRunOptions } from '../language/queryBlocks';
import { CommandId } from './commandIds';

export type { QueryRunOptions } from '../language/queryBlocks';

const REMEMBERED_BIND_VARS = 'arangodb.bindVars.v1';

/** The bind values given for a document at earlier runs, as completion, checks and runs read them. */
export function rememberedBindVars(state: vscode.Memento, document: vscode.Uri): Record<string, unknown> | undefined {
  return state.get<Record<string, Record<string, unknown>>>(REMEMBERED_BIND_VARS, {})[document.toString()];
}

/** Everything needed to submit (or explain, or profile) one query from an editor. */
export interface QueryRun {
  readonly text: string;
  /** Where `text` starts in the document, so server error positions map back to it. */
  readonly start: vscode.Position;
  /** The stretch of the document `text` was taken from. */
  readonly range: vscode.Range;
  readonly document: vscode.TextDocument;
  /** The `// @query` name of the block run, when it has one. */
  readonly blockName?: string;
  readonly bindVars: Record<string, unknown>;
  readonly options: QueryRunOptions;
}

/** What to run before bind values are asked for: the text, where it is, and the block it belongs to. */
interface QueryText {
  readonly text: string;
  readonly range: vscode.Range;
  readonly block: QueryBlock | undefined;
}

/**
 * What to run from an editor, ready to submit: `target` (a block's range, as a CodeLens gives it)
 * when given; else the selection; else, in a file with `// @query` blocks, the block at the
 * cursor; else the whole document. A selection inside one block runs with that block's options.
 * Bind values: the block header's, over the file's `.bindvars.json`, over values remembered for
 * the document; missing ones are asked for. Options: the settings, overridden by the header.
 * Shows the reason and resolves to `undefined` when there is nothing to run, no connection, a
 * header with errors, or the person gave up on a bind value.
 */
export async function resolveQueryRun(services: Services, editor: vscode.TextEditor, target?: vscode.Range): Promise<QueryRun | undefined> {
  const query = queryText(editor, target);
  if ('problem' in query) {
    void vscode.window.showErrorMessage(`ArangoDB: ${query.problem}`);
    return undefined;
  }
  if (!services.connection.isConfigured) {
    const choice = await vscode.window.showErrorMessage('ArangoDB: not connected. Set the server URL first.', 'Connect');
    if (choice === 'Connect') {
      await vscode.commands.executeCommand(CommandId.connect);
    }
    return undefined;
  }
  const bindVars = await gatherBindVars(services, editor.document, query.text, query.block?.options.bindVars);
  if (!bindVars) {
    return undefined;
  }
  return {
    text: query.text,
    start: query.range.start,
    range: query.range,
    document: editor.document,
    ...(query.block?.name !== undefined ? { blockName: query.block.name } : {}),
    bindVars,
    options: queryRunOptions(services.connection.settings.query, query.block?.options),
  };
}

function queryText(editor: vscode.TextEditor, target: vscode.Range | undefined): QueryText | { problem: string } {
  const document = editor.document;
  const selection = editor.selection;
  if (target === undefined && !selection.isEmpty) {
    const text = document.getText(selection);
    if (text.trim().length === 0) {
      return { problem: 'The selection holds no AQL: select a query, or clear the selection to run the whole file.' };
    }
    const blocks = parseQueryBlocks(document.getText());
    const first = blockAt(blocks, document.offsetAt(selection.start));
    const block = first !== undefined && first === blockAt(blocks, document.offsetAt(selection.end)) && first.name !== undefined ? first : undefined;
    return { text, range: new vscode.Range(selection.start, selection.end), block };
  }
  if (target === undefined && document.languageId !== 'aql') {
    return { problem: 'Select the AQL to run, or open an .aql file to run it whole.' };
  }
  const blocks = parseQueryBlocks(document.getText());
  const block = blockAt(blocks, document.offsetAt(target?.start ?? selection.active));
  if (block === undefined) {
    return {
      problem:
        target === undefined
          ? 'The cursor is not in a query block: put it below a // @query line, or select the AQL to run.'
          : 'That query block is no longer in the file.',
    };
  }
  const label = block.name === undefined ? 'This query' : `Block ${block.name}`;
  if (block.queryText.trim().length === 0) {
    return { problem: block.name === undefined ? 'This file holds no AQL yet.' : `${label} holds no query.` };
  }
  const headerError = block.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (headerError !== undefined) {
    return { problem: `${label} is not run: its header has a problem at line ${headerError.span.range.start.line + 1}: ${headerError.message}` };
  }
  const { start, end } = block.querySpan.range;
  return { text: block.queryText, range: new vscode.Range(start.line, start.character, end.line, end.character), block };
}

/**
 * Values for every `@name` and `@@name` in the query; undefined when the user gave up. Values
 * from the file and from prompts are remembered for the document; a header's are not, since the
 * header is where they live.
 */
async function gatherBindVars(
  services: Services,
  document: vscode.TextDocument,
  query: string,
  fromHeader: Readonly<Record<string, unknown>> | undefined,
): Promise<Record<string, unknown> | undefined> {
  const required = requiredBindVarKeys(findBindParameters(query));
  if (required.length === 0) {
    return {};
  }
  let fromFile: Record<string, unknown> | undefined;
  if (document.uri.scheme === 'file') {
    try {
      fromFile = await readBindVarsFile(bindVarsFileFor(document.uri.fsPath));
    } catch (error) {
      const message = error instanceof BindVarsFileError ? error.message : String(error);
      void vscode.window.showErrorMessage(`ArangoDB: ${message}`);
      return undefined;
    }
  }
  const written = fromHeader === undefined ? fromFile : Object.fromEntries([...Object.entries(fromFile ?? {}), ...Object.entries(fromHeader)]);
  const rememberedAll = services.context.workspaceState.get<Record<string, Record<string, unknown>>>(REMEMBERED_BIND_VARS, {});
  const remembered = rememberedAll[document.uri.toString()] ?? {};
  const merged = mergeBindVars(written, remembered, required);
  const values = { ...merged.bindVars };
  for (const key of merged.missing) {
    const isCollection = key.startsWith('@');
    const answer = await vscode.window.showInputBox({
      title: `Bind parameter @${key}`,
      prompt: isCollection
        ? `Collection name for @${key}. Remembered for this document.`
        : `JSON value for @${key}, e.g. 42, "text", [1, 2] or {"a": 1}. Remembered for this document; a ${bindVarsHint(document)} file beside it is read first.`,
      ignoreFocusOut: true,
      validateInput: (text) => {
        const parsed = parseBindValue(text, isCollection ? 'collection' : 'value');
        return parsed.ok ? undefined : parsed.message;
      },
    });
    if (answer === undefined) {
      void vscode.window.showWarningMessage(`ArangoDB: not submitted — no value for @${key}.`);
      return undefined;
    }
    const parsed = parseBindValue(answer, isCollection ? 'collection' : 'value');
    if (!parsed.ok) {
      return undefined;
    }
    values[key] = parsed.value;
  }
  const toRemember = Object.fromEntries(Object.entries(values).filter(([key]) => fromHeader === undefined || !Object.prototype.hasOwnProperty.call(fromHeader, key)));
  await services.context.workspaceState.update(REMEMBERED_BIND_VARS, {
    ...rememberedAll,
    [document.uri.toString()]: { ...remembered, ...toRemember },
  });
  return values;
}

function bindVarsHint(document: vscode.TextDocument): string {
  return document.uri.scheme === 'file' ? basename(bindVarsFileFor(document.uri.fsPath)) : '<name>.bindvars.json';
}
