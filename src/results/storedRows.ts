import { rename, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { removeFile, writeFileAtomic } from './atomicFile';
import { jsonArrayAsLines } from './jsonArrayLines';
import { JsonLinesWriter } from './jsonLinesWriter';
import type { LineBlock } from './lineBlocks';
import { linesOf, wholeLineBlocks } from './lineBlocks';
import { OffsetIndexBuilder, OffsetIndexFile } from './offsetIndex';
import type { OffsetIndex } from './offsetIndex';
import { partialNameFor, resultFileNames } from './resultFiles';
import { ResultStoreError } from './resultStoreError';
import type { StoredResult } from './storedResult';
import { NEWLINE } from './jsonBytes';

/** Blocks read for a page: a page and the rows before it since the last recorded offset fit one or two. */
const PAGE_BLOCK_BYTES = 64 * 1024;

/** One stored row: its JSON text exactly as the server sent it, parsed only when asked. */
export class StoredRow {
  constructor(
    /** 0-based row number in the result. */
    readonly index: number,
    readonly text: string,
  ) {}

  /** The row parsed (numbers beyond 2^53 lose digits here: show {@link text} or its cells instead). */
  value(): unknown {
    return JSON.parse(this.text);
  }
}

/** A block of consecutive rows as text, for passes over a whole result. */
export interface RowBlock {
  readonly firstRow: number;
  readonly texts: readonly string[];
  /** Bytes of the rows file read so far, for progress. */
  readonly bytesRead: number;
}

/**
 * Reads a stored result's rows a page at a time. Every result has (or is given, on first open)
 * a JSON Lines file of its rows as the server sent them and an offset index beside it, so a page
 * anywhere is one seek and a read of tens of kilobytes, whatever the row count.
 *
 * @example const rows = await StoredRows.open(stored); const page = await rows.readRows(999_900, 100)
 */
export class StoredRows {
  private constructor(
    readonly rowsPath: string,
    private readonly index: OffsetIndexFile,
  ) {}

  /**
   * Opens a stored result for reading. A result stored before the index existed gets it now, in
   * one streaming pass (and a pretty `json` result first gets its JSON Lines copy, derived from
   * the pretty file with every digit it holds); later opens just read the index.
   */
  static async open(stored: StoredResult, signal?: AbortSignal): Promise<StoredRows> {
    const folder = path.dirname(stored.path);
    const names = resultFileNames(stored.jobKey);
    const rowsPath = stored.rowsPath ?? (stored.kind === 'jsonl' ? stored.path : path.join(folder, names.jsonl));
    const indexPath = stored.indexPath ?? path.join(folder, names.index);
    const size = await sizeOf(rowsPath);
    if (size === undefined) {
      if (stored.kind !== 'json') throw new ResultStoreError('RESULT_DAMAGED', `The rows of this result are missing (${rowsPath}); fetch it again.`);
      checked(await deriveJsonLines(stored.path, rowsPath, indexPath, signal), stored);
    } else {
      const index = await OffsetIndexFile.open(indexPath);
      if (index === undefined || index.dataBytes !== size) {
        checked(await rebuildIndex(rowsPath, indexPath, signal), stored);
      }
    }
    const index = await OffsetIndexFile.open(indexPath);
    if (index === undefined) throw new ResultStoreError('RESULT_DAMAGED', `The offset index of this result could not be read back (${indexPath}); fetch it again.`);
    return new StoredRows(rowsPath, checked(index, stored));
  }

  /** How many rows the result has. */
  get rowCount(): number {
    return this.index.rowCount;
  }

  /**
   * Rows `start` to `start + count - 1` (fewer at the end), read with one seek; never reads
   * the file whole. @example await rows.readRows(0, 100)
   */
  async readRows(start: number, count: number): Promise<StoredRow[]> {
    const first = Math.max(0, Math.floor(start));
    const last = Math.min(this.rowCount, first + Math.max(0, Math.floor(count)));
    const rows: StoredRow[] = [];
    if (last <= first) return rows;
    const { offset, skipRows } = await this.index.positionOf(first);
    let toSkip = skipRows;
    let row = first;
    for await (const block of wholeLineBlocks(this.rowsPath, { from: offset, blockBytes: PAGE_BLOCK_BYTES })) {
      const bytes = block.bytes;
      let at = 0;
      while (at < bytes.length && row < last) {
        const newline = bytes.indexOf(NEWLINE, at);
        if (toSkip > 0) toSkip -= 1;
        else {
          rows.push(new StoredRow(row, bytes.toString('utf8', at, newline)));
          row += 1;
        }
        at = newline + 1;
      }
      if (row >= last) break;
    }
    return rows;
  }

  /** Every row from `fromRow` on, a block at a time, for find and export. Checks `signal` between blocks. */
  async *blocks(signal?: AbortSignal, fromRow = 0): AsyncGenerator<RowBlock, void, undefined> {
    if (fromRow >= this.rowCount) return;
    const { offset, skipRows } = await this.index.positionOf(Math.max(0, fromRow));
    let firstRow = Math.max(0, fromRow) - skipRows;
    for await (const block of wholeLineBlocks(this.rowsPath, { from: offset, signal })) {
      const texts = linesOf(block);
      const skip = Math.max(0, fromRow - firstRow);
      yield { firstRow: firstRow + skip, texts: skip > 0 ? texts.slice(skip) : texts, bytesRead: block.offset + block.bytes.length };
      firstRow += texts.length;
    }
  }

  /** The whole rows file as blocks of whole lines (bytes as stored), for copying it out. */
  byteBlocks(signal?: AbortSignal): AsyncGenerator<LineBlock, void, undefined> {
    return wholeLineBlocks(this.rowsPath, { signal });
  }

  /** Size of the rows file in bytes. */
  get bytes(): number {
    return this.index.dataBytes;
  }
}

/** Opens, reads a page and forgets: for a single look. @example const page = await readRows(stored, 0, 100) */
export async function readRows(stored: StoredResult, start: number, count: number): Promise<StoredRow[]> {
  return (await StoredRows.open(stored)).readRows(start, count);
}

async function sizeOf(filePath: string): Promise<number | undefined> {
  try {
    return (await stat(filePath)).size;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function checked<Index extends { readonly rowCount: number }>(index: Index, stored: StoredResult): Index {
  if (index.rowCount !== stored.rows) {
    throw new ResultStoreError('RESULT_DAMAGED', `The stored rows file holds ${index.rowCount} rows but the result has ${stored.rows}; fetch it again.`);
  }
  return index;
}

/** One streaming pass over a JSON Lines file, recording offsets as the drain does. */
async function rebuildIndex(rowsPath: string, indexPath: string, signal: AbortSignal | undefined): Promise<OffsetIndex> {
  const builder = new OffsetIndexBuilder();
  for await (const block of wholeLineBlocks(rowsPath, { signal })) builder.addLines(block.bytes);
  const index = builder.finish();
  await writeFileAtomic(indexPath, index.toBuffer());
  return index;
}

/** Writes the JSON Lines copy of a pretty JSON result and its index, each appearing whole. */
async function deriveJsonLines(prettyPath: string, rowsPath: string, indexPath: string, signal: AbortSignal | undefined): Promise<OffsetIndex> {
  const writer = await JsonLinesWriter.create(path.join(path.dirname(rowsPath), partialNameFor(path.basename(rowsPath))));
  const builder = new OffsetIndexBuilder();
  try {
    for await (const lines of jsonArrayAsLines(prettyPath, signal)) {
      builder.addLines(lines);
      await writer.writeLines(lines, signal);
    }
    await writer.close();
  } catch (error: unknown) {
    await writer.discard();
    if (error instanceof SyntaxError) throw new ResultStoreError('RESULT_DAMAGED', `The stored result is not a JSON array (${error.message}); fetch it again.`, { cause: error });
    throw error;
  }
  const index = builder.finish();
  try {
    await writeFileAtomic(indexPath, index.toBuffer());
    await rename(writer.filePath, rowsPath);
  } catch (error: unknown) {
    await removeFile(writer.filePath);
    throw error;
  }
  return index;
}
