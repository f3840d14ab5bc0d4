/**
 * {@link RawBatch}: a cursor batch kept as the bytes the server sent. Copying a big result to a
 * file needs its rows' boundaries, not its rows: one linear scan finds where each top-level
 * element of `result` starts and ends, and only the other (small) fields are parsed.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;
/** `"result"`, quotes included, as bytes. */
const RESULT_KEY = Buffer.from('"result"', 'latin1');

/** What a byte is to the row scanner; everything else is PLAIN (inside a number, literal or nothing). */
const PLAIN = 0;
const STRING = 1;
const OPENING = 2;
const CLOSING = 3;
const SEPARATOR = 4;
const WHITESPACE = 5;
const BYTE_KIND = new Uint8Array(256);
BYTE_KIND[QUOTE] = STRING;
BYTE_KIND[OPEN_BRACE] = OPENING;
BYTE_KIND[OPEN_BRACKET] = OPENING;
BYTE_KIND[CLOSE_BRACE] = CLOSING;
BYTE_KIND[CLOSE_BRACKET] = CLOSING;
BYTE_KIND[COMMA] = SEPARATOR;
for (const byte of [0x20, NEWLINE, 0x0d, 0x09]) BYTE_KIND[byte] = WHITESPACE;

function isWhitespace(byte: number | undefined): boolean {
  return byte !== undefined && BYTE_KIND[byte] === WHITESPACE;
}

/** Thrown when the bytes are not one JSON object with a `result` array; the caller names the answer. */
export class RawBodyError extends Error {
  override readonly name = 'RawBodyError';

  /** @param validJson true when the bytes are JSON, only not a cursor object. */
  constructor(
    message: string,
    readonly validJson: boolean,
  ) {
    super(message);
  }
}

/** A cursor answer scanned: every field but `result` parsed, `result`'s rows as byte ranges. */
export interface ScannedCursorBody {
  /** The answer's fields except `result`, parsed. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly batch: RawBatch;
}

/**
 * One batch of rows. Rows of a scanned answer stay bytes until {@link rows} parses them;
 * {@link jsonLines} writes them out without parsing.
 *
 * @example for await (const batch of cursor.rawBatches()) await file.write(batch.jsonLines())
 */
export class RawBatch {
  /** Rows already parsed (a first batch that came inside a parsed answer), or undefined. */
  readonly #parsed: readonly unknown[] | undefined;
  readonly #bytes: Buffer | undefined;
  /** Start and end offsets of each row in `#bytes`, interleaved. */
  readonly #bounds: Uint32Array | undefined;
  /** False when some row spans whitespace outside its strings (a pretty-printed answer). */
  readonly #compact: boolean;
  /** True once jsonLines() has turned the commas between rows into newlines. */
  #separatorsRewritten = false;

  private constructor(parsed: readonly unknown[] | undefined, bytes: Buffer | undefined, bounds: Uint32Array | undefined, compact: boolean) {
    this.#parsed = parsed;
    this.#bytes = bytes;
    this.#bounds = bounds;
    this.#compact = compact;
  }

  /** A batch of rows that are parsed already. */
  static fromRows(rows: readonly unknown[]): RawBatch {
    return new RawBatch(rows, undefined, undefined, true);
  }

  /**
   * Scans a cursor answer (`{"result":[...],"hasMore":...}` in any key order) without parsing its
   * rows. Throws {@link RawBodyError} when the bytes are not such an object, cut off included.
   */
  static scanCursorBody(bytes: Buffer): ScannedCursorBody {
    return new CursorBodyScanner(bytes).scan();
  }

  /** @internal */
  static fromBounds(bytes: Buffer, bounds: Uint32Array, compact: boolean): RawBatch {
    return new RawBatch(undefined, bytes, bounds, compact);
  }

  /** How many rows the batch holds. @example batch.rowCount === 10000 */
  get rowCount(): number {
    return this.#parsed?.length ?? (this.#bounds?.length ?? 0) / 2;
  }

  /**
   * Rows `start` (inclusive) to `end` (exclusive), parsed. Throws {@link RawBodyError} naming the
   * first row that is not JSON (the scan finds rows, it does not check every byte of them).
   *
   * @example const head = batch.rows(0, 100)
   */
  rows(start = 0, end = this.rowCount): unknown[] {
    const first = Math.max(start, 0);
    const last = Math.min(end, this.rowCount);
    if (this.#parsed !== undefined) return this.#parsed.slice(first, last);
    if (last <= first) return [];
    if (!this.#separatorsRewritten) {
      // The bytes from the first row's start to the last one's end are those rows and the commas
      // between them: with brackets around, one JSON array, read in one call.
      const bounds = this.#bounds as Uint32Array;
      try {
        return JSON.parse(`[${(this.#bytes as Buffer).toString('utf8', bounds[2 * first], bounds[2 * last - 1])}]`) as unknown[];
      } catch {
        // Row by row below, to name the row that is not JSON.
      }
    }
    const rows: unknown[] = [];
    for (let index = first; index < last; index += 1) rows.push(this.#parseRow(index));
    return rows;
  }

  /**
   * Every row on a line of its own (JSON Lines, each line ending in `\n`). From a compact answer
   * (what ArangoDB sends) each line is the row as the server wrote it, so numbers keep every digit
   * even past what a JavaScript number holds, and the lines are a view of the batch's own bytes
   * with its separators turned into newlines: no copy. Rows of a pretty-printed answer, and rows
   * parsed already, are written out by `JSON.stringify`.
   */
  jsonLines(): Buffer {
    if (this.#parsed !== undefined) {
      // JSON.stringify gives undefined for undefined; a line must hold a JSON value.
      return Buffer.from(this.#parsed.map((row) => `${JSON.stringify(row) ?? 'null'}\n`).join(''), 'utf8');
    }
    const bytes = this.#bytes as Buffer;
    const bounds = this.#bounds as Uint32Array;
    const count = bounds.length / 2;
    if (count === 0) return Buffer.alloc(0);
    if (!this.#compact) {
      let lines = '';
      for (let index = 0; index < count; index += 1) lines += `${JSON.stringify(this.#parseRow(index))}\n`;
      return Buffer.from(lines, 'utf8');
    }
    const first = bounds[0] as number;
    const last = bounds[bounds.length - 1] as number;
    let adjacent = true;
    for (let index = 1; index < count && adjacent; index += 1) adjacent = bounds[2 * index] === (bounds[2 * index - 1] as number) + 1;
    if (adjacent) {
      // Rows separated by single commas: each comma (and the byte after the last row) becomes a
      // newline in place, and the span is the file's lines with no copy. The bytes are this
      // batch's own, and from then on rows() reads each row on its own, never a separator.
      for (let index = 0; index < count; index += 1) bytes[bounds[2 * index + 1] as number] = NEWLINE;
      this.#separatorsRewritten = true;
      return bytes.subarray(first, last + 1);
    }
    let length = 0;
    for (let index = 0; index < count; index += 1) length += (bounds[2 * index + 1] as number) - (bounds[2 * index] as number) + 1;
    const out = Buffer.allocUnsafe(length);
    let offset = 0;
    for (let index = 0; index < count; index += 1) {
      offset += bytes.copy(out, offset, bounds[2 * index], bounds[2 * index + 1]);
      out[offset] = NEWLINE;
      offset += 1;
    }
    return out;
  }

  #parseRow(index: number): unknown {
    try {
      return JSON.parse(this.#rowText(index));
    } catch {
      const bounds = this.#bounds as Uint32Array;
      throw new RawBodyError(`expected a JSON value in row ${index + 1} at byte ${bounds[2 * index]} of ${(this.#bytes as Buffer).length}`, false);
    }
  }

  #rowText(index: number): string {
    const bounds = this.#bounds as Uint32Array;
    return (this.#bytes as Buffer).toString('utf8', bounds[2 * index], bounds[2 * index + 1]);
  }
}

/** A single pass over a cursor answer's bytes. */
class CursorBodyScanner {
  #at = 0;

  constructor(private readonly bytes: Buffer) {}

  scan(): ScannedCursorBody {
    let batch: RawBatch | undefined;
    let resultStart = -1;
    let resultEnd = -1;
    this.#expect(OPEN_BRACE);
    if (this.#peek() === CLOSE_BRACE) {
      this.#at += 1;
    } else {
      for (;;) {
        const keyStart = this.#skipWhitespace();
        const keyEnd = this.#skipString(keyStart);
        this.#at = keyEnd;
        this.#expect(COLON);
        const valueStart = this.#skipWhitespace();
        if (batch === undefined && this.#isResultKey(keyStart, keyEnd) && this.bytes[valueStart] === OPEN_BRACKET) {
          batch = this.#scanRows(valueStart);
          resultStart = valueStart;
          resultEnd = this.#at;
        } else {
          this.#at = this.#skipValue(valueStart);
        }
        const separator = this.#next();
        if (separator === CLOSE_BRACE) break;
        if (separator !== COMMA) this.#fail('a comma or } after a field');
      }
    }
    if (this.#skipWhitespace() !== this.bytes.length) this.#fail('nothing after the object');
    if (batch === undefined) throw new RawBodyError('no result array', true);
    return { fields: this.#fieldsAround(resultStart, resultEnd), batch };
  }

  /** Whether the key between the quotes at `start` and `end` (exclusive) is `"result"`. */
  #isResultKey(start: number, end: number): boolean {
    if (end - start !== RESULT_KEY.length) return false;
    for (let index = 0; index < RESULT_KEY.length; index += 1) {
      if (this.bytes[start + index] !== RESULT_KEY[index]) return false;
    }
    return true;
  }

  /**
   * Every field but `result`, in one `JSON.parse` of the object with the rows cut out: one call
   * instead of one per key and value, which is most of the cost of a small answer.
   */
  #fieldsAround(resultStart: number, resultEnd: number): Record<string, unknown> {
    const text = `${this.bytes.toString('utf8', 0, resultStart)}0${this.bytes.toString('utf8', resultEnd)}`;
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return this.#failInFields();
    }
    delete fields.result;
    return fields;
  }

  /** Walks the fields again, parsing each value, to name the first one that is not JSON. */
  #failInFields(): never {
    this.#at = 0;
    this.#expect(OPEN_BRACE);
    for (;;) {
      const keyStart = this.#skipWhitespace();
      const keyEnd = this.#skipString(keyStart);
      this.#parse(keyStart, keyEnd);
      this.#at = keyEnd;
      this.#expect(COLON);
      const valueStart = this.#skipWhitespace();
      const valueEnd = this.#skipValue(valueStart);
      if (!this.#isResultKey(keyStart, keyEnd)) this.#parse(valueStart, valueEnd);
      this.#at = valueEnd;
      if (this.#next() !== COMMA) break;
    }
    this.#at = 0;
    return this.#fail('a JSON object');
  }

  /**
   * Records each element's range; `at` is on the `[`. The hot loop of a big result: one pass, one
   * table lookup per byte outside strings, no calls, so it runs at a few hundred MB/s.
   */
  #scanRows(at: number): RawBatch {
    const bytes = this.bytes;
    const length = bytes.length;
    // Small enough to live on V8's heap (a bigger typed array is a separate allocation, about
    // 4 us each, which would double the cost of a one-row answer); doubled as rows come.
    let bounds = new Uint32Array(16);
    let rows = 0;
    let depth = 0;
    let rowStart = -1;
    /** A row ended at depth 0 (its closing quote or bracket, or whitespace after a scalar). */
    let rowEnded = false;
    let compact = true;
    at += 1;
    while (at < length) {
      const kind = BYTE_KIND[bytes[at] as number];
      if (kind === PLAIN) {
        if (depth === 0) {
          if (rowEnded) this.#failAt('a comma or ] after a row', at);
          if (rowStart < 0) rowStart = at;
        }
        at += 1;
      } else if (kind === STRING) {
        if (depth === 0) {
          if (rowStart >= 0) this.#failAt('a comma or ] after a row', at);
          rowStart = at;
        }
        at += 1;
        for (;;) {
          if (at >= length) this.#failAt('the end of a string', at);
          const byte = bytes[at];
          if (byte === QUOTE) break;
          at += byte === BACKSLASH ? 2 : 1;
        }
        at += 1;
        if (depth === 0) rowEnded = true;
      } else if (kind === OPENING) {
        if (depth === 0) {
          if (rowStart >= 0) this.#failAt('a comma or ] after a row', at);
          rowStart = at;
        }
        depth += 1;
        at += 1;
      } else if (kind === WHITESPACE) {
        if (depth > 0) compact = false;
        else if (rowStart >= 0) rowEnded = true;
        at += 1;
      } else if (depth > 0) {
        // A comma or closing bracket inside a row.
        if (kind === CLOSING) {
          depth -= 1;
          if (depth === 0) rowEnded = true;
        }
        at += 1;
      } else {
        // A comma between rows, or the array's closing bracket.
        const closing = kind === CLOSING;
        if (closing && bytes[at] !== CLOSE_BRACKET) this.#failAt('a comma or ] after a row', at);
        if (rowStart >= 0) {
          if (2 * rows + 2 > bounds.length) {
            const grown = new Uint32Array(bounds.length * 2);
            grown.set(bounds);
            bounds = grown;
          }
          let end = at;
          while (end > rowStart && BYTE_KIND[bytes[end - 1] as number] === WHITESPACE) end -= 1;
          bounds[2 * rows] = rowStart;
          bounds[2 * rows + 1] = end;
          rows += 1;
          rowStart = -1;
          rowEnded = false;
        } else if (!closing || rows > 0) {
          this.#failAt('a row', at);
        }
        at += 1;
        if (closing) {
          this.#at = at;
          return RawBatch.fromBounds(bytes, bounds.subarray(0, 2 * rows), compact);
        }
      }
    }
    return this.#failAt('the end of the result array', at);
  }

  /** The offset just past the JSON value that starts at `start`. */
  #skipValue(start: number): number {
    const bytes = this.bytes;
    const first = bytes[start];
    if (first === QUOTE) return this.#skipString(start);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      let depth = 0;
      let at = start;
      const length = bytes.length;
      while (at < length) {
        const byte = bytes[at] as number;
        if (byte === QUOTE) {
          at = this.#skipString(at);
          continue;
        }
        if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
          depth += 1;
        } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          depth -= 1;
          if (depth === 0) return at + 1;
        }
        at += 1;
      }
      this.#fail('the end of a nested value');
    }
    // A number, true, false or null: it runs until a separator.
    let at = start;
    while (at < bytes.length) {
      const byte = bytes[at];
      if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) break;
      at += 1;
    }
    if (at === start) this.#fail('a value');
    return at;
  }

  /** The offset just past the string whose opening quote is at `start`. */
  #skipString(start: number): number {
    const bytes = this.bytes;
    if (bytes[start] !== QUOTE) this.#fail('a string');
    const length = bytes.length;
    let at = start + 1;
    while (at < length) {
      const byte = bytes[at];
      if (byte === QUOTE) return at + 1;
      at += byte === BACKSLASH ? 2 : 1;
    }
    return this.#fail('the end of a string');
  }

  #parse(start: number, end: number): unknown {
    try {
      return JSON.parse(this.bytes.toString('utf8', start, end));
    } catch {
      this.#at = start;
      return this.#fail('a JSON value');
    }
  }

  #skipWhitespace(): number {
    while (isWhitespace(this.bytes[this.#at])) this.#at += 1;
    return this.#at;
  }

  #peek(): number | undefined {
    return this.bytes[this.#skipWhitespace()];
  }

  #next(): number | undefined {
    const byte = this.#peek();
    this.#at += 1;
    return byte;
  }

  #expect(byte: number): void {
    if (this.#peek() !== byte) this.#fail(String.fromCharCode(byte));
    this.#at += 1;
  }

  #failAt(expected: string, at: number): never {
    this.#at = at;
    return this.#fail(expected);
  }

  #fail(expected: string): never {
    throw new RawBodyError(`expected ${expected} at byte ${Math.min(this.#at, this.bytes.length)} of ${this.bytes.length}`, false);
  }
}
