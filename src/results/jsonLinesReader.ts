import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The first `maxRows` rows of a JSON Lines file, parsed one at a time as the loop asks for them:
 * reading stops once they are out, so the head of a huge result costs a few kilobytes of
 * reading, not the whole file. Blank lines are skipped. Throws `SyntaxError` for a line that is
 * not JSON.
 */
export async function* readJsonLines(filePath: string, maxRows: number): AsyncGenerator<unknown, void, undefined> {
  if (maxRows <= 0) {
    return;
  }
  const input = createReadStream(filePath, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let rows = 0;
  try {
    for await (const line of lines) {
      if (line.trim() === '') {
        continue;
      }
      yield JSON.parse(line) as unknown;
      rows += 1;
      if (rows >= maxRows) {
        break;
      }
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

/** The first `maxRows` rows of a JSON Lines file, as an array (see {@link readJsonLines}). */
export async function readFirstJsonLines(filePath: string, maxRows: number): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const row of readJsonLines(filePath, maxRows)) {
    rows.push(row);
  }
  return rows;
}

/**
 * The text of `JSON.stringify(rows, null, 2)` followed by a newline, in pieces, one row at a
 * time: a pretty JSON array written without ever holding all its rows.
 */
export async function* prettyJsonArray(rows: AsyncIterable<unknown>): AsyncGenerator<string, void, undefined> {
  let first = true;
  for await (const row of rows) {
    // Newlines inside JSON strings are escaped, so every newline here is between tokens.
    yield `${first ? '[\n  ' : ',\n  '}${(JSON.stringify(row, null, 2) ?? 'null').replaceAll('\n', '\n  ')}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}
