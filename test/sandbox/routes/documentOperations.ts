/**
 * One document operation of the document API — read, insert, update, replace, remove — on one
 * input value, as both the single-document and the multi-document (array) requests run it, and
 * the query options that steer them (RestDocumentHandler; the HTTP API docs' "Documents").
 */
import type { Collection, DocumentMeta, OverwriteMode, StoredDocument } from '../data/store';
import { documentNotFound, invalidDocumentType } from '../data/storeErrors';
import { ArangoError, ErrorNum } from '../errors';
import { queryFlag } from '../server/messages';

const OVERWRITE_MODES: readonly string[] = ['conflict', 'replace', 'update', 'ignore'];

/** The query parameters of a document write. */
export interface WriteOptions {
  overwriteMode: OverwriteMode;
  /** Update (and insert with `overwriteMode=update`): false removes attributes set to null. */
  keepNull: boolean;
  mergeObjects: boolean;
  returnNew: boolean;
  returnOld: boolean;
  silent: boolean;
  /** False: a `_rev` in a body document is a precondition the stored revision must meet. */
  ignoreRevs: boolean;
}

export function writeOptions(query: URLSearchParams): WriteOptions {
  let overwriteMode: OverwriteMode = 'conflict';
  const requestedMode = query.get('overwriteMode');
  if (requestedMode !== null && OVERWRITE_MODES.includes(requestedMode)) {
    overwriteMode = requestedMode as OverwriteMode;
  } else if (queryFlag(query, 'overwrite')) {
    overwriteMode = 'replace';
  }
  return {
    overwriteMode,
    keepNull: queryFlag(query, 'keepNull', true),
    mergeObjects: queryFlag(query, 'mergeObjects', true),
    returnNew: queryFlag(query, 'returnNew'),
    returnOld: queryFlag(query, 'returnOld'),
    silent: queryFlag(query, 'silent'),
    ignoreRevs: queryFlag(query, 'ignoreRevs', true),
  };
}

/** What one write reports: `{_id, _key, _rev[, _oldRev][, new][, old]}`, or nothing when silent. */
export type WriteReport = Record<string, unknown>;

/** An array element, or a body, that names no document (arangod's TRI_ERROR_ARANGO_DOCUMENT_HANDLE_BAD). */
export const badDocumentHandle = (): ArangoError =>
  new ArangoError(400, ErrorNum.DOCUMENT_HANDLE_BAD, 'illegal document identifier');

export function isDocumentObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The key a value names: a key string, a `collection/key` identifier, or an object with `_key`
 * (or `_id`). Anything else is 1205.
 */
export function keyOf(collection: Collection, value: unknown): string {
  const handle = isDocumentObject(value) ? (value['_key'] ?? value['_id']) : value;
  if (typeof handle !== 'string' || handle === '') {
    throw badDocumentHandle();
  }
  const slash = handle.indexOf('/');
  if (slash < 0) {
    return handle;
  }
  if (handle.slice(0, slash) !== collection.name) {
    throw badDocumentHandle();
  }
  return handle.slice(slash + 1);
}

/**
 * A revision given as a precondition that the stored document does not have. In an array's
 * answer it is `conflict, _rev values do not match`; a single-document request answers
 * 412 `precondition failed` with the stored document's `_id`, `_key` and `_rev`
 * (RestVocbaseBaseHandler::generatePreconditionFailed).
 */
export class RevisionMismatch extends ArangoError {
  constructor(private readonly current: DocumentMeta) {
    super(412, ErrorNum.CONFLICT, 'conflict, _rev values do not match');
  }

  override toBody(): ReturnType<ArangoError['toBody']> & DocumentMeta {
    return {
      ...super.toBody(),
      errorMessage: 'precondition failed',
      _id: this.current._id,
      _key: this.current._key,
      _rev: this.current._rev,
    };
  }
}

/**
 * The stored document with this key; 404/1202 if there is none. With `ignoreRevs: false`, a
 * `_rev` in `value` must be the stored one.
 */
export function readDocument(collection: Collection, key: string, value?: unknown, ignoreRevs = true): StoredDocument {
  const document = collection.document(key);
  if (document === undefined) {
    throw documentNotFound();
  }
  const expected = isDocumentObject(value) ? value['_rev'] : undefined;
  if (!ignoreRevs && typeof expected === 'string' && expected !== document._rev) {
    throw new RevisionMismatch({ _id: document._id, _key: document._key, _rev: document._rev });
  }
  return document;
}

function report(
  options: WriteOptions,
  meta: DocumentMeta,
  documents: { new?: StoredDocument | undefined; old?: StoredDocument | undefined; oldRev?: boolean },
): WriteReport {
  if (options.silent) {
    return {};
  }
  const result: WriteReport = { _id: meta._id, _key: meta._key, _rev: meta._rev };
  if (documents.oldRev === true && documents.old !== undefined) {
    result['_oldRev'] = documents.old._rev;
  }
  if (options.returnNew && documents.new !== undefined) {
    result['new'] = documents.new;
  }
  if (options.returnOld && documents.old !== undefined) {
    result['old'] = documents.old;
  }
  return result;
}

export function insertDocument(collection: Collection, value: unknown, options: WriteOptions): WriteReport {
  if (!isDocumentObject(value)) {
    throw invalidDocumentType();
  }
  const outcome = collection.insert(value, {
    overwriteMode: options.overwriteMode,
    keepNull: options.keepNull,
    mergeObjects: options.mergeObjects,
  });
  return report(options, outcome.meta, { new: outcome.new, old: outcome.old, oldRev: true });
}

export function modifyDocument(
  collection: Collection,
  key: string,
  value: unknown,
  kind: 'update' | 'replace',
  options: WriteOptions,
): WriteReport {
  if (!isDocumentObject(value)) {
    throw invalidDocumentType();
  }
  readDocument(collection, key, value, options.ignoreRevs);
  const outcome =
    kind === 'update'
      ? collection.update(key, value, { keepNull: options.keepNull, mergeObjects: options.mergeObjects })
      : collection.replace(key, value);
  return report(options, outcome.meta, { new: outcome.new, old: outcome.old, oldRev: true });
}

export function removeDocument(collection: Collection, key: string, value: unknown, options: WriteOptions): WriteReport {
  readDocument(collection, key, value, options.ignoreRevs);
  const outcome = collection.remove(key);
  return report(options, outcome.meta, { old: outcome.old });
}
