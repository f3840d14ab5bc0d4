/**
 * Helpers for the interpreter's tests: a fresh database, running a query, catching the
 * ArangoError a query fails with.
 */
import assert from 'node:assert/strict';
import { DataStore, type Database } from '../data/store';
import { ArangoError } from '../errors';
import { checkQuery, runQuery, type QueryOutcome, type QueryRequest } from './index';

/** A new store's `_system` database, optionally with collections of documents. */
export function freshDatabase(collections: Record<string, Record<string, unknown>[]> = {}): Database {
  const database = new DataStore().database('_system')!;
  for (const [name, documents] of Object.entries(collections)) {
    const collection = database.createCollection(name);
    for (const document of documents) {
      collection.insert(document);
    }
  }
  return database;
}

export function run(database: Database, query: string, bindVars?: Record<string, unknown>, options: Omit<QueryRequest, 'query' | 'bindVars'> = {}): Promise<QueryOutcome> {
  const request: QueryRequest = { query, ...options };
  if (bindVars !== undefined) {
    request.bindVars = bindVars;
  }
  return runQuery(database, request, new AbortController().signal);
}

/** The result of a query. */
export async function resultOf(database: Database, query: string, bindVars?: Record<string, unknown>): Promise<unknown[]> {
  return (await run(database, query, bindVars)).result;
}

/** The single value a `RETURN expression` query returns. */
export async function valueOf(database: Database, query: string, bindVars?: Record<string, unknown>): Promise<unknown> {
  const result = await resultOf(database, query, bindVars);
  assert.equal(result.length, 1, `expected one result from ${query}`);
  return result[0];
}

/** The ArangoError an action throws or rejects with; fails the test when it succeeds. */
export async function arangoErrorOf(action: () => unknown): Promise<ArangoError> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof ArangoError, `expected an ArangoError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an ArangoError, but the action succeeded');
}

/** The ArangoError `checkQuery` raises for a query. */
export function checkError(database: Database, query: string, bindVars?: Record<string, unknown>): Promise<ArangoError> {
  const request: QueryRequest = { query };
  if (bindVars !== undefined) {
    request.bindVars = bindVars;
  }
  return arangoErrorOf(() => checkQuery(database, request));
}

/** Asserts an error's HTTP code, errorNum and exact message. */
export function assertError(error: ArangoError, httpCode: number, errorNum: number, message: string): void {
  assert.deepEqual({ httpCode: error.httpCode, errorNum: error.errorNum, message: error.message }, { httpCode, errorNum, message });
}
