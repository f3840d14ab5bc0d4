/**
 * INSERT, UPDATE, REPLACE and REMOVE (InsertNode ... RemoveNode): one write per row, recorded
 * in the query's undo log; NEW and OLD are set for the statements after it. With
 * `ignoreErrors`, a failed write counts as ignored and drops the row.
 */
import type { OverwriteMode, StoredDocument } from '../../data/store';
import { revisionConflict, StoreErrorNum } from '../../data/storeErrors';
import { ArangoError, ErrorNum } from '../../errors';
import { collectionNotFoundInQuery } from '../aqlErrors';
import type { Row } from '../expressionCompiler';
import { executionError, type PlanNode, type QueryRuntime } from '../queryRuntime';
import { isObject } from '../values';
import { evaluateRows, type CompiledExpression } from './rowStages';
import type { Stage } from './stage';

/** The OPTIONS of a modification the sandbox honours (others are accepted and ignored). */
export interface ModificationOptions {
  ignoreErrors: boolean;
  keepNull: boolean;
  mergeObjects: boolean;
  ignoreRevs: boolean;
  overwriteMode?: OverwriteMode;
}

export interface ModificationSpec {
  kind: 'insert' | 'update' | 'replace' | 'remove';
  collectionName: string;
  subject: CompiledExpression;
  with?: CompiledExpression;
  options: ModificationOptions;
  newSlot?: number;
  oldSlot?: number;
}

function documentTypeError(): ArangoError {
  return new ArangoError(400, ErrorNum.DOCUMENT_TYPE_INVALID, 'invalid document type');
}

/** The key a modification addresses: a key string, or the `_key` of a document. */
function keyOf(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (isObject(value)) {
    const key = value['_key'];
    if (typeof key === 'string') {
      return key;
    }
    throw new ArangoError(400, StoreErrorNum.DOCUMENT_KEY_MISSING, 'missing document key');
  }
  throw documentTypeError();
}

interface WriteOutcome {
  newDocument: StoredDocument | null;
  oldDocument: StoredDocument | null;
  ignored: boolean;
}

export class ModificationStage implements Stage {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly calculationNode: PlanNode,
    private readonly node: PlanNode,
    private readonly spec: ModificationSpec,
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    const subjects: unknown[] = [];
    await evaluateRows(rows, this.spec.subject, this.calculationNode, this.runtime, (_row, value) => subjects.push(value));
    const withValues: unknown[] = [];
    if (this.spec.with !== undefined) {
      await evaluateRows(rows, this.spec.with, this.calculationNode, this.runtime, (_row, value) => withValues.push(value));
    }
    const kept: Row[] = [];
    for (let r = 0; r < rows.length; r += 1) {
      const row = rows[r]!;
      let outcome: WriteOutcome;
      try {
        outcome = this.write(subjects[r], this.spec.with === undefined ? undefined : withValues[r]);
      } catch (error) {
        if (this.spec.options.ignoreErrors && error instanceof ArangoError) {
          this.runtime.stats.writesIgnored += 1;
          continue;
        }
        throw executionError(error, this.node);
      }
      if (outcome.ignored) {
        this.runtime.stats.writesIgnored += 1;
      } else {
        this.runtime.stats.writesExecuted += 1;
      }
      if (this.spec.newSlot !== undefined) {
        row[this.spec.newSlot] = outcome.newDocument;
      }
      if (this.spec.oldSlot !== undefined) {
        row[this.spec.oldSlot] = outcome.oldDocument;
      }
      kept.push(row);
    }
    await this.runtime.checkpoint(this.node);
    return kept.length === 0 ? true : this.downstream.push(kept);
  }

  private write(subject: unknown, withValue: unknown): WriteOutcome {
    const collection = this.runtime.database.collection(this.spec.collectionName);
    if (collection === undefined) {
      throw collectionNotFoundInQuery(this.spec.collectionName);
    }
    const { options } = this.spec;
    if (this.spec.kind === 'insert') {
      if (!isObject(subject)) {
        throw documentTypeError();
      }
      const userKey = subject['_key'];
      const before = typeof userKey === 'string' ? collection.peek(userKey) : undefined;
      const insertOptions: { overwriteMode?: OverwriteMode; keepNull: boolean; mergeObjects: boolean } = {
        keepNull: options.keepNull,
        mergeObjects: options.mergeObjects,
      };
      if (options.overwriteMode !== undefined) {
        insertOptions.overwriteMode = options.overwriteMode;
      }
      const result = collection.insertOwned(subject, insertOptions);
      if (result.ignored === true) {
        return { newDocument: null, oldDocument: null, ignored: true };
      }
      this.runtime.recordWrite(collection, result.meta._key, before);
      return { newDocument: result.new, oldDocument: result.old ?? null, ignored: false };
    }
    const key = keyOf(subject);
    const before = collection.peek(key);
    if (!options.ignoreRevs && isObject(subject) && typeof subject['_rev'] === 'string' && before !== undefined && before._rev !== subject['_rev']) {
      throw revisionConflict();
    }
    const document = withValue === undefined ? subject : withValue;
    if (this.spec.kind === 'remove') {
      const removed = collection.removeOwned(key);
      this.runtime.recordWrite(collection, key, before);
      return { newDocument: null, oldDocument: removed.old, ignored: false };
    }
    if (!isObject(document)) {
      throw documentTypeError();
    }
    const result =
      this.spec.kind === 'update'
        ? collection.updateOwned(key, document, { keepNull: options.keepNull, mergeObjects: options.mergeObjects })
        : collection.replaceOwned(key, document);
    this.runtime.recordWrite(collection, key, before);
    return { newDocument: result.new, oldDocument: result.old, ignored: false };
  }

  finish(): Promise<void> {
    return this.downstream.finish();
  }
}
