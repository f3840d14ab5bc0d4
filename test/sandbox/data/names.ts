/**
 * Which database and collection names arangod 3.12 accepts.
 *
 * Traditional names are ASCII letters, digits, `_` and `-`; 3.12 also accepts "extended" names
 * (most Unicode, see the 3.12 docs on naming conventions). We accept both, so whatever a real
 * server takes the sandbox takes too; a name a real server with extended names off would refuse
 * is the only leniency.
 */

const MAX_DATABASE_NAME_BYTES = 128;
const MAX_COLLECTION_NAME_BYTES = 256;

/** Characters no name may contain: the path separator and ASCII control characters. */
const FORBIDDEN_CHARACTERS = /[/\u0000-\u001f\u007f]/u;

function hasValidShape(name: string, maxBytes: number): boolean {
  if (name.length === 0 || Buffer.byteLength(name, 'utf8') > maxBytes) {
    return false;
  }
  if (FORBIDDEN_CHARACTERS.test(name) || name !== name.trim() || name.normalize('NFC') !== name) {
    return false;
  }
  // Names may not start with a digit or a dot (arangod's extended-name rules).
  return !/^[0-9.]/u.test(name);
}

/** A name `createDatabase` accepts: `_system` is reserved, other `_` names are not allowed. */
export function isValidDatabaseName(name: string): boolean {
  return hasValidShape(name, MAX_DATABASE_NAME_BYTES) && !name.startsWith('_') && !name.includes(':');
}

/** A name `createCollection` accepts; names starting with `_` need `isSystem: true`. */
export function isValidCollectionName(name: string, isSystem: boolean): boolean {
  if (!hasValidShape(name, MAX_COLLECTION_NAME_BYTES)) {
    return false;
  }
  return !name.startsWith('_') || (isSystem && name.length > 1);
}
