/**
 * What a database holds, as completion and hover need it: collections (with their type, and their
 * document count once asked for), views, named graphs, analyzers, user-defined functions, and the
 * attribute names found in a small sample of a collection's documents.
 *
 * Every question is answered from the cache at once and never waits for the server: what is not
 * cached yet is fetched in the background (one request of a kind at a time per database, only
 * while connected), and {@link SchemaCatalog.onDidChange} fires when it has arrived so the next
 * completion offers it. The cache is per database; it is dropped by {@link SchemaCatalog.refresh}
 * (the *Refresh Schema* command), by {@link SchemaCatalog.invalidate} (a query that reported
 * 1203, "collection or view not found") and by {@link SchemaCatalog.clear} (another connection).
 */
import type {
  AnalyzerDescription,
  CollectionDescription,
  Database,
  GraphDescription,
  UserFunctionDescription,
  ViewDescription,
} from '../client';
import { isArangoError } from '../client';
import { Emitter } from '../jobs/events';
import type { Disposable } from '../jobs/events';

/** One database's schema as listed by the server. */
export interface DatabaseSchema {
  readonly database: string;
  readonly collections: readonly CollectionDescription[];
  readonly views: readonly ViewDescription[];
  readonly graphs: readonly GraphDescription[];
  readonly analyzers: readonly AnalyzerDescription[];
  readonly userFunctions: readonly UserFunctionDescription[];
  /** Collection names alone, for prefix lookups on every keystroke. */
  readonly collectionNames: readonly string[];
  /** `Date.now()` when it was fetched. */
  readonly fetchedAt: number;
}

/**
 * What the catalog asks the server; the extension passes {@link clientSchemaSource}, tests a fake
 * that counts requests. `connected` is read before every request: while it is false, nothing is sent.
 */
export interface SchemaSource {
  readonly connected: boolean;
  list(database: string, signal: AbortSignal): Promise<Omit<DatabaseSchema, 'collectionNames' | 'fetchedAt' | 'database'>>;
  count(database: string, collection: string, signal: AbortSignal): Promise<number>;
  /** The attribute names of up to `size` documents: each a list of top-level names, with the names one level down. */
  sample(database: string, collection: string, size: number, signal: AbortSignal): Promise<readonly SampledDocument[]>;
}

/** One sampled document's attribute names: `[name, children?]` for each top-level attribute. */
export type SampledDocument = readonly (readonly [name: string, children?: readonly string[]])[];

/** An attribute name found in a sample and how often (out of `sampled` documents). */
export interface SampledAttribute {
  readonly name: string;
  readonly count: number;
  /** Names one level down, when the attribute held objects. */
  readonly children: readonly string[];
}

export interface CollectionSample {
  readonly collection: string;
  readonly sampled: number;
  readonly attributes: readonly SampledAttribute[];
}

export interface SchemaCatalogOptions {
  /** Documents to sample per collection; 0 turns sampling off. Read at each question. */
  readonly sampleSize: () => number;
  /** Where failed background fetches are reported (they are retried after `retryAfterMs`). */
  readonly log?: (message: string) => void;
  readonly retryAfterMs?: number;
  readonly now?: () => number;
}

type Slot<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; at: number; problem: string };

interface DatabaseEntry {
  schema?: Slot<DatabaseSchema>;
  counts: Map<string, Slot<number>>;
  samples: Map<string, Slot<CollectionSample>>;
}

const DEFAULT_RETRY_AFTER_MS = 30_000;

/**
 * The per-database schema cache behind completion and hover.
 *
 * @example
 * const catalog = new SchemaCatalog(clientSchemaSource(() => session), { sampleSize: () => 20 });
 * catalog.schema('shop'); // undefined at first: fetching in the background
 * catalog.onDidChange((database) => console.log(`${database} arrived`));
 */
export class SchemaCatalog implements Disposable {
  readonly #source: SchemaSource;
  readonly #options: SchemaCatalogOptions;
  readonly #entries = new Map<string, DatabaseEntry>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  readonly #changed = new Emitter<string>();

  /** Fires with the database whose cache gained (or lost) something. */
  readonly onDidChange = this.#changed.event;

  constructor(source: SchemaSource, options: SchemaCatalogOptions) {
    this.#source = source;
    this.#options = options;
  }

  /** The cached schema of `database`; when there is none, fetches it in the background. */
  schema(database: string): DatabaseSchema | undefined {
    const entry = this.#entry(database);
    const slot = entry.schema;
    if (slot?.state === 'ready') return slot.value;
    if (this.#shouldFetch(slot)) {
      entry.schema = { state: 'loading' };
      this.#fetch(database, entry, async (signal) => {
        const listed = await this.#source.list(database, signal);
        const value: DatabaseSchema = {
          database,
          ...listed,
          collectionNames: listed.collections.map((collection) => collection.name),
          fetchedAt: (this.#options.now ?? Date.now)(),
        };
        return value;
      }, (result) => {
        entry.schema = result;
      }, `the collections, views, graphs and analyzers of ${database}`);
    }
    return undefined;
  }

  /** The document count of a collection, from the cache; when there is none, counts in the background. */
  count(database: string, collection: string): number | undefined {
    const entry = this.#entry(database);
    const slot = entry.counts.get(collection);
    if (slot?.state === 'ready') return slot.value;
    if (this.#shouldFetch(slot)) {
      entry.counts.set(collection, { state: 'loading' });
      this.#fetch(database, entry, (signal) => this.#source.count(database, collection, signal), (result) => {
        entry.counts.set(collection, result);
      }, `the document count of ${database}/${collection}`);
    }
    return undefined;
  }

  /**
   * The attributes sampled from a collection, from the cache; when there are none, samples in the
   * background. Always `undefined` while the sample size is 0.
   */
  sample(database: string, collection: string): CollectionSample | undefined {
    const size = Math.floor(this.#options.sampleSize());
    if (!(size > 0)) return undefined;
    const entry = this.#entry(database);
    const slot = entry.samples.get(collection);
    if (slot?.state === 'ready') return slot.value;
    if (this.#shouldFetch(slot)) {
      entry.samples.set(collection, { state: 'loading' });
      this.#fetch(database, entry, async (signal) => summarizeSample(collection, await this.#source.sample(database, collection, size, signal)), (result) => {
        entry.samples.set(collection, result);
      }, `a sample of ${database}/${collection}`);
    }
    return undefined;
  }

  /** Why the last fetch of `database`'s schema failed, while that failure is what is cached. */
  problem(database: string): string | undefined {
    const slot = this.#entries.get(database)?.schema;
    return slot?.state === 'failed' ? slot.problem : undefined;
  }

  /** Drops what is cached for `database` (e.g. a query reported 1203); the next question fetches it again. */
  invalidate(database: string): void {
    if (!this.#entries.has(database)) return;
    this.#entries.delete(database);
    this.#changed.fire(database);
  }

  /** Drops the cache of `database` and fetches its schema again now; resolves when it has arrived (or failed). */
  async refresh(database: string): Promise<DatabaseSchema | undefined> {
    this.invalidate(database);
    this.schema(database);
    await this.whenIdle();
    return this.schema(database);
  }

  /** Drops every cached sample (the sample size changed). */
  clearSamples(): void {
    for (const [database, entry] of this.#entries) {
      if (entry.samples.size === 0) continue;
      entry.samples.clear();
      this.#changed.fire(database);
    }
  }

  /** Drops everything (another server, user or connection): answers in flight are ignored when they arrive. */
  clear(): void {
    const databases = [...this.#entries.keys()];
    this.#entries.clear();
    databases.forEach((database) => this.#changed.fire(database));
  }

  /** Resolves when no background fetch is under way (tests, and Refresh Schema). */
  async whenIdle(): Promise<void> {
    while (this.#inFlight.size > 0) {
      await Promise.all([...this.#inFlight]);
    }
  }

  dispose(): void {
    this.#abort.abort();
    this.#entries.clear();
    this.#changed.dispose();
  }

  #entry(database: string): DatabaseEntry {
    let entry = this.#entries.get(database);
    if (entry === undefined) {
      entry = { counts: new Map(), samples: new Map() };
      this.#entries.set(database, entry);
    }
    return entry;
  }

  #shouldFetch(slot: Slot<unknown> | undefined): boolean {
    if (!this.#source.connected || this.#abort.signal.aborted) return false;
    if (slot === undefined) return true;
    if (slot.state !== 'failed') return false;
    const now = (this.#options.now ?? Date.now)();
    return now - slot.at >= (this.#options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
  }

  #fetch<T>(database: string, entry: DatabaseEntry, ask: (signal: AbortSignal) => Promise<T>, store: (slot: Slot<T>) => void, what: string): void {
    // An answer for a cache that was dropped meanwhile (invalidate, clear) is thrown away.
    const current = (): boolean => this.#entries.get(database) === entry;
    const done = ask(this.#abort.signal).then(
      (value) => {
        if (!current()) return;
        store({ state: 'ready', value });
        this.#changed.fire(database);
      },
      (error: unknown) => {
        if (!current()) return;
        const problem = `Could not read ${what}: ${describeError(error)}`;
        store({ state: 'failed', at: (this.#options.now ?? Date.now)(), problem });
        if (!this.#abort.signal.aborted) this.#options.log?.(problem);
      },
    );
    this.#inFlight.add(done);
    void done.finally(() => this.#inFlight.delete(done));
  }
}

function describeError(error: unknown): string {
  if (isArangoError(error)) return `${error.message} (errorNum ${error.errorCode})`;
  return error instanceof Error ? error.message : String(error);
}

/** Counts the attribute names of sampled documents, most frequent first (ties by name). */
export function summarizeSample(collection: string, documents: readonly SampledDocument[]): CollectionSample {
  const found = new Map<string, { count: number; children: Set<string> }>();
  for (const document of documents) {
    for (const [name, children] of document) {
      const attribute = found.get(name) ?? { count: 0, children: new Set<string>() };
      attribute.count += 1;
      children?.forEach((child) => attribute.children.add(child));
      found.set(name, attribute);
    }
  }
  const attributes = [...found].map(([name, { count, children }]) => ({ name, count, children: [...children].sort() }));
  attributes.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { collection, sampled: documents.length, attributes };
}

/**
 * The attribute names of the first `@size` documents, one level deep into objects, so no
 * document's values travel: a normal cursor query whose one batch holds the whole answer.
 */
export const SAMPLE_QUERY =
  'FOR doc IN @@collection LIMIT @size RETURN (FOR name IN ATTRIBUTES(doc) RETURN IS_OBJECT(doc[name]) ? [name, ATTRIBUTES(doc[name])] : [name])';

/** The part of the live connection a {@link SchemaSource} needs. */
export interface SchemaSession {
  databaseHandle(name: string): Database;
}

/**
 * A {@link SchemaSource} over the extension's client. `session()` is the live session, or
 * `undefined` while not connected (then nothing is sent).
 *
 * @example new SchemaCatalog(clientSchemaSource(() => (connection.isConfigured ? connection : undefined)), options)
 */
export function clientSchemaSource(session: () => SchemaSession | undefined): SchemaSource {
  const db = (name: string): Database => {
    const live = session();
    if (live === undefined) throw new Error('not connected');
    return live.databaseHandle(name);
  };
  return {
    get connected() {
      return session() !== undefined;
    },
    async list(database, signal) {
      const handle = db(database);
      const [collections, views, graphs, analyzers, userFunctions] = await Promise.all([
        handle.collections({ signal }),
        handle.views({ signal }),
        handle.graphs({ signal }),
        handle.analyzers({ signal }),
        handle.userFunctions({ signal }),
      ]);
      return { collections, views, graphs, analyzers, userFunctions };
    },
    count: (database, collection, signal) => db(database).collection(collection).count({ signal }),
    async sample(database, collection, size, signal) {
      const cursor = await db(database).aql.execute<SampledDocument>(SAMPLE_QUERY, {
        bindVars: { '@collection': collection, size },
        batchSize: size,
        signal,
      });
      return cursor.all({ signal });
    },
  };
}
