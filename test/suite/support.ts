import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

export const EXTENSION_ID = 'arangodb-async-aql.arangodb-async-aql';

/** The activated extension, connected with the password the test driver passed in the environment. */
export async function activatedExtension(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  const api = await extension.activate();
  const password = process.env.ARANGODB_TEST_PASSWORD ?? '';
  await api.services.connection.storeSecret({ kind: 'password', value: password });
  await api.services.connection.reload();
  assert.ok(api.services.connection.isConfigured, 'the workspace settings must point arangodb.url at the test server');
  return api;
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with the sample workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a sample file and makes it the active editor. */
export async function openSample(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document);
}

/** Opens an untitled AQL document with `text`. */
export async function openQuery(text: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'aql', content: text });
  return vscode.window.showTextDocument(document);
}

/** Opens `text` as an untitled AQL document and runs it with Run AQL Async; resolves to the job's key. */
export async function runQuery(text: string): Promise<string> {
  await openQuery(text);
  const key = await vscode.commands.executeCommand<string | undefined>('arangodb.runAqlAsync');
  assert.ok(key, 'Run AQL Async returned no job');
  return key;
}

type Replaceable = Record<string, unknown>;

/**
 * Replaces a `vscode.window` function for the duration of `body` (modal dialogs and input boxes
 * would otherwise wait for a person), restoring it afterwards.
 */
export async function withAnswers<T>(answers: Partial<Record<'showWarningMessage' | 'showInputBox' | 'showQuickPick' | 'showErrorMessage' | 'showInformationMessage', (...args: unknown[]) => unknown>>, body: () => Promise<T>): Promise<T> {
  const window = vscode.window as unknown as Replaceable;
  const originals = new Map<string, unknown>();
  for (const [name, replacement] of Object.entries(answers)) {
    originals.set(name, window[name]);
    window[name] = replacement;
  }
  try {
    return await body();
  } finally {
    for (const [name, original] of originals) {
      window[name] = original;
    }
  }
}
