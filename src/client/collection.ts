/**
 * {@link Collection}: documents of one collection (`/_api/document`, `/_api/collection`).
 * Only what the extension and its tests need; mirrors python-arango's `StandardCollection`.
 */
import { DocumentCountError, DocumentDeleteError, DocumentGetError, DocumentInsertError } from './errors';
import type { DatabaseContext, ExecutionContext, ExecutionMode, Executed, Executor } from './executor';
import type { RequestOptions } from './job';
import { objectBody, unexpectedBody } from './response';

/** What the server answers for a written document. */
export interface DocumentMetadata {
  /** `collection/key` @example meta._id === 'students/Neal' */
  readonly _id: string;
  readonly _key: string;
  readonly _rev: string;
}

/** A stored document: its fields plus metadata. */
export type StoredDocument<T extends object = Record<string, unknown>> = T & DocumentMetadata;

function metadataOf(body: Record<string, unknown>, fail: () => Error): DocumentMetadata {
  const { _id, _key, _rev } = body;
  if (typeof _id !== 'string' || typeof _key !== 'string' || typeof _rev !== 'string') throw fail();
  return { _id, _key, _rev };
}

/**
 * One collection. Calls return results, or jobs in async mode.
 *
 * @example const meta = await db.collection('students').insert({ _key: 'Neal' })
 */
export class Collection<M extends ExecutionMode = 'default'> {
  /** Collection name. @example col.name === 'students' */
  readonly name: string;
  /** Name of the database. @example col.database === 'test' */
  readonly database: string;
  /** The user the handle authenticates as, if any. @example col.username === 'root' */
  readonly username: string | undefined;
  readonly #executor: Executor<M>;

  /** @internal Use `db.collection(name)`. */
  constructor(executor: Executor<M>, context: DatabaseContext, name: string) {
    this.#executor = executor;
    this.name = name;
    this.database = context.database;
    this.username = context.auth?.username;
  }

  /** `'default'` or `'async'`, as python-arango's `context`. @example asyncDb.collection('students').context === 'async' */
  get context(): ExecutionContext {
    return this.#executor.context;
  }

  /**
   * Inserts a document (`POST /_api/document/{collection}`). Never retried.
   *
   * @throws {@link DocumentInsertError} e.g. errorCode 1210 for a duplicate `_key`.
   * @example const { _id } = await col.insert({ _key: 'Neal', age: 30 })
   */
  insert(document: object, options: RequestOptions = {}): Promise<Executed<M, DocumentMetadata>> {
    return this.#executor.execute(
      {
        request: { method: 'POST', path: `/_api/document/${encodeURIComponent(this.name)}`, body: document, retry: 'never' },
        errorClass: DocumentInsertError,
        parse: (response) => metadataOf(objectBody(response, 'document metadata'), () => unexpectedBody(response, 'document metadata')),
      },
      options.signal,
    );
  }

  /**
   * Reads a document by key (or `collection/key` id).
   *
   * @throws {@link DocumentGetError} errorCode 1202 when there is none.
   * @example const neal = await col.document('Neal')
   */
  document<T extends object = Record<string, unknown>>(key: string, options: RequestOptions = {}): Promise<Executed<M, StoredDocument<T>>> {
    return this.#executor.execute(
      {
        request: { method: 'GET', path: this.#documentPath(key), retry: 'read' },
        errorClass: DocumentGetError,
        parse: (response) => objectBody(response, 'a document') as StoredDocument<T>,
      },
      options.signal,
    );
  }

  /**
   * Removes a document by key (or id). Never retried.
   *
   * @throws {@link DocumentDeleteError} errorCode 1202 when there is none.
   * @example await col.remove('Neal')
   */
  remove(key: string, options: RequestOptions = {}): Promise<Executed<M, DocumentMetadata>> {
    return this.#executor.execute(
      {
        request: { method: 'DELETE', path: this.#documentPath(key), retry: 'never' },
        errorClass: DocumentDeleteError,
        parse: (response) => metadataOf(objectBody(response, 'document metadata'), () => unexpectedBody(response, 'document metadata')),
      },
      options.signal,
    );
  }

  /**
   * Counts the documents (`GET /_api/collection/{name}/count`).
   *
   * @throws {@link DocumentCountError}
   * @example const n = await col.count()
   */
  count(options: RequestOptions = {}): Promise<Executed<M, number>> {
    return this.#executor.execute(
      {
        request: { method: 'GET', path: `/_api/collection/${encodeURIComponent(this.name)}/count`, retry: 'read' },
        errorClass: DocumentCountError,
        parse: (response) => {
          const count = objectBody(response, 'an object with count').count;
          if (typeof count !== 'number') throw unexpectedBody(response, 'an object with count');
          return count;
        },
      },
      options.signal,
    );
  }

  /** python-arango's repr. @example String(col) === '<StandardCollection students>' */
  toString(): string {
    return `<StandardCollection ${this.name}>`;
  }

  #documentPath(key: string): string {
    const slash = key.indexOf('/');
    const bare = slash >= 0 && key.slice(0, slash) === this.name ? key.slice(slash + 1) : key;
    return `/_api/document/${encodeURIComponent(this.name)}/${encodeURIComponent(bare)}`;
  }
}
