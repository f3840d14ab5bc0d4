/**
 * One collection: its documents by key, in insertion order, with arangod's document rules
 * (keys, `_id`/`_rev`, edge attributes, overwrite modes, update merging).
 *
 * Stored documents are never changed in place: every write stores a new object. So a reader
 * holding an old document (an AQL query iterating a snapshot) keeps seeing it unchanged, and
 * the internal accessors below can hand out references without copying.
 */
import { createKeyGenerator, isValidDocumentKey, type KeyGenerator, type KeyOptions } from './documentKeys';
import { cloneJson, isPlainObject, mergePatch, setMember } from './jsonValues';
import { isValidCollectionName } from './names';
import {
  documentNotFound,
  illegalDocumentKey,
  invalidDocumentType,
  invalidEdgeAttribute,
  unexpectedDocumentKey,
  uniqueConstraintViolated,
} from './storeErrors';
import type { TickSource } from './ticks';

/** A document as stored: the user's attributes plus `_key`, `_id` and `_rev`. */
export type StoredDocument = Record<string, unknown> & { _key: string; _id: string; _rev: string };

/** What a write reports about the document it wrote. */
export interface DocumentMeta {
  _id: string;
  _key: string;
  _rev: string;
}

/** How an insert treats an existing document with the same key (arangod's `overwriteMode`). */
export type OverwriteMode = 'conflict' | 'replace' | 'update' | 'ignore';

/** Options of `Collection.insert`. */
export interface InsertOptions {
  overwriteMode?: OverwriteMode;
  /** Used with `overwriteMode: 'update'`; default true. */
  keepNull?: boolean;
  /** Used with `overwriteMode: 'update'`; default true. */
  mergeObjects?: boolean;
}

/** Options of `Collection.update`. */
export interface UpdateOptions {
  keepNull?: boolean;
  mergeObjects?: boolean;
}

/** The outcome of an insert; `ignored` is set when `overwriteMode: 'ignore'` kept the old document. */
export interface InsertResult {
  meta: DocumentMeta;
  new: StoredDocument;
  old?: StoredDocument;
  ignored?: boolean;
}

/** The outcome of an update or replace. */
export interface ModifyResult {
  meta: DocumentMeta;
  old: StoredDocument;
  new: StoredDocument;
}

/** The outcome of a remove. */
export interface RemoveResult {
  meta: DocumentMeta;
  old: StoredDocument;
}

/** How a collection was created. */
export interface CollectionOptions {
  type?: 2 | 3;
  waitForSync?: boolean;
  isSystem?: boolean;
  keyOptions?: KeyOptions;
}

const SYSTEM_ATTRIBUTES = new Set(['_key', '_id', '_rev', '_from', '_to']);

function metaOf(document: StoredDocument): DocumentMeta {
  return { _id: document._id, _key: document._key, _rev: document._rev };
}

function copyOf(document: StoredDocument): StoredDocument {
  return cloneJson(document) as StoredDocument;
}

/** A `_from`/`_to` value arangod accepts: `<collection>/<key>`. */
function isValidDocumentHandle(value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  const slash = value.indexOf('/');
  if (slash <= 0) {
    return false;
  }
  const collectionName = value.slice(0, slash);
  return isValidCollectionName(collectionName, true) && isValidDocumentKey(value.slice(slash + 1));
}

/** The properties `PUT /_api/collection/{name}/properties` may change, in arangod's normalized form. */
export interface ChangeableProperties {
  waitForSync: boolean;
  cacheEnabled: boolean;
  /** `{message, level, type, rule}`, or null for none (stored and reported; not enforced). */
  schema: Record<string, unknown> | null;
  /** Each `{name, expression, computeOn, overwrite, failOnWarning, keepNull}` (stored and reported; not computed). */
  computedValues: Record<string, unknown>[] | null;
}

/** A collection of documents (type 2) or edges (type 3). */
export class Collection implements ChangeableProperties {
  readonly id: string;
  readonly type: 2 | 3;
  readonly database: string;
  waitForSync: boolean;
  cacheEnabled = false;
  schema: Record<string, unknown> | null = null;
  computedValues: Record<string, unknown>[] | null = null;
  readonly isSystem: boolean;
  private currentName: string;
  private readonly keys: KeyGenerator;
  private readonly ticks: TickSource;
  private readonly byKey = new Map<string, StoredDocument>();

  /** @internal Created by `Database.createCollection`. */
  constructor(database: string, name: string, id: string, ticks: TickSource, options: CollectionOptions = {}) {
    this.database = database;
    this.currentName = name;
    this.id = id;
    this.type = options.type ?? 2;
    this.waitForSync = options.waitForSync ?? false;
    this.isSystem = options.isSystem ?? false;
    this.ticks = ticks;
    this.keys = createKeyGenerator(options.keyOptions, ticks);
  }

  get name(): string {
    return this.currentName;
  }

  /**
   * @internal Renamed by `Database.renameCollection`. Every stored document gets its new `_id`
   * (as a new object: readers of a snapshot keep the old one).
   */
  renameTo(name: string): void {
    this.currentName = name;
    for (const [key, document] of this.byKey) {
      this.byKey.set(key, { ...document, _id: `${name}/${key}` });
    }
  }

  /** The key generator settings, as `GET /_api/collection/{name}/properties` reports them. */
  get keyOptions(): { type: string; allowUserKeys: boolean } {
    return { type: this.keys.type, allowUserKeys: this.keys.allowUserKeys };
  }

  /** Number of documents. */
  count(): number {
    return this.byKey.size;
  }

  /** Copies of all documents in insertion order, from a snapshot taken when iteration starts. */
  *documents(): IterableIterator<StoredDocument> {
    for (const document of this.snapshot()) {
      yield copyOf(document);
    }
  }

  /** A copy of the document with this key, or undefined. */
  document(key: string): StoredDocument | undefined {
    const found = this.byKey.get(key);
    return found === undefined ? undefined : copyOf(found);
  }

  /**
   * @internal The stored documents themselves, in insertion order, as of now. Read-only: the
   * AQL executor uses this to scan without copying; callers must never modify the objects.
   */
  snapshot(): StoredDocument[] {
    return Array.from(this.byKey.values());
  }

  /** @internal The stored document itself (read-only), or undefined. */
  peek(key: string): StoredDocument | undefined {
    return this.byKey.get(key);
  }

  /**
   * Stores a copy of `doc`, with its `_key` or a generated one. A taken key is 409/1210 unless
   * `overwriteMode` says otherwise; a bad key 400/1221; a non-object 400/1227; an edge without
   * valid `_from`/`_to` 400/1233. Returns copies of the stored (and overwritten) document.
   */
  insert(doc: Record<string, unknown>, options: InsertOptions = {}): InsertResult {
    if (!isPlainObject(doc)) {
      throw invalidDocumentType();
    }
    const result = this.insertOwned(cloneJson(doc) as Record<string, unknown>, options);
    const copied: InsertResult = { meta: result.meta, new: copyOf(result.new) };
    if (result.old !== undefined) {
      copied.old = copyOf(result.old);
    }
    if (result.ignored === true) {
      copied.ignored = true;
    }
    return copied;
  }

  /** Merges `patch` into a document (keepNull and mergeObjects default to true); 404/1202 if missing. */
  update(key: string, patch: Record<string, unknown>, options: UpdateOptions = {}): ModifyResult {
    if (!isPlainObject(patch)) {
      throw invalidDocumentType();
    }
    const result = this.updateOwned(key, cloneJson(patch) as Record<string, unknown>, options);
    return { meta: result.meta, old: copyOf(result.old), new: copyOf(result.new) };
  }

  /** Replaces a document's attributes, keeping its key; 404/1202 if missing. */
  replace(key: string, doc: Record<string, unknown>): ModifyResult {
    if (!isPlainObject(doc)) {
      throw invalidDocumentType();
    }
    const result = this.replaceOwned(key, cloneJson(doc) as Record<string, unknown>);
    return { meta: result.meta, old: copyOf(result.old), new: copyOf(result.new) };
  }

  /** Removes a document; 404/1202 if missing. */
  remove(key: string): RemoveResult {
    const result = this.removeOwned(key);
    return { meta: result.meta, old: copyOf(result.old) };
  }

  /** Removes all documents. */
  truncate(): void {
    this.byKey.clear();
  }

  /**
   * @internal Insert without copying `doc`: the caller hands over a JSON value nobody will
   * modify (AQL values are immutable). Returns the stored objects themselves.
   */
  insertOwned(doc: Record<string, unknown>, options: InsertOptions = {}): InsertResult {
    if (!isPlainObject(doc)) {
      throw invalidDocumentType();
    }
    const userKey = doc['_key'];
    let key: string;
    if (userKey === undefined) {
      key = this.nextFreeKey();
    } else {
      if (!this.keys.allowUserKeys) {
        throw unexpectedDocumentKey();
      }
      if (!isValidDocumentKey(userKey)) {
        throw illegalDocumentKey();
      }
      key = userKey;
    }
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      return this.overwrite(existing, doc, options);
    }
    const stored = this.build(key, doc, undefined);
    this.keys.track(key);
    this.byKey.set(key, stored);
    return { meta: metaOf(stored), new: stored };
  }

  /** @internal Update without copying `patch` (see `insertOwned`). */
  updateOwned(key: string, patch: Record<string, unknown>, options: UpdateOptions = {}): ModifyResult {
    if (!isPlainObject(patch)) {
      throw invalidDocumentType();
    }
    const old = this.byKey.get(key);
    if (old === undefined) {
      throw documentNotFound();
    }
    const merged = mergePatch(old, patch, options.keepNull ?? true, options.mergeObjects ?? true);
    const stored = this.build(key, merged, old);
    this.byKey.set(key, stored);
    return { meta: metaOf(stored), old, new: stored };
  }

  /** @internal Replace without copying `doc` (see `insertOwned`). */
  replaceOwned(key: string, doc: Record<string, unknown>): ModifyResult {
    if (!isPlainObject(doc)) {
      throw invalidDocumentType();
    }
    const old = this.byKey.get(key);
    if (old === undefined) {
      throw documentNotFound();
    }
    const stored = this.build(key, doc, undefined);
    this.byKey.set(key, stored);
    return { meta: metaOf(stored), old, new: stored };
  }

  /** @internal Remove, returning the stored object itself. */
  removeOwned(key: string): RemoveResult {
    const old = this.byKey.get(key);
    if (old === undefined) {
      throw documentNotFound();
    }
    this.byKey.delete(key);
    return { meta: metaOf(old), old };
  }

  /**
   * @internal Puts back the state a document had before a failed query wrote it: `previous`
   * undefined means the document did not exist. Used to roll back an AQL query's writes.
   */
  restoreOwned(key: string, previous: StoredDocument | undefined): void {
    if (previous === undefined) {
      this.byKey.delete(key);
    } else {
      this.byKey.set(key, previous);
    }
  }

  private overwrite(existing: StoredDocument, doc: Record<string, unknown>, options: InsertOptions): InsertResult {
    switch (options.overwriteMode ?? 'conflict') {
      case 'ignore':
        return { meta: metaOf(existing), new: existing, ignored: true };
      case 'replace': {
        const replaced = this.replaceOwned(existing._key, doc);
        return { meta: replaced.meta, new: replaced.new, old: replaced.old };
      }
      case 'update': {
        const updateOptions: UpdateOptions = {};
        if (options.keepNull !== undefined) {
          updateOptions.keepNull = options.keepNull;
        }
        if (options.mergeObjects !== undefined) {
          updateOptions.mergeObjects = options.mergeObjects;
        }
        const updated = this.updateOwned(existing._key, doc, updateOptions);
        return { meta: updated.meta, new: updated.new, old: updated.old };
      }
      default:
        throw uniqueConstraintViolated(existing._key);
    }
  }

  private nextFreeKey(): string {
    let key = this.keys.nextKey();
    while (this.byKey.has(key)) {
      key = this.keys.nextKey();
    }
    return key;
  }

  /**
   * The stored form of a document: system attributes first in arangod's order (`_key`, `_id`,
   * `_from`, `_to`, `_rev`), then the user's attributes in their order. `previous` supplies
   * `_from`/`_to` an update does not change.
   */
  private build(key: string, doc: Record<string, unknown>, previous: StoredDocument | undefined): StoredDocument {
    const stored: Record<string, unknown> = { _key: key, _id: `${this.name}/${key}` };
    if (this.type === 3) {
      const from = doc['_from'] ?? previous?.['_from'];
      const to = doc['_to'] ?? previous?.['_to'];
      if (!isValidDocumentHandle(from) || !isValidDocumentHandle(to)) {
        throw invalidEdgeAttribute();
      }
      stored['_from'] = from;
      stored['_to'] = to;
    }
    stored['_rev'] = this.ticks.nextRevision();
    for (const attribute of Object.keys(doc)) {
      if (!SYSTEM_ATTRIBUTES.has(attribute)) {
        setMember(stored, attribute, doc[attribute]);
      }
    }
    return stored as StoredDocument;
  }
}
