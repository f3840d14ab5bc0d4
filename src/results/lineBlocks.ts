import { open } from 'node:fs/promises';
import { NEWLINE } from './jsonBytes';

/** Big enough that a pass over a large file is a few hundred reads, small enough to stay in cache. */
export const STREAM_BLOCK_BYTES = 256 * 1024;

/** Whole lines of a file: `bytes` starts at file offset `offset` and ends with a newline. */
export interface LineBlock {
  readonly bytes: Buffer;
  readonly offset: number;
}

/**
 * Reads a JSON Lines file from `from` onwards in blocks of whole lines, so a consumer never sees
 * half a row (or half a UTF-8 character). A last line without its newline gets one. Checks
 * `signal` before every read.
 */
export async function* wholeLineBlocks(
  filePath: string,
  options: { from?: number; signal?: AbortSignal | undefined; blockBytes?: number } = {},
): AsyncGenerator<LineBlock, void, undefined> {
  const blockBytes = options.blockBytes ?? STREAM_BLOCK_BYTES;
  const file = await open(filePath, 'r');
  try {
    let position = options.from ?? 0;
    let carried: Buffer | undefined;
    let carriedOffset = position;
    for (;;) {
      options.signal?.throwIfAborted();
      const block = Buffer.allocUnsafe(blockBytes);
      const { bytesRead } = await file.read(block, 0, blockBytes, position);
      if (bytesRead === 0) {
        if (carried !== undefined && carried.length > 0) yield { bytes: Buffer.concat([carried, Buffer.from([NEWLINE])]), offset: carriedOffset };
        return;
      }
      const data = carried === undefined ? block.subarray(0, bytesRead) : Buffer.concat([carried, block.subarray(0, bytesRead)]);
      const dataOffset = carried === undefined ? position : carriedOffset;
      position += bytesRead;
      const lastNewline = data.lastIndexOf(NEWLINE);
      if (lastNewline < 0) {
        carried = data;
        carriedOffset = dataOffset;
        continue;
      }
      carried = lastNewline + 1 < data.length ? Buffer.from(data.subarray(lastNewline + 1)) : undefined;
      carriedOffset = dataOffset + lastNewline + 1;
      yield { bytes: data.subarray(0, lastNewline + 1), offset: dataOffset };
    }
  } finally {
    await file.close();
  }
}

/** The lines of a block as text, without their newlines: one decode and one split per block. */
export function linesOf(block: LineBlock): string[] {
  return block.bytes.toString('utf8', 0, block.bytes.length - 1).split('\n');
}
