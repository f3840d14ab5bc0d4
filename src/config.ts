import * as vscode from 'vscode';
import { settingsFrom } from './settings';
import type { Settings } from './settings';

export type { Settings } from './settings';

/** The `arangodb.*` settings as they stand now (workspace over user settings). */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('arangodb');
  return settingsFrom((key, fallback) => config.get(key, fallback));
}
