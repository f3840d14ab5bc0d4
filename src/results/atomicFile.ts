import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, rm, writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import * as path from 'node:path';
import { partialNameFor } from './resultFiles';

/** Results may hold sensitive data: only the user may read them. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIRECTORY_MODE = 0o700;

/** Deletes a file if it exists; a file already gone is not an error. */
export async function removeFile(filePath: string): Promise<void> {
  await rm(filePath, { force: true });
}

/** A unique `.partial` name beside `filePath`, in the same folder so that a rename is atomic. */
function partialPathFor(filePath: string): string {
  return path.join(path.dirname(filePath), partialNameFor(path.basename(filePath)));
}

/**
 * Writes a whole file so that it appears under its name only once complete: the text goes to
 * a unique `.partial` name, is flushed to disk, then renamed over `filePath` (a rename within
 * one folder is atomic). On failure the partial file is removed.
 */
export async function writeFileAtomic(filePath: string, text: string | Uint8Array): Promise<number> {
  const partial = partialPathFor(filePath);
  try {
    await writeFile(partial, text, { mode: PRIVATE_FILE_MODE, flag: 'wx', flush: true });
    await rename(partial, filePath);
  } catch (error: unknown) {
    await removeFile(partial);
    throw error;
  }
  return typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.byteLength;
}

/** Pieces are gathered up to this size before each write: one write per row would cost more than the row. */
const WRITE_CHUNK_CHARS = 64 * 1024;

/** A file written under a `.partial` name, to be renamed to its final name by the caller. */
export interface PartialFile {
  readonly partialPath: string;
  readonly bytes: number;
}

/**
 * Writes text that comes in pieces to a unique `.partial` name beside `filePath`, flushed to
 * disk, without holding all of it: the caller renames it over `filePath` once everything else is
 * ready (a rename within one folder is atomic). On failure the partial file is removed.
 */
export async function writePartialFileFrom(filePath: string, pieces: AsyncIterable<string>): Promise<PartialFile> {
  const partialPath = partialPathFor(filePath);
  const stream = createWriteStream(partialPath, { flags: 'wx', mode: PRIVATE_FILE_MODE, flush: true });
  let bytes = 0;
  try {
    await once(stream, 'open');
    let pending = '';
    const write = async (text: string): Promise<void> => {
      bytes += Buffer.byteLength(text, 'utf8');
      if (!stream.write(text)) await once(stream, 'drain');
    };
    for await (const piece of pieces) {
      pending += piece;
      if (pending.length >= WRITE_CHUNK_CHARS) {
        await write(pending);
        pending = '';
      }
    }
    if (pending !== '') await write(pending);
    stream.end();
    await finished(stream);
  } catch (error: unknown) {
    stream.destroy();
    await removeFile(partialPath);
    throw error;
  }
  return { partialPath, bytes };
}
