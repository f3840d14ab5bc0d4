/**
 * One database of the sandbox store.
 */
import { Collection, type CollectionOptions } from './collection';
import { isValidCollectionName } from './names';
import { collectionNotFound, duplicateCollectionName, illegalCollectionName } from './storeErrors';
import type { TickSource } from './ticks';

/** A database: its collections by name, in creation order. */
export class Database {
  readonly name: string;
  private readonly ticks: TickSource;
  private readonly byName = new Map<string, Collection>();

  /** @internal Created by `DataStore`. */
  constructor(name: string, ticks: TickSource) {
    this.name = name;
    this.ticks = ticks;
  }

  /** The collection of that name, or undefined. */
  collection(name: string): Collection | undefined {
    return this.byName.get(name);
  }

  /** Creates a collection: 409/1207 `duplicate name`, 400/1208 `illegal name` as arangod. */
  createCollection(name: string, options: CollectionOptions = {}): Collection {
    if (typeof name !== 'string' || !isValidCollectionName(name, options.isSystem ?? false)) {
      throw illegalCollectionName();
    }
    if (options.type !== undefined && options.type !== 2 && options.type !== 3) {
      throw new RangeError(`collection type must be 2 or 3, not ${String(options.type)}`);
    }
    if (this.byName.has(name)) {
      throw duplicateCollectionName();
    }
    const collection = new Collection(this.name, name, String(this.ticks.nextTick()), this.ticks, options);
    this.byName.set(name, collection);
    return collection;
  }

  /** Drops a collection: 404/1203 `collection or view not found` when there is none. */
  dropCollection(name: string): void {
    if (!this.byName.delete(name)) {
      throw collectionNotFound();
    }
  }

  /** Renames a collection: 404/1203 if there is none, 400/1208 for an illegal name, 409/1207 if it is taken. */
  renameCollection(name: string, newName: string): Collection {
    const collection = this.byName.get(name);
    if (collection === undefined) {
      throw collectionNotFound();
    }
    if (typeof newName !== 'string' || !isValidCollectionName(newName, collection.isSystem)) {
      throw illegalCollectionName();
    }
    if (newName === name) {
      return collection;
    }
    if (this.byName.has(newName)) {
      throw duplicateCollectionName();
    }
    // Keep the creation order of the listing.
    const entries = [...this.byName.entries()].map(([key, value]): [string, Collection] => (key === name ? [newName, value] : [key, value]));
    this.byName.clear();
    for (const [key, value] of entries) {
      this.byName.set(key, value);
    }
    collection.renameTo(newName);
    return collection;
  }

  /** All collections, in creation order. */
  collections(): Collection[] {
    return Array.from(this.byName.values());
  }
}
