import type { CopyFormat, CopyTarget, ExportFormat, FindHitMessage, ResultHeader, ResultRequest, ResultUpdate } from '../webviewHost/messages/resultMessages';
import { formatCount } from './resultText';
import { copyCell, copyRows } from './resultCopy';
import { findInResult } from './resultFind';
import type { StoredRows } from './storedRows';

/** Rows per page the viewer asks for: a screen or two, one read of tens of kilobytes. */
export const PAGE_SIZE = 200;
/** Find stops listing after this many hits (it says so): a list longer than this is read by no one. */
export const FIND_HIT_LIMIT = 10_000;
/** More rows than this are not copied to the clipboard: Export writes them to a file instead. */
export const COPY_ROW_LIMIT = 50_000;
/** Hits are sent in batches, at least this often while a find runs, so they show as they come. */
const HIT_FLUSH_MS = 50;

/** What the requests need of the extension around them (the panel, the clipboard, the commands). */
export interface ResultPageHost {
  post(update: ResultUpdate): void;
  writeClipboard(text: string): Promise<void>;
  exportResult(format: ExportFormat): Promise<void>;
  openAsText(): Promise<void>;
}

/**
 * Answers a result viewer page: pages of rows read from the stored file (never the whole file),
 * a streaming find that can be stopped, copies in JSON, CSV or TSV. One per open viewer.
 *
 * @example const requests = new ResultRequests(rows, header, jobKey, host); await requests.handle({ type: 'page', pageIndex: 0 })
 */
export class ResultRequests {
  /** Page requests answered so far (the in-VS-Code test reads it). */
  pagesAnswered = 0;
  #find: { id: number; controller: AbortController } | undefined;
  #probes = new Map<number, (bytes: number | undefined) => void>();
  #nextProbe = 1;

  constructor(
    private readonly rows: StoredRows,
    private readonly header: ResultHeader,
    private readonly jobKey: string,
    private readonly host: ResultPageHost,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  /** Handles one request; failures are posted to the page as `error`, never thrown. */
  async handle(request: ResultRequest): Promise<void> {
    try {
      await this.#handle(request);
    } catch (error: unknown) {
      this.host.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Stops a running find. */
  dispose(): void {
    this.#find?.controller.abort();
    this.#find = undefined;
    for (const resolve of this.#probes.values()) resolve(undefined);
    this.#probes.clear();
  }

  /**
   * Asks the page how much JavaScript heap it holds (Chromium's `performance.memory`), for the
   * benchmark of memory at 100,000 and 1,000,000 rows; undefined when the page cannot tell.
   */
  measurePageMemory(timeoutMs = 5000): Promise<number | undefined> {
    const probeId = this.#nextProbe++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#probes.delete(probeId);
        resolve(undefined);
      }, timeoutMs);
      this.#probes.set(probeId, (bytes) => {
        clearTimeout(timer);
        resolve(bytes);
      });
      this.host.post({ type: 'measureMemory', probeId });
    });
  }

  async #handle(request: ResultRequest): Promise<void> {
    switch (request.type) {
      case 'ready':
        this.host.post({ type: 'init', jobKey: this.jobKey, header: this.header, rowCount: this.rows.rowCount, pageSize: this.pageSize });
        return;
      case 'page':
        return this.#page(request.pageIndex);
      case 'find':
        return this.#runFind(request.findId, request.needle);
      case 'stopFind':
        if (this.#find?.id === request.findId) this.#find.controller.abort();
        return;
      case 'copy':
        return this.#copy(request.target, request.format, request.columns);
      case 'export':
        return this.host.exportResult(request.format);
      case 'openAsText':
        return this.host.openAsText();
      case 'memory': {
        const resolve = this.#probes.get(request.probeId);
        this.#probes.delete(request.probeId);
        resolve?.(request.usedHeapBytes);
        return;
      }
    }
  }

  async #page(pageIndex: number): Promise<void> {
    const index = Math.max(0, Math.floor(pageIndex));
    const firstRow = index * this.pageSize;
    const rows = await this.rows.readRows(firstRow, this.pageSize);
    this.pagesAnswered += 1;
    this.host.post({ type: 'page', pageIndex: index, firstRow, rows: rows.map((row) => row.text) });
  }

  async #runFind(findId: number, needle: string): Promise<void> {
    this.#find?.controller.abort();
    const controller = new AbortController();
    this.#find = { id: findId, controller };
    let pending: FindHitMessage[] = [];
    let hitCount = 0;
    let lastFlush = Date.now();
    const flush = (): void => {
      if (pending.length > 0) this.host.post({ type: 'findHits', findId, hits: pending });
      pending = [];
      lastFlush = Date.now();
    };
    let limited = false;
    try {
      for await (const hit of findInResult(this.rows, needle, { signal: controller.signal })) {
        pending.push(hit);
        hitCount += 1;
        if (hitCount >= FIND_HIT_LIMIT) {
          limited = true;
          break;
        }
        if (Date.now() - lastFlush >= HIT_FLUSH_MS) flush();
      }
    } catch (error: unknown) {
      if (!controller.signal.aborted) throw error;
    } finally {
      if (this.#find?.id === findId) this.#find = undefined;
    }
    flush();
    this.host.post({ type: 'findDone', findId, stopped: controller.signal.aborted, hitCount, limited });
  }

  async #copy(target: CopyTarget, format: CopyFormat, columns: readonly string[]): Promise<void> {
    if (target.kind === 'cell') {
      const [row] = await this.rows.readRows(target.row, 1);
      if (row === undefined) return;
      await this.host.writeClipboard(copyCell(row.text, target.column, format));
      this.host.post({ type: 'copied', description: `Copied the ${target.column} of row ${formatCount(target.row + 1)} as ${format.toUpperCase()}.` });
      return;
    }
    const first = Math.max(0, Math.min(target.first, target.last));
    const last = Math.min(this.rows.rowCount - 1, Math.max(target.first, target.last));
    const count = last - first + 1;
    if (count <= 0) return;
    if (count > COPY_ROW_LIMIT) {
      this.host.post({
        type: 'error',
        message: `${formatCount(count)} rows are too many for the clipboard (at most ${formatCount(COPY_ROW_LIMIT)}): use Export to write them to a file.`,
      });
      return;
    }
    const rows = await this.rows.readRows(first, count);
    await this.host.writeClipboard(copyRows(rows.map((row) => row.text), columns, format));
    const what = count === 1 ? `row ${formatCount(first + 1)}` : `rows ${formatCount(first + 1)}–${formatCount(last + 1)}`;
    this.host.post({ type: 'copied', description: `Copied ${what} as ${format.toUpperCase()}.` });
  }
}
