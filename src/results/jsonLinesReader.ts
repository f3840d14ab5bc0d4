import { createReadStream } from 'node:fs';
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
