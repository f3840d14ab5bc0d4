/**
 * When the server's own query lists are read: only while someone can see them. Free of `vscode`,
 * so the cost (requests per minute) is pinned down by a Node test with a fake clock.
 */
import type { Database } from '../client';
import type { RunningQuery } from '../client/aql';
import { serverQueriesFromAnswer } from '../plans/serverQueries';
import { Emitter } from './events';
import type { Disposable } from './events';
import type { PollerTimers } from './poller';

/** The server's two lists: `GET /_api/query/current` and `GET /_api/query/slow`. */
export type ServerQueryList = 'running' | 'slow';

export const SERVER_QUERY_LISTS: readonly ServerQueryList[] = ['running', 'slow'];

/** What is known of one list: not read yet, its last entries, or the last attempt's error (with the entries before it). */
export type ListReading =
  | { readonly kind: 'unread' }
  | { readonly kind: 'read'; readonly queries: readonly RunningQuery[]; readonly readAt: number }
  | { readonly kind: 'failed'; readonly error: unknown; readonly queries: readonly RunningQuery[]; readonly readAt: number };

export interface ServerActivityPollerOptions {
  /** Reads one list of the current database; rejects with the client's error. */
  read(list: ServerQueryList, signal: AbortSignal): Promise<readonly RunningQuery[]>;
  /** The polling interval, asked at every scheduling so a changed setting applies at the next read. */
  intervalMs(): number;
  /** Longest wait between attempts while reading fails (each failure doubles the wait from the interval). */
  maxBackoffMs?: number;
  now?: () => number;
  timers?: PollerTimers;
}

/**
 * Reads one list of `db`'s database, each entry checked and completed (an entry without bind
 * parameters, as a server with `trackBindVars` off sends, gets `{}`), with the coordinator that
 * answered (a kill goes there) and, in the slow list, the errorNum the query ended with.
 *
 * @example const running = await readServerQueries(db, 'running', signal)
 */
export async function readServerQueries(db: Database, list: ServerQueryList, signal: AbortSignal): Promise<RunningQuery[]> {
  const listed = list === 'running' ? await db.aql.queries({ signal }) : await db.aql.slowQueries({ signal });
  return serverQueriesFromAnswer(listed).map((query, index) => {
    const { coordinator, exitCode } = listed[index] ?? { coordinator: '' };
    return { ...query, coordinator, ...(typeof exitCode === 'number' ? { exitCode } : {}) };
  });
}

const NODE_TIMERS: PollerTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const DEFAULT_MAX_BACKOFF_MS = 30_000;

interface ListPolling {
  expanded: boolean;
  reading: ListReading;
  timer: unknown;
  inFlight: AbortController | undefined;
  /** A read was asked for while one was under way (after a kill): read again as soon as it ends. */
  againAfterFlight: boolean;
  failures: number;
  requests: number;
}

/**
 * Reads a list once when it becomes wanted and then once per interval (counted from the end of
 * the previous read, so reads never overlap), for as long as it is wanted: its group expanded,
 * the view visible and a connection there. Otherwise it holds no timer and sends nothing, so an
 * expanded list costs at most `60000 / intervalMs` requests a minute (60 at the default 1 s), and
 * a collapsed or hidden one none.
 */
export class ServerActivityPoller implements Disposable {
  private visible = false;
  private connected = false;
  private disposed = false;
  private readonly lists = new Map<ServerQueryList, ListPolling>();
  private readonly changed = new Emitter<ServerQueryList>();
  private readonly now: () => number;
  private readonly timers: PollerTimers;

  /** Fires with the list whose reading changed (read, failed, or forgotten). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: ServerActivityPollerOptions) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? NODE_TIMERS;
    for (const list of SERVER_QUERY_LISTS) {
      this.lists.set(list, { expanded: false, reading: { kind: 'unread' }, timer: undefined, inFlight: undefined, againAfterFlight: false, failures: 0, requests: 0 });
    }
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.updateAll();
  }

  setExpanded(list: ServerQueryList, expanded: boolean): void {
    const polling = this.polling(list);
    if (polling.expanded === expanded) {
      return;
    }
    polling.expanded = expanded;
    this.update(list);
  }

  /**
   * The connection (server, database or user) changed or went away: what was read belongs to the
   * old one, so it is forgotten, and reading starts over on the new one.
   */
  setConnected(connected: boolean): void {
    this.connected = connected;
    for (const list of SERVER_QUERY_LISTS) {
      this.stop(list);
      const polling = this.polling(list);
      polling.failures = 0;
      polling.reading = { kind: 'unread' };
      this.changed.fire(list);
    }
    this.updateAll();
  }

  /** Whether there is a connection to read from. */
  get isConnected(): boolean {
    return this.connected;
  }

  reading(list: ServerQueryList): ListReading {
    return this.polling(list).reading;
  }

  /** Whether `list` is read at the interval now (its group expanded, the view visible, connected). */
  isPolling(list: ServerQueryList): boolean {
    return this.wanted(list);
  }

  /** Requests sent for `list` since this poller was made. */
  requestsSent(list: ServerQueryList): number {
    return this.polling(list).requests;
  }

  /**
   * Reads `list` now (after a kill or a clear), restarting its interval; a read under way is
   * followed by another at once, since it may have been answered before the change. Does nothing
   * while the list is not wanted: it is read when it is shown again.
   */
  readNow(list: ServerQueryList): void {
    if (!this.wanted(list)) {
      return;
    }
    const polling = this.polling(list);
    if (polling.inFlight) {
      polling.againAfterFlight = true;
      return;
    }
    this.clearTimer(polling);
    void this.read(list);
  }

  dispose(): void {
    this.disposed = true;
    for (const list of SERVER_QUERY_LISTS) {
      this.stop(list);
    }
    this.changed.dispose();
  }

  private wanted(list: ServerQueryList): boolean {
    return !this.disposed && this.visible && this.connected && this.polling(list).expanded;
  }

  private updateAll(): void {
    for (const list of SERVER_QUERY_LISTS) {
      this.update(list);
    }
  }

  private update(list: ServerQueryList): void {
    const polling = this.polling(list);
    if (!this.wanted(list)) {
      this.stop(list);
    } else if (polling.timer === undefined && polling.inFlight === undefined) {
      void this.read(list);
    }
  }

  private async read(list: ServerQueryList): Promise<void> {
    const polling = this.polling(list);
    const abort = new AbortController();
    polling.inFlight = abort;
    polling.againAfterFlight = false;
    polling.requests++;
    try {
      const queries = await this.options.read(list, abort.signal);
      if (abort.signal.aborted) return;
      polling.failures = 0;
      polling.reading = { kind: 'read', queries, readAt: this.now() };
    } catch (error) {
      if (abort.signal.aborted) return;
      polling.failures++;
      const before = polling.reading.kind === 'unread' ? [] : polling.reading.queries;
      polling.reading = { kind: 'failed', error, queries: before, readAt: this.now() };
    } finally {
      if (polling.inFlight === abort) polling.inFlight = undefined;
    }
    this.changed.fire(list);
    this.schedule(list);
  }

  private schedule(list: ServerQueryList): void {
    const polling = this.polling(list);
    if (!this.wanted(list) || polling.timer !== undefined || polling.inFlight !== undefined) {
      return;
    }
    if (polling.againAfterFlight) {
      void this.read(list);
      return;
    }
    const interval = this.options.intervalMs();
    const delay = polling.failures === 0 ? interval : Math.min(interval * 2 ** polling.failures, Math.max(interval, this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS));
    polling.timer = this.timers.setTimeout(() => {
      polling.timer = undefined;
      if (this.wanted(list)) void this.read(list);
    }, delay);
  }

  /** No timer and no request under way for `list`; what it read stays shown. */
  private stop(list: ServerQueryList): void {
    const polling = this.polling(list);
    this.clearTimer(polling);
    polling.inFlight?.abort();
    polling.inFlight = undefined;
    polling.againAfterFlight = false;
  }

  private clearTimer(polling: ListPolling): void {
    if (polling.timer !== undefined) {
      this.timers.clearTimeout(polling.timer);
      polling.timer = undefined;
    }
  }

  private polling(list: ServerQueryList): ListPolling {
    const polling = this.lists.get(list);
    if (!polling) throw new Error(`unknown server query list ${list}`);
    return polling;
  }
}
