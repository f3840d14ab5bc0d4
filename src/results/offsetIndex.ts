/**
 * The offset index of a stored result's JSON Lines file: where every `stride`-th row starts, so
 * that reading any row is one seek and a short read forward, never a pass over the file.
 *
 * On disk (`<base>.idx`, little-endian): the 8 bytes `AQLRIDX1`, then float64s: the stride,
 * the row count, the size in bytes of the rows file it describes (an index whose size differs
 * is stale and rebuilt), then the offset of rows 0, stride, 2·stride, … Float64 keeps offsets
 * exact up to 2^53 bytes. With the default stride a 1,000,000-row result needs a 31 KB index;
 * an offset per row would need 8 MB and buy nothing a page read can feel (see the notes). An open
 * result reads its offsets from the file as pages are asked for ({@link OffsetIndexFile}), so
 * what it holds does not grow with the row count.
 */
import { open, readFile } from 'node:fs/promises';
import { NEWLINE } from './jsonBytes';

const MAGIC = Buffer.from('AQLRIDX1', 'latin1');
const HEADER_BYTES = MAGIC.length + 3 * 8;

/** Rows between two recorded offsets: a read forward of at most this many rows (tens of kilobytes). */
export const DEFAULT_STRIDE = 256;

/** Where a row's line starts: at `offset`, after skipping `skipRows` whole lines. */
export interface RowPosition {
  readonly offset: number;
  readonly skipRows: number;
}

/** A decoded offset index. */
export class OffsetIndex {
  constructor(
    readonly stride: number,
    readonly rowCount: number,
    /** Size of the rows file the index was made for. */
    readonly dataBytes: number,
    /** Offset of row `k · stride` at `k`. */
    readonly offsets: Float64Array,
  ) {}

  /** Where to start reading for `row` (0-based, below {@link rowCount}). @example index.positionOf(123456) */
  positionOf(row: number): RowPosition {
    const sample = Math.min(Math.floor(row / this.stride), this.offsets.length - 1);
    return { offset: this.offsets[sample] ?? 0, skipRows: row - sample * this.stride };
  }

  /** The index as the bytes of an `.idx` file. */
  toBuffer(): Buffer {
    const buffer = Buffer.alloc(HEADER_BYTES + this.offsets.length * 8);
    MAGIC.copy(buffer, 0);
    buffer.writeDoubleLE(this.stride, MAGIC.length);
    buffer.writeDoubleLE(this.rowCount, MAGIC.length + 8);
    buffer.writeDoubleLE(this.dataBytes, MAGIC.length + 16);
    for (let sample = 0; sample < this.offsets.length; sample += 1) {
      buffer.writeDoubleLE(this.offsets[sample] as number, HEADER_BYTES + sample * 8);
    }
    return buffer;
  }

  /** Decodes an `.idx` file's bytes, or `undefined` when they are not a whole, consistent index. */
  static fromBuffer(buffer: Buffer): OffsetIndex | undefined {
    const fields = decodeHeader(buffer);
    if (fields === undefined) return undefined;
    const { stride, rowCount, dataBytes } = fields;
    const samples = Math.ceil(rowCount / stride);
    if (buffer.length !== HEADER_BYTES + samples * 8) return undefined;
    const offsets = new Float64Array(samples);
    for (let sample = 0; sample < samples; sample += 1) offsets[sample] = buffer.readDoubleLE(HEADER_BYTES + sample * 8);
    return new OffsetIndex(stride, rowCount, dataBytes, offsets);
  }

  /** Reads an `.idx` file; `undefined` when it is missing or not an index. */
  static async read(filePath: string): Promise<OffsetIndex | undefined> {
    try {
      return OffsetIndex.fromBuffer(await readFile(filePath));
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/**
 * An `.idx` file read in place: its header once, then the one offset a page needs, 8 bytes a read.
 * Holding the offsets instead (31 KB at 1,000,000 rows) made an open result's memory grow with its
 * rows by more than a page (benchmark 9).
 */
export class OffsetIndexFile {
  private constructor(
    readonly filePath: string,
    readonly stride: number,
    readonly rowCount: number,
    readonly dataBytes: number,
  ) {}

  /** Opens an `.idx` file; `undefined` when it is missing or not a whole, consistent index. */
  static async open(filePath: string): Promise<OffsetIndexFile | undefined> {
    let handle;
    try {
      handle = await open(filePath, 'r');
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const header = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, 0);
      const fields = decodeHeader(header.subarray(0, bytesRead));
      if (fields === undefined) return undefined;
      const { size } = await handle.stat();
      if (size !== HEADER_BYTES + Math.ceil(fields.rowCount / fields.stride) * 8) return undefined;
      return new OffsetIndexFile(filePath, fields.stride, fields.rowCount, fields.dataBytes);
    } finally {
      await handle.close();
    }
  }

  /** Where to start reading for `row` (0-based, below {@link rowCount}). */
  async positionOf(row: number): Promise<RowPosition> {
    const samples = Math.ceil(this.rowCount / this.stride);
    if (samples === 0) return { offset: 0, skipRows: row };
    const sample = Math.min(Math.floor(row / this.stride), samples - 1);
    const handle = await open(this.filePath, 'r');
    try {
      const bytes = Buffer.alloc(8);
      const { bytesRead } = await handle.read(bytes, 0, 8, HEADER_BYTES + sample * 8);
      if (bytesRead !== 8) throw new Error(`The offset index ${this.filePath} was cut short`);
      return { offset: bytes.readDoubleLE(0), skipRows: row - sample * this.stride };
    } finally {
      await handle.close();
    }
  }
}

function decodeHeader(buffer: Buffer): { stride: number; rowCount: number; dataBytes: number } | undefined {
  if (buffer.length < HEADER_BYTES || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const stride = buffer.readDoubleLE(MAGIC.length);
  const rowCount = buffer.readDoubleLE(MAGIC.length + 8);
  const dataBytes = buffer.readDoubleLE(MAGIC.length + 16);
  if (![stride, rowCount, dataBytes].every((value) => Number.isSafeInteger(value) && value >= 0) || stride < 1) return undefined;
  return { stride, rowCount, dataBytes };
}

/**
 * Builds an {@link OffsetIndex} from the JSON Lines as they are written, without parsing a row:
 * newlines inside JSON strings are escaped, so every raw newline ends a row.
 *
 * @example const index = new OffsetIndexBuilder(); index.addLines(batch.jsonLines()); index.finish()
 */
export class OffsetIndexBuilder {
  #offsets = new Float64Array(64);
  #samples = 0;
  #rows = 0;
  #bytes = 0;

  constructor(readonly stride: number = DEFAULT_STRIDE) {
    if (!Number.isSafeInteger(stride) || stride < 1) throw new RangeError(`stride must be a whole number of at least 1, not ${stride}`);
  }

  get rowCount(): number {
    return this.#rows;
  }

  /** Takes whole lines, each ending in a newline, as they are appended to the rows file. */
  addLines(lines: Uint8Array): void {
    const stride = this.stride;
    const length = lines.length;
    let at = 0;
    let rows = this.#rows;
    while (at < length) {
      if (rows % stride === 0) this.#record(this.#bytes + at);
      const newline = lines.indexOf(NEWLINE, at);
      // A last line without its newline is still a row (a file written elsewhere).
      at = newline < 0 ? length : newline + 1;
      rows += 1;
    }
    this.#rows = rows;
    this.#bytes += length;
  }

  finish(): OffsetIndex {
    return new OffsetIndex(this.stride, this.#rows, this.#bytes, this.#offsets.slice(0, this.#samples));
  }

  #record(offset: number): void {
    if (this.#samples === this.#offsets.length) {
      const grown = new Float64Array(this.#offsets.length * 2);
      grown.set(this.#offsets);
      this.#offsets = grown;
    }
    this.#offsets[this.#samples] = offset;
    this.#samples += 1;
  }
}
