import { open } from 'node:fs/promises';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, isJsonWhitespace as isWhitespace } from './jsonBytes';
import { STREAM_BLOCK_BYTES } from './lineBlocks';

/**
 * The elements of a file holding one JSON array (a pretty `.json` result stored before results
 * kept a JSON Lines copy), as JSON Lines: each element on a line of its own with the whitespace
 * outside its strings removed, every other byte (so every digit of a number) as in the file.
 * Yields whole lines only, a block at a time; memory stays at a block and one row. It finds
 * rows, it does not validate them: `SyntaxError` when the file is not an array or is cut short.
 */
export async function* jsonArrayAsLines(filePath: string, signal?: AbortSignal): AsyncGenerator<Buffer, void, undefined> {
  const file = await open(filePath, 'r');
  try {
    const block = Buffer.allocUnsafe(STREAM_BLOCK_BYTES);
    let out = Buffer.allocUnsafe(STREAM_BLOCK_BYTES + 1);
    let used = 0;
    /** 0 before the array, 1 inside it between rows, deeper inside a row. */
    let depth = 0;
    let inString = false;
    let escaped = false;
    let rowHasBytes = false;
    let ended = false;
    let position = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await file.read(block, 0, block.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      if (out.length - used < bytesRead + 1) {
        const grown = Buffer.allocUnsafe(used + bytesRead + 1);
        out.copy(grown, 0, 0, used);
        out = grown;
      }
      for (let at = 0; at < bytesRead; at += 1) {
        const byte = block[at] as number;
        if (inString) {
          out[used++] = byte;
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (isWhitespace(byte)) continue;
        if (ended) throw new SyntaxError(`${filePath}: unexpected byte after the array at ${position - bytesRead + at}`);
        if (depth === 0) {
          if (byte !== OPEN_BRACKET) throw new SyntaxError(`${filePath}: expected a JSON array`);
          depth = 1;
          continue;
        }
        if (depth === 1 && (byte === COMMA || byte === CLOSE_BRACKET)) {
          if (rowHasBytes) out[used++] = NEWLINE;
          else if (byte === COMMA) throw new SyntaxError(`${filePath}: expected a row at ${position - bytesRead + at}`);
          rowHasBytes = false;
          if (byte === CLOSE_BRACKET) ended = true;
          continue;
        }
        out[used++] = byte;
        rowHasBytes = true;
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth -= 1;
      }
      // Strings hold no raw newline, so each one in `out` ends a row.
      const lastNewline = used > 0 ? out.lastIndexOf(NEWLINE, used - 1) : -1;
      if (lastNewline >= 0) {
        yield Buffer.from(out.subarray(0, lastNewline + 1));
        out.copy(out, 0, lastNewline + 1, used);
        used -= lastNewline + 1;
      }
    }
    if (!ended) throw new SyntaxError(`${filePath}: the JSON array is cut short`);
  } finally {
    await file.close();
  }
}
