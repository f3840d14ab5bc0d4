/**
 * Plain JSON values as the store keeps them: deep copies, and the merge rules of a document
 * update (`keepNull`, `mergeObjects`, as arangod's `transaction::helpers::mergeObjectsForUpdate`).
 */

/**
 * Sets an own member, even one named `__proto__` (plain data in JSON, but assigning it would
 * change the object's prototype instead).
 */
export function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** A plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy holding only JSON values. Non-finite numbers become null and `undefined` members
 * are dropped, as they would be after a trip through JSON.
 */
export function cloneJson(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const member: unknown = value[i];
      copy[i] = member === undefined ? null : cloneJson(member);
    }
    return copy;
  }
  if (typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) {
        setMember(copy, key, cloneJson(member));
      }
    }
    return copy;
  }
  return null;
}

/** Removes null members recursively (an update with `keepNull: false`). */
function withoutNulls(value: unknown): unknown {
  if (!isPlainObject(value)) {
    return value;
  }
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null) {
      setMember(result, key, withoutNulls(member));
    }
  }
  return result;
}

/**
 * The document an update produces: `patch` applied to `old`. Sub-objects are merged when
 * `mergeObjects` is true; null members delete attributes when `keepNull` is false.
 */
export function mergePatch(
  old: Record<string, unknown>,
  patch: Record<string, unknown>,
  keepNull: boolean,
  mergeObjects: boolean,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...old };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null && !keepNull) {
      delete result[key];
      continue;
    }
    const previous = result[key];
    if (mergeObjects && isPlainObject(value) && isPlainObject(previous)) {
      setMember(result, key, mergePatch(previous, value, keepNull, mergeObjects));
    } else {
      setMember(result, key, keepNull ? value : withoutNulls(value));
    }
  }
  return result;
}
