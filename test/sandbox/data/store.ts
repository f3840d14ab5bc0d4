/**
 * The sandbox's in-memory data: databases, their collections and documents.
 *
 * ```ts
 * const store = new DataStore();
 * const products = store.database('_system')!.createCollection('products');
 * products.insert({ name: 'lamp' }); // { meta: { _id: 'products/1002', ... }, new: {...} }
 * ```
 */
import { Database } from './database';
import { isValidDatabaseName } from './names';
import { databaseNotFound, duplicateDatabaseName, invalidDatabaseName, systemDatabaseUndroppable } from './storeErrors';
import { TickSource } from './ticks';

export { Collection } from './collection';
export type {
  ChangeableProperties,
  CollectionOptions,
  DocumentMeta,
  InsertOptions,
  InsertResult,
  ModifyResult,
  OverwriteMode,
  RemoveResult,
  StoredDocument,
  UpdateOptions,
} from './collection';
export { Database } from './database';

const SYSTEM_DATABASE = '_system';

/** All databases of one sandbox server; a new store already has `_system`. */
export class DataStore {
  private readonly ticks = new TickSource();
  private readonly byName = new Map<string, Database>([[SYSTEM_DATABASE, new Database(SYSTEM_DATABASE, this.ticks)]]);

  /** The database of that name, or undefined. */
  database(name: string): Database | undefined {
    return this.byName.get(name);
  }

  /** Creates a database: 409/1207 `duplicate database name`, 400/1229 `database name invalid`. */
  createDatabase(name: string): Database {
    if (this.byName.has(name)) {
      throw duplicateDatabaseName();
    }
    if (typeof name !== 'string' || !isValidDatabaseName(name)) {
      throw invalidDatabaseName();
    }
    const database = new Database(name, this.ticks);
    this.byName.set(name, database);
    return database;
  }

  /** Drops a database: 404/1228 when unknown; `_system` cannot be dropped (403/11). */
  dropDatabase(name: string): void {
    if (name === SYSTEM_DATABASE) {
      throw systemDatabaseUndroppable();
    }
    if (!this.byName.delete(name)) {
      throw databaseNotFound();
    }
  }

  /** Database names, sorted as arangod lists them. */
  databaseNames(): string[] {
    return Array.from(this.byName.keys()).sort();
  }
}
