/**
 * `POST /_api/import?collection=…`: bulk import (RestImportHandler, the HTTP API docs' "Import").
 * The body is read whole first (see `importBody.ts`), then each document is inserted in order;
 * the answer counts what happened: `{error, created, errors, empty, updated, ignored[, details]}`.
 * With `complete=true` the first error undoes the whole import and becomes the answer.
 */
import type { Collection, OverwriteMode, StoredDocument } from '../data/store';
import { invalidDocumentType, invalidEdgeAttribute } from '../data/storeErrors';
import { ArangoError, ErrorNum } from '../errors';
import type { RouteContext } from '../server/context';
import { jsonResponse, queryFlag, type SandboxResponse } from '../server/messages';
import { collectionParameterMissing, notImplemented, superfluousSuffix } from '../server/serverErrors';
import { attributeLines, jsonArray, jsonLines, offending, positionized, startsWithArray, type ImportBody, type ImportEntry } from './importBody';

const IMPORT_PATH = '/_api/import';

/** `onDuplicate`: what a document whose `_key` is taken does. */
type DuplicateAction = 'error' | 'update' | 'replace' | 'ignore';

interface ImportTally {
  created: number;
  errors: number;
  empty: number;
  updated: number;
  ignored: number;
  details: string[];
}

export function importRoute(context: RouteContext): SandboxResponse {
  if (context.request.method !== 'POST') {
    throw notImplemented(`'ILLEGAL ${IMPORT_PATH}' not implemented`);
  }
  if (context.suffixes.length !== 0) {
    throw superfluousSuffix(`superfluous suffix, expecting ${IMPORT_PATH}?collection=<identifier>`);
  }
  const { query } = context.request;
  const collectionName = query.get('collection') ?? '';
  if (collectionName === '') {
    throw collectionParameterMissing(`'collection' is missing, expecting ${IMPORT_PATH}?collection=<identifier>`);
  }
  const complete = queryFlag(query, 'complete');
  const text = context.request.raw.body.toString('utf8');
  const type = query.get('type') ?? '';
  const jsonTypes = ['documents', 'array', 'list', 'auto'];
  // The attribute-names form reads its first line before arangod opens the collection.
  const attributeBody = jsonTypes.includes(type)
    ? undefined
    : attributeLines(text, Number.parseInt(query.get('line') ?? '0', 10) || 0, queryFlag(query, 'ignoreMissing'), complete);
  const collection = context.database.collection(collectionName);
  if (collection === undefined) {
    throw new ArangoError(404, ErrorNum.DATA_SOURCE_NOT_FOUND, `collection or view not found: ${collectionName}`);
  }
  const before = collection.snapshot();
  try {
    if (queryFlag(query, 'overwrite')) {
      collection.truncate();
    }
    const body = attributeBody ?? readJsonBody(type, text, complete);
    const tally = runImport(collection, body, {
      complete,
      onDuplicate: duplicateAction(query.get('onDuplicate')),
      prefixes: edgePrefixes(query),
    });
    const answer: Record<string, unknown> = {
      error: false,
      created: tally.created,
      errors: tally.errors,
      empty: tally.empty,
      updated: tally.updated,
      ignored: tally.ignored,
    };
    if (queryFlag(query, 'details')) {
      answer['details'] = tally.details;
    }
    return jsonResponse(201, answer);
  } catch (error: unknown) {
    // The import is one transaction: a failure leaves the collection as it was.
    collection.truncate();
    for (const document of before) {
      collection.restoreOwned(document._key, document);
    }
    throw error;
  }
}

function readJsonBody(type: string, text: string, complete: boolean): ImportBody {
  const linewise = type === 'documents' || (type === 'auto' && !startsWithArray(text));
  return linewise ? jsonLines(text, complete) : jsonArray(text);
}

function duplicateAction(value: string | null): DuplicateAction {
  return value === 'update' || value === 'replace' || value === 'ignore' ? value : 'error';
}

interface EdgePrefixes {
  from: string;
  to: string;
  /** `overwriteCollectionPrefix`: replace a collection name already in `_from`/`_to`. */
  overwrite: boolean;
}

function edgePrefixes(query: URLSearchParams): EdgePrefixes {
  const withSlash = (prefix: string | null): string => (prefix === null || prefix === '' || prefix.endsWith('/') ? (prefix ?? '') : `${prefix}/`);
  return { from: withSlash(query.get('fromPrefix')), to: withSlash(query.get('toPrefix')), overwrite: queryFlag(query, 'overwriteCollectionPrefix') };
}

function prefixed(value: unknown, prefix: string, overwrite: boolean): unknown {
  if (prefix === '') {
    return value;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    return prefix + String(value);
  }
  if (typeof value !== 'string') {
    return value;
  }
  const slash = value.indexOf('/');
  if (slash < 0) {
    return prefix + value;
  }
  return overwrite ? prefix + value.slice(slash + 1) : value;
}

interface ImportOptions {
  complete: boolean;
  onDuplicate: DuplicateAction;
  prefixes: EdgePrefixes;
}

function runImport(collection: Collection, body: ImportBody, options: ImportOptions): ImportTally {
  const tally: ImportTally = { created: 0, errors: 0, empty: 0, updated: 0, ignored: 0, details: [] };
  const fail = (message: string): void => {
    tally.errors += 1;
    tally.details.push(message);
  };
  const documents: Record<string, unknown>[] = [];
  for (const entry of body.entries) {
    const checked = entry.kind === 'value' ? checkDocument(collection, entry, options.prefixes) : entry;
    if (checked.kind === 'empty') {
      tally.empty += 1;
    } else if (checked.kind === 'error') {
      fail(checked.message);
      if (options.complete && checked.failure !== undefined) {
        throw checked.failure;
      }
    } else {
      documents.push(checked.value as Record<string, unknown>);
    }
  }
  const overwriteMode: OverwriteMode = options.onDuplicate === 'update' || options.onDuplicate === 'replace' ? options.onDuplicate : 'conflict';
  // arangod numbers insert errors by the document's index among those it inserts, from 0.
  documents.forEach((document, index) => {
    let old: StoredDocument | undefined;
    try {
      old = collection.insert(document, { overwriteMode }).old;
    } catch (error: unknown) {
      if (!(error instanceof ArangoError)) {
        throw error;
      }
      if (error.errorNum === ErrorNum.UNIQUE_CONSTRAINT_VIOLATED && options.onDuplicate === 'ignore') {
        tally.ignored += 1;
        return;
      }
      const reason = errnoString(error);
      fail(positionized(index, `creating document failed with error '${reason}', offending document: ${offending(JSON.stringify(document))}`));
      if (options.complete) {
        throw new ArangoError(error.httpCode, error.errorNum, reason);
      }
      return;
    }
    if (old === undefined) {
      tally.created += 1;
    } else {
      tally.updated += 1;
    }
  });
  return tally;
}

/** A value must be an object; an edge needs string `_from` and `_to` once the prefixes are applied. */
function checkDocument(collection: Collection, entry: ImportEntry & { kind: 'value' }, prefixes: EdgePrefixes): ImportEntry {
  const { value, position } = entry;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = positionized(position, `invalid JSON type (expecting object), offending document: ${offending(JSON.stringify(value))}`);
    return { kind: 'error', message, failure: invalidDocumentType() };
  }
  if (collection.type !== 3) {
    return entry;
  }
  const edge = { ...(value as Record<string, unknown>) };
  if ('_from' in edge) {
    edge['_from'] = prefixed(edge['_from'], prefixes.from, prefixes.overwrite);
  }
  if ('_to' in edge) {
    edge['_to'] = prefixed(edge['_to'], prefixes.to, prefixes.overwrite);
  }
  if (typeof edge['_from'] !== 'string' || typeof edge['_to'] !== 'string') {
    const message = positionized(position, `missing '_from' or '_to' attribute, offending document: ${offending(JSON.stringify(edge))}`);
    return { kind: 'error', message, failure: invalidEdgeAttribute() };
  }
  return { kind: 'value', value: edge, position };
}

/** arangod's TRI_errno_string: the plain message of an error number, without details. */
function errnoString(error: ArangoError): string {
  return error.errorNum === ErrorNum.UNIQUE_CONSTRAINT_VIOLATED ? 'unique constraint violated' : error.message;
}
