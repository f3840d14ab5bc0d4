/**
 * `PUT /_api/collection/{name}/properties`: the properties a collection may change after it was
 * created (the HTTP API docs' "Change the properties of a collection"), checked and normalized as
 * arangod reports them back. Only the attributes given change.
 */
import type { ChangeableProperties, Collection } from '../data/store';
import { ArangoError, ErrorNum } from '../errors';
import { badParameter } from '../server/serverErrors';

/** arangod's TRI_ERROR_VALIDATION_BAD_PARAMETER (400/1621). */
const VALIDATION_BAD_PARAMETER = 1621;
const invalidSchema = (message: string): ArangoError => new ArangoError(400, VALIDATION_BAD_PARAMETER, message);

const SCHEMA_LEVELS = ['none', 'new', 'moderate', 'strict'];
const COMPUTE_ON = ['insert', 'update', 'replace'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A schema as arangod keeps it: `{message, level, type: "json", rule}`; null or `{}` removes it
 * (LogicalCollection::updateSchema, ValidatorBase).
 */
export function normalizeSchema(schema: unknown): Record<string, unknown> | null {
  if (schema === null || (isObject(schema) && Object.keys(schema).length === 0)) {
    return null;
  }
  if (!isObject(schema)) {
    throw invalidSchema('Schema description is not an object.');
  }
  const { rule, level, message } = schema;
  if (!isObject(rule)) {
    throw invalidSchema(`No valid schema in rule attribute given (no object): ${JSON.stringify(schema)}`);
  }
  if (level !== undefined && (typeof level !== 'string' || !SCHEMA_LEVELS.includes(level))) {
    throw invalidSchema(`Valid validation levels are: ${SCHEMA_LEVELS.join(', ')}`);
  }
  return { message: typeof message === 'string' ? message : '', level: level ?? 'strict', type: 'json', rule };
}

/**
 * Computed values with the docs' defaults filled in (`computeOn` all three operations, `keepNull`
 * true, `failOnWarning` false); null or `[]` removes them.
 */
export function normalizeComputedValues(values: unknown): Record<string, unknown>[] | null {
  if (values === null || (Array.isArray(values) && values.length === 0)) {
    return null;
  }
  if (!Array.isArray(values)) {
    throw new ArangoError(400, ErrorNum.BAD_PARAMETER, "'computedValues' must be an array");
  }
  const names = new Set<string>();
  return values.map((value: unknown) => {
    if (!isObject(value) || typeof value['name'] !== 'string' || typeof value['expression'] !== 'string' || typeof value['overwrite'] !== 'boolean') {
      throw new ArangoError(400, ErrorNum.BAD_PARAMETER, "invalid 'computedValues' entry: expecting 'name', 'expression' and 'overwrite'");
    }
    const name = value['name'];
    if (['_key', '_id', '_rev', '_from', '_to'].includes(name) || names.has(name)) {
      throw new ArangoError(400, ErrorNum.BAD_PARAMETER, `invalid 'computedValues' entry: cannot compute '${name}'`);
    }
    names.add(name);
    const computeOn = value['computeOn'] ?? COMPUTE_ON;
    if (!Array.isArray(computeOn) || computeOn.length === 0 || !computeOn.every((operation) => COMPUTE_ON.includes(operation as string))) {
      throw new ArangoError(400, ErrorNum.BAD_PARAMETER, "invalid 'computedValues' entry: 'computeOn' must name insert, update or replace");
    }
    return {
      name,
      expression: value['expression'],
      computeOn,
      overwrite: value['overwrite'],
      failOnWarning: value['failOnWarning'] === true,
      keepNull: value['keepNull'] !== false,
    };
  });
}

/**
 * The changes a body asks for, all checked before anything changes (also used when a collection
 * is created with these attributes).
 */
export function readPropertyChanges(body: unknown): Partial<ChangeableProperties> {
  if (!isObject(body)) {
    throw badParameter('expecting a JSON object as body');
  }
  const changes: Partial<ChangeableProperties> = {};
  if (typeof body['waitForSync'] === 'boolean') {
    changes.waitForSync = body['waitForSync'];
  }
  if (typeof body['cacheEnabled'] === 'boolean') {
    changes.cacheEnabled = body['cacheEnabled'];
  }
  if ('schema' in body) {
    changes.schema = normalizeSchema(body['schema']);
  }
  if ('computedValues' in body) {
    changes.computedValues = normalizeComputedValues(body['computedValues']);
  }
  return changes;
}

/** Applies the body of a properties request. */
export function changeProperties(collection: Collection, body: unknown): void {
  Object.assign(collection, readPropertyChanges(body));
}
