import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId } from './commandIds';

/** Connect to ArangoDB, Set Password or Token, Switch Database, Show Log. */
export function registerConnectionCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.connect, () => connect(services)),
    vscode.commands.registerCommand(CommandId.setCredentials, () => setCredentials(services)),
    vscode.commands.registerCommand(CommandId.switchDatabase, () => switchDatabase(services)),
    vscode.commands.registerCommand(CommandId.showLog, () => services.log.show()),
  ];
}

/** Settings go where the user keeps them: the workspace if it sets them already, else the user settings. */
function targetFor(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration('arangodb').inspect(key);
  return inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

async function connect(services: Services): Promise<void> {
  const current = services.connection.settings;
  const url = await vscode.window.showInputBox({
    title: 'Connect to ArangoDB (1/3): server',
    prompt: 'Server URL, or several coordinator URLs separated by commas',
    value: current.urls.join(', ') || 'http://127.0.0.1:8529',
    ignoreFocusOut: true,
    validateInput: (text) => validateUrls(text),
  });
  if (url === undefined) {
    return;
  }
  const username = await vscode.window.showInputBox({
    title: 'Connect to ArangoDB (2/3): user',
    value: current.username,
    ignoreFocusOut: true,
  });
  if (username === undefined) {
    return;
  }
  const urls = url.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  const config = vscode.workspace.getConfiguration('arangodb');
  await config.update('url', urls.length === 1 ? urls[0] : urls, targetFor('url'));
  await config.update('username', username || 'root', targetFor('username'));
  const password = await vscode.window.showInputBox({
    title: 'Connect to ArangoDB (3/3): password',
    prompt: 'Kept in VS Code\'s secret storage, never in settings. Leave empty for a server whose user has no password.',
    password: true,
    ignoreFocusOut: true,
  });
  if (password !== undefined) {
    await services.connection.storeSecret({ kind: 'password', value: password });
  }
  await services.connection.reload();
  await verify(services);
}

async function setCredentials(services: Services): Promise<void> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Password', description: 'HTTP Basic authentication', secretKind: 'password' as const },
      { label: 'JWT token', description: 'a bearer token, e.g. from POST /_open/auth', secretKind: 'token' as const },
    ],
    { title: `Credentials for ${services.connection.describe().label ?? 'ArangoDB'}` },
  );
  if (!kind) {
    return;
  }
  const value = await vscode.window.showInputBox({
    title: kind.secretKind === 'password' ? `Password of ${services.connection.settings.username}` : 'JWT token',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) {
    return;
  }
  await services.connection.storeSecret({ kind: kind.secretKind, value });
  await services.connection.reload();
  await verify(services);
}

async function switchDatabase(services: Services): Promise<void> {
  if (!services.connection.isConfigured) {
    await vscode.commands.executeCommand(CommandId.connect);
    return;
  }
  let names: string[] | undefined;
  try {
    names = await services.connection.databaseHandle('_system').databases();
  } catch (error) {
    services.log.warn(`Listing databases failed, asking for a name instead: ${String(error)}`);
  }
  const current = services.connection.settings.database;
  const picked = names
    ? (await vscode.window.showQuickPick(
        names.map((name) => ({ label: name, description: name === current ? 'current' : '' })),
        { title: 'Switch Database' },
      ))?.label
    : await vscode.window.showInputBox({ title: 'Switch Database', value: current, ignoreFocusOut: true });
  if (picked === undefined || picked === current) {
    return;
  }
  await vscode.workspace.getConfiguration('arangodb').update('database', picked, targetFor('database'));
}

/** Asks the server for its version, so a wrong URL or password shows up now, not at the first query. */
async function verify(services: Services): Promise<void> {
  if (!services.connection.isConfigured) {
    return;
  }
  try {
    const version = await services.connection.databaseHandle(services.connection.database).version();
    void vscode.window.showInformationMessage(`ArangoDB: connected to ${services.connection.describe().label ?? ''} (ArangoDB ${version.version}).`);
  } catch (error) {
    services.errors.report('Connecting failed', error);
  }
}

export function validateUrls(text: string): string | undefined {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  if (entries.length === 0) {
    return 'Enter a URL such as http://127.0.0.1:8529';
  }
  for (const entry of entries) {
    let parsed: URL;
    try {
      parsed = new URL(entry);
    } catch {
      return `${entry} is not a URL`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return `${entry}: use http:// or https://`;
    }
    if (parsed.username || parsed.password) {
      return 'Leave credentials out of the URL: the password is asked for next and kept in secret storage.';
    }
  }
  return undefined;
}
