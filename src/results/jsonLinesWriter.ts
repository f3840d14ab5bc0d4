import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { PRIVATE_FILE_MODE, removeFile } from './atomicFile';

/**
 * Writes a new file of JSON Lines (one JSON value per line), waiting for the stream to drain
 * whenever its buffer is full, so memory stays bounded however many rows come.
 */
export class JsonLinesWriter {
  private bytes = 0;
  private failure: Error | undefined;

  private constructor(
    readonly filePath: string,
    private readonly stream: WriteStream,
  ) {
    // Remember a write error for the next call, so it never goes unhandled.
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** Creates the file (it must not exist yet), readable by its owner only. */
  static async create(filePath: string): Promise<JsonLinesWriter> {
    const stream = createWriteStream(filePath, { flags: 'wx', mode: PRIVATE_FILE_MODE, flush: true });
    const writer = new JsonLinesWriter(filePath, stream);
    await once(stream, 'open');
    return writer;
  }

  /** Bytes written so far. */
  get bytesWritten(): number {
    return this.bytes;
  }

  /** Appends lines that are JSON Lines already (each ending in a newline); resolves once the stream can take more. */
  async writeLines(lines: Buffer, signal?: AbortSignal): Promise<void> {
    if (this.failure !== undefined) {
      throw this.failure;
    }
    if (lines.length === 0) {
      return;
    }
    this.bytes += lines.length;
    if (!this.stream.write(lines)) {
      // `once` rejects on the stream's 'error' and on abort, so a wait never hangs.
      await once(this.stream, 'drain', signal === undefined ? {} : { signal });
    }
  }

  /** Writes what is buffered, flushes it to disk and closes the file. */
  async close(): Promise<void> {
    if (this.failure !== undefined) {
      throw this.failure;
    }
    this.stream.end();
    await finished(this.stream);
    if (!this.stream.closed) {
      await once(this.stream, 'close');
    }
  }

  /** Stops writing and deletes the file. */
  async discard(): Promise<void> {
    if (!this.stream.closed) {
      const closed = once(this.stream, 'close');
      this.stream.destroy();
      await closed.catch(() => undefined);
    }
    await removeFile(this.filePath);
  }
}
