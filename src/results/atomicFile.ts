import { rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { partialNameFor } from './resultFiles';

/** Results may hold sensitive data: only the user may read them. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIRECTORY_MODE = 0o700;

/** Deletes a file if it exists; a file already gone is not an error. */
export async function removeFile(filePath: string): Promise<void> {
  await rm(filePath, { force: true });
}

/**
 * Writes a whole file so that it appears under its name only once complete: the text goes to
 * a unique `.partial` name, is flushed to disk, then renamed over `filePath` (a rename within
 * one folder is atomic). On failure the partial file is removed.
 */
export async function writeFileAtomic(filePath: string, text: string): Promise<number> {
  const partial = path.join(path.dirname(filePath), partialNameFor(path.basename(filePath)));
  try {
    await writeFile(partial, text, { mode: PRIVATE_FILE_MODE, flag: 'wx', flush: true });
    await rename(partial, filePath);
  } catch (error: unknown) {
    await removeFile(partial);
    throw error;
  }
  return Buffer.byteLength(text, 'utf8');
}
