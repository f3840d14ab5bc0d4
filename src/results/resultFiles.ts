import { createHash, randomBytes } from 'node:crypto';

/**
 * The files a job leaves in the store's folder. Every name starts with the job's file base,
 * built from a hash of its key: a key may hold `/`, `..` or `:` (`http://host:8529#123`), and a
 * hash can never leave the folder, collide with another key in practice, or exceed name limits.
 * The job id (decimal, so safe) leads the name because editor tabs show it.
 */
export interface ResultFileNames {
  /** Pretty JSON array of every row (a result within `rowLimit`). */
  readonly json: string;
  /**
   * One row per line, as the server sent it: the result itself when over `rowLimit`, and a
   * seekable copy of the rows beside a pretty `json` result (results stored before the offset
   * index existed have no such copy until a reader derives it).
   */
  readonly jsonl: string;
  /** The offset index of the `jsonl` file (see `offsetIndex.ts`). */
  readonly index: string;
  /** Pretty JSON array of the first rows of a `jsonl` result. */
  readonly preview: string;
  /** What the store knows about a stored result; written last, so its presence means complete. */
  readonly meta: string;
  /** A failed job's error, with the same facts as a result's meta. */
  readonly error: string;
}

/** Suffix of a file still being written; it is renamed once complete. */
export const PARTIAL_SUFFIX = '.partial';

/** What names a job's files: `job-<id>-<16 hex digits of the key's hash>` (or the hash alone). */
export function fileBaseFor(jobKey: string): string {
  const hash = createHash('sha256').update(jobKey, 'utf8').digest('hex');
  const id = /#(\d{1,32})$/.exec(jobKey)?.[1];
  return id === undefined ? hash.slice(0, 32) : `job-${id}-${hash.slice(0, 16)}`;
}

/** The names (not paths) of a job's files. */
export function resultFileNames(jobKey: string): ResultFileNames {
  const base = fileBaseFor(jobKey);
  return {
    json: `${base}.json`,
    jsonl: `${base}.jsonl`,
    index: `${base}.idx`,
    preview: `${base}.preview.json`,
    meta: `${base}.meta.json`,
    error: `${base}.error.json`,
  };
}

/** A unique temporary name for a file being written in place of `finalName`. */
export function partialNameFor(finalName: string): string {
  return `${finalName}.${randomBytes(6).toString('hex')}${PARTIAL_SUFFIX}`;
}

/** Whether a file name is a plain name of this folder (no separator, not `.` or `..`). */
export function isPlainFileName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);
}
