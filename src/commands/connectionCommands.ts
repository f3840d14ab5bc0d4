import * as vscode from 'vscode';
import { ErrorNum, isArangoError } from '../client';
import { readSettings } from '../config';
import { credentialsKey, parseStoredSecret } from '../connection/credentials';
import { unusableDatabaseMessage } from '../connection/databaseChoice';
import { errorLine } from '../jobs/errorLine';
import type { Services } from '../services';
import { parseUrlList, urlSettingsFor } from '../settings';
import { CommandId } from './commandIds';

/** Connect to ArangoDB, Set Password or Token, Forget Password or Token, Switch Database, Show Log. */
export function registerConnectionCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.connect, () => connect(services)),
    vscode.commands.registerCommand(CommandId.setCredentials, () => setCredentials(services)),
    vscode.commands.registerCommand(CommandId.forgetCredentials, () => forgetCredentials(services)),
    vscode.commands.registerCommand(CommandId.switchDatabase, (name?: string) => switchDatabase(services, name)),
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
    validateInput: (text) => {
      const parsed = parseUrlList(text);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
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
  const parsed = parseUrlList(url);
  if ('problem' in parsed) {
    return;
  }
  const { url: server, coordinators } = urlSettingsFor(parsed.urls);
  const config = vscode.workspace.getConfiguration('arangodb');
  // The coordinators go beside the server URL, so one settings file holds the whole list.
  const urlTarget = targetFor('url');
  await config.update('url', server, urlTarget);
  await config.update('coordinators', coordinators.length > 0 ? coordinators : undefined, urlTarget);
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

/** Deletes the secret stored for the current URL(s) and user, and reconnects without it. */
async function forgetCredentials(services: Services): Promise<void> {
  const settings = readSettings();
  if (settings.urls.length === 0) {
    void vscode.window.showInformationMessage('ArangoDB: no server is set, so no password or token is stored for one.');
    return;
  }
  const key = credentialsKey(settings);
  const who = `${settings.username}@${settings.urls.join(', ')}`;
  const stored = parseStoredSecret(await services.context.secrets.get(key));
  if (!stored) {
    void vscode.window.showInformationMessage(`ArangoDB: no password or token is stored for ${who}.`);
    return;
  }
  await services.context.secrets.delete(key);
  const what = stored.kind === 'token' ? 'JWT token' : 'password';
  services.log.info(`Forgot the stored ${what} for ${who}.`);
  await services.connection.reload();
  let refused = false;
  try {
    await services.connection.databaseHandle(services.connection.database).version();
  } catch (error) {
    refused = isArangoError(error) && error.httpCode === 401;
  }
  const outcome = refused ? 'the server refuses requests without one (HTTP 401)' : 'connected without one';
  const choice = await vscode.window.showInformationMessage(`ArangoDB: forgot the ${what} for ${who}; ${outcome}.`, 'Set Password or Token');
  if (choice) {
    await vscode.commands.executeCommand(CommandId.setCredentials);
  }
}

const OTHER_DATABASE = 'Other database…';

/**
 * Picks among the databases the user can access, or takes a typed name (from the picker, or as
 * the command's argument), which must exist before the setting changes: a name the server does
 * not know would otherwise only fail at the next query.
 */
async function switchDatabase(services: Services, requested?: string): Promise<void> {
  if (!services.connection.isConfigured) {
    await vscode.commands.executeCommand(CommandId.connect);
    return;
  }
  const current = services.connection.settings.database;
  const accessible = await accessibleDatabases(services);
  let picked = requested;
  if (picked === undefined) {
    const items = [
      ...(accessible ?? []).map((name) => ({ label: name, description: name === current ? 'current' : '' })),
      { label: OTHER_DATABASE, description: 'type a name' },
    ];
    const choice = accessible ? (await vscode.window.showQuickPick(items, { title: 'Switch Database' }))?.label : OTHER_DATABASE;
    picked = choice === OTHER_DATABASE ? await vscode.window.showInputBox({ title: 'Switch Database', prompt: 'Database name', value: current, ignoreFocusOut: true }) : choice;
  }
  picked = picked?.trim();
  if (!picked || picked === current) {
    return;
  }
  if (!accessible?.includes(picked)) {
    try {
      await services.connection.databaseHandle(picked).version();
    } catch (error) {
      const unknown = isArangoError(error) && (error.errorCode === ErrorNum.DATABASE_NOT_FOUND || error.errorCode === ErrorNum.FORBIDDEN);
      if (!unknown) {
        services.errors.report(`Checking database ${picked} failed`, error);
        return;
      }
      const message = unusableDatabaseMessage(picked, services.connection.settings.username, errorLine(error), accessible);
      services.log.warn(message);
      const again = accessible && accessible.length > 0 ? ['Pick a Database'] : [];
      const choice = await vscode.window.showErrorMessage(`ArangoDB: ${message}`, ...again);
      if (choice) {
        await vscode.commands.executeCommand(CommandId.switchDatabase);
      }
      return;
    }
  }
  await vscode.workspace.getConfiguration('arangodb').update('database', picked, targetFor('database'));
  services.log.info(`Switched to database ${picked}.`);
  vscode.window.setStatusBarMessage(`ArangoDB: database ${picked}`, 4000);
}

/** `GET /_api/database/user` from the current database, else from `_system`; undefined when neither answers. */
async function accessibleDatabases(services: Services): Promise<string[] | undefined> {
  for (const from of new Set([services.connection.database, '_system'])) {
    try {
      return await services.connection.databaseHandle(from).userDatabases();
    } catch (error) {
      services.log.warn(`Listing the databases you can access (from ${from}) failed: ${errorLine(error)}`);
    }
  }
  return undefined;
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
