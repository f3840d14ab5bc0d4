import { cp, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArangoClient } from '../../src/client';
import { createTestDatabase, dropTestDatabase } from '../support/testServer';
import type { TestServer } from '../support/testServer';
import { repoRoot } from './tools';

export const FIXTURE_WORKSPACE = path.join(repoRoot, 'test', 'fixtures', 'workspace');

export const STUDENTS = [
  { _key: 'ada', name: 'Ada', city: 'Berlin', age: 23, gpa: 3.9 },
  { _key: 'bo', name: 'Bo', city: 'Cologne', age: 21, gpa: 3.1 },
  { _key: 'cleo', name: 'Cleo', city: 'Berlin', age: 25, gpa: 3.6 },
  { _key: 'dan', name: 'Dan', city: 'Munich', age: 22, gpa: 2.8 },
];

/** A database of its own on the test server, with the `students` collection the sample queries read. */
export async function prepareDatabase(server: TestServer): Promise<{ database: string; drop(): Promise<void> }> {
  const database = await createTestDatabase(server, 'vscode');
  const client = new ArangoClient({ hosts: [...server.urls] });
  try {
    const db = client.db(database, { username: server.username, password: server.password });
    const students = await db.createCollection('students');
    for (const student of STUDENTS) {
      await students.insert(student);
    }
  } finally {
    await client.close();
  }
  return { database, drop: () => dropTestDatabase(server, database) };
}

/**
 * A copy of the sample workspace whose `.vscode/settings.json` points at the test server. The
 * password is not written anywhere: the tests put it in SecretStorage.
 */
export async function prepareWorkspace(
  server: { readonly urls: readonly string[]; readonly username: string },
  database: string,
  extraSettings: Record<string, unknown> = {},
): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'arangodb-workspace-'));
  await cp(FIXTURE_WORKSPACE, folder, { recursive: true });
  await mkdir(path.join(folder, '.vscode'), { recursive: true });
  const settings = {
    'arangodb.url': server.urls[0],
    ...(server.urls.length > 1 ? { 'arangodb.coordinators': server.urls.slice(1) } : {}),
    'arangodb.database': database,
    'arangodb.username': server.username,
    'arangodb.polling.intervalMs': 250,
    ...extraSettings,
  };
  await writeFile(path.join(folder, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return folder;
}
