import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/**
 * Reads the first `maxRows` rows of a JSON Lines file, streaming: it stops reading once it has
 * them, so a preview of a huge result costs a few kilobytes of reading, not the whole file.
 * Blank lines are skipped.
 */
export async function readFirstJsonLines(filePath: string, maxRows: number): Promise<unknown[]> {
  const rows: unknown[] = [];
  if (maxRows <= 0) {
    return rows;
  }
  const input = createReadStream(filePath, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') {
        continue;
      }
      rows.push(JSON.parse(line) as unknown);
      if (rows.length >= maxRows) {
        break;
      }
    }
  } finally {
    lines.close();
    input.destroy();
  }
  return rows;
}

/** Bytes read from the file at a time by {@link readJsonLinesInGroups}: also about the size of a group. */
const GROUP_BLOCK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The first `maxRows` rows of a JSON Lines file written by this extension (every line one JSON
 * value, ending in a newline, none blank), in groups: each read of a block parses the whole lines
 * in it with one `JSON.parse`. Memory stays at a block and its rows however many rows are asked
 * for, and far less garbage is made than line by line. Throws `SyntaxError` for a line that is
 * not JSON.
 */
export async function* readJsonLinesInGroups(filePath: string, maxRows: number): AsyncGenerator<unknown[], void, undefined> {
  if (maxRows <= 0) {
    return;
  }
  const file = await open(filePath, 'r');
  try {
    let rows = 0;
    let position = 0;
    let carried = Buffer.alloc(0);
    for (;;) {
      const block = Buffer.allocUnsafe(GROUP_BLOCK_BYTES);
      const { bytesRead } = await file.read(block, 0, GROUP_BLOCK_BYTES, position);
      position += bytesRead;
      const atEnd = bytesRead === 0;
      // A last line without its newline still counts as a line.
      const data = atEnd ? Buffer.concat([carried, Buffer.from([NEWLINE])]) : carried.length > 0 ? Buffer.concat([carried, block.subarray(0, bytesRead)]) : block.subarray(0, bytesRead);
      let linesEnd = 0;
      let lines = 0;
      while (rows + lines < maxRows) {
        const newline = data.indexOf(NEWLINE, linesEnd);
        if (newline < 0) break;
        linesEnd = newline + 1;
        lines += 1;
      }
      if (lines > 0 && !(atEnd && linesEnd === 1)) {
        // Newlines inside JSON strings are escaped, so each raw newline separates two rows.
        yield JSON.parse(`[${data.toString('utf8', 0, linesEnd - 1).replaceAll('\n', ',')}]`) as unknown[];
        rows += lines;
      }
      if (rows >= maxRows || atEnd) {
        return;
      }
      carried = Buffer.from(data.subarray(linesEnd));
    }
  } finally {
    await file.close();
  }
}

/**
 * The text of `JSON.stringify(rows, null, 2)` followed by a newline, in pieces, a group of rows
 * at a time: a pretty JSON array written without ever holding all its rows.
 */
export async function* prettyJsonArray(groups: AsyncIterable<readonly unknown[]>): AsyncGenerator<string, void, undefined> {
  let first = true;
  for await (const group of groups) {
    if (group.length === 0) continue;
    // `[\n  row,\n  row\n]` without its brackets: the rows as they stand inside the whole array.
    const inner = JSON.stringify(group, null, 2).slice(2, -2);
    yield `${first ? '[\n' : ',\n'}${inner}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}
