import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Services } from '../services';
import { BindVarsFileError, bindVarsFileFor, findBindParameters, mergeBindVars, parseBindValue, readBindVarsFile, requiredBindVarKeys } from '../language/bindParameters';
import type { AqlExecuteOptions } from '../client';
import type { TrackedJob } from '../jobs/trackedJob';
import { CommandId } from './commandIds';

const REMEMBERED_BIND_VARS = 'arangodb.bindVars.v1';

/** The query to run from an editor: the selection, or the whole document of an `aql` editor. */
export function queryFromEditor(editor: vscode.TextEditor): { text: string; start: vscode.Position } | { problem: string } {
  const selection = editor.selection;
  if (!selection.isEmpty) {
    const text = editor.document.getText(selection);
    return text.trim().length > 0 ? { text, start: selection.start } : { problem: 'The selection holds no AQL: select a query, or clear the selection to run the whole file.' };
  }
  if (editor.document.languageId !== 'aql') {
    return { problem: 'Select the AQL to run, or open an .aql file to run it whole.' };
  }
  const text = editor.document.getText();
  if (text.trim().length === 0) {
    return { problem: 'This file holds no AQL yet.' };
  }
  return { text, start: new vscode.Position(0, 0) };
}

/**
 * ArangoDB: Run AQL Async. Submits the selection (or the whole .aql document) as an async job,
 * after gathering bind parameters from `<file>.bindvars.json`, earlier runs, or the user;
 * `afterSubmit` sees each job submitted (the first of a window reveals the job explorer).
 */
export function registerRunAqlAsync(services: Services, afterSubmit: (job: TrackedJob) => Promise<void> = () => Promise.resolve()): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.runAqlAsync, async (uri?: vscode.Uri) => {
    const editor = await editorFor(uri);
    if (!editor) {
      void vscode.window.showErrorMessage('ArangoDB: open an .aql file, or select AQL in an editor, to run it.');
      return undefined;
    }
    const query = queryFromEditor(editor);
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
    const bindVars = await gatherBindVars(services, editor.document, query.text);
    if (!bindVars) {
      return undefined;
    }
    const settings = services.connection.settings;
    const options: Omit<AqlExecuteOptions, 'bindVars' | 'signal'> = {
      count: true,
      batchSize: settings.query.batchSize,
      ttl: settings.query.cursorTtl,
      ...(settings.query.maxRuntime > 0 ? { maxRuntime: settings.query.maxRuntime } : {}),
      ...(settings.query.memoryLimit > 0 ? { memoryLimit: settings.query.memoryLimit } : {}),
      ...(settings.query.profile ? { profile: true } : {}),
    };
    try {
      const job = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'ArangoDB: submitting query' },
        () => services.actions.submit({
          query: query.text,
          bindVars,
          options,
          documentUri: editor.document.uri.toString(),
          queryStart: { line: query.start.line, character: query.start.character },
        }),
      );
      services.poller.wake();
      vscode.window.setStatusBarMessage(`ArangoDB: job ${job.id} submitted`, 4000);
      services.log.info(`Submitted job ${job.id} to ${job.coordinator} (${job.database})`);
      await afterSubmit(job);
      return job.key;
    } catch (error) {
      services.errors.report('Submitting the query failed', error);
      return undefined;
    }
  });
}

async function editorFor(uri: vscode.Uri | undefined): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor;
  if (!uri || active?.document.uri.toString() === uri.toString()) {
    return active;
  }
  return vscode.window.showTextDocument(uri);
}

/** Values for every `@name` and `@@name` in the query; undefined when the user gave up. */
async function gatherBindVars(services: Services, document: vscode.TextDocument, query: string): Promise<Record<string, unknown> | undefined> {
  const parameters = findBindParameters(query);
  const required = requiredBindVarKeys(parameters);
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
  const rememberedAll = services.context.workspaceState.get<Record<string, Record<string, unknown>>>(REMEMBERED_BIND_VARS, {});
  const remembered = rememberedAll[document.uri.toString()] ?? {};
  const merged = mergeBindVars(fromFile, remembered, required);
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
  await services.context.workspaceState.update(REMEMBERED_BIND_VARS, {
    ...rememberedAll,
    [document.uri.toString()]: { ...remembered, ...values },
  });
  return values;
}

function bindVarsHint(document: vscode.TextDocument): string {
  return document.uri.scheme === 'file' ? basename(bindVarsFileFor(document.uri.fsPath)) : '<name>.bindvars.json';
}
