import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { PRIVATE_FILE_MODE, removeFile } from './atomicFile';

/** Rows are handed to the stream in pieces of about this many characters. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * Writes rows to a new file as JSON Lines (one JSON value per line), waiting for the stream to
 * drain whenever its buffer is full, so memory stays bounded however many rows come.
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

  /** Appends rows, one line each; resolves once the stream can take more. */
  async writeRows(rows: readonly unknown[], signal?: AbortSignal): Promise<void> {
    let chunk = '';
    for (const row of rows) {
      // JSON.stringify gives undefined for undefined; a line must hold a JSON value.
      chunk += `${JSON.stringify(row) ?? 'null'}\n`;
      if (chunk.length >= CHUNK_CHARACTERS) {
        await this.write(chunk, signal);
        chunk = '';
      }
    }
    if (chunk !== '') {
      await this.write(chunk, signal);
    }
  }

  private async write(chunk: string, signal: AbortSignal | undefined): Promise<void> {
    if (this.failure !== undefined) {
      throw this.failure;
    }
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    if (!this.stream.write(chunk)) {
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
