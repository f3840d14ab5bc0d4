/**
 * The query history: every query submitted from this workspace, newest first, with what became of
 * it. Free of `vscode`: the extension hands in a Memento (workspace state) and the job store's
 * events, and views subscribe to {@link HistoryStore.onDidChange}.
 */
import { Emitter } from '../jobs/events';
import type { Disposable } from '../jobs/events';
import type { JobChange } from '../jobs/jobStore';
import type { KeyValueState } from '../jobs/statePersistence';
import type { SubmittedQueryOptions, TrackedJob } from '../jobs/trackedJob';
import { serverTimeMs } from '../views/jobText';

/** What became of a query: its job's state, `running` while it is pending. */
export type HistoryOutcome = 'running' | 'done' | 'failed' | 'cancelled' | 'lost';

export interface HistoryEntry {
  /** The job's key (`coordinator#id`), which is also the entry's identity. */
  readonly jobKey: string;
  readonly jobId: string;
  readonly query: string;
  /** The bind values sent, without the ones whose names look like secrets. */
  readonly bindVars?: Record<string, unknown>;
  /** Names of bind parameters whose values were not kept (see {@link isSecretName}). */
  readonly droppedBindVars?: string[];
  readonly options?: SubmittedQueryOptions;
  readonly database: string;
  readonly coordinator: string;
  readonly documentUri?: string;
  readonly blockName?: string;
  /** Epoch ms. */
  readonly submittedAt: number;
  readonly outcome: HistoryOutcome;
  readonly finishedAt?: number;
  readonly rows?: number;
  readonly serverTimeMs?: number;
  readonly errorNum?: number;
  readonly errorMessage?: string;
}

const STATE_KEY = 'arangodb.history.v1';

export const DEFAULT_MAX_ENTRIES = 500;

/**
 * Whether a bind parameter's name says its value is a credential. The name is cut into words
 * (camelCase, `_`, `-`), so `userPassword`, `api_key`, `authToken` and `client-secret` count,
 * while `_key`, `key`, `keys`, `monkey`, `author` and `passage` do not: `key` alone is how AQL
 * queries name a document key, not a credential.
 */
export function isSecretName(name: string): boolean {
  if (name.startsWith('@')) {
    return false; // a collection parameter holds a collection name
  }
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
  const joined = words.join('');
  if (/(passw(or)?d|passphrase|secret|credential|apikey|accesskey|privatekey|signingkey|sessionkey|sessionid|authorization|bearer|jwt|cookie)/.test(joined)) {
    return true;
  }
  return words.some((word) => /^(pass|pwd|token|tokens|auth|otp|pin)$/.test(word));
}

/** The bind values worth keeping, and the names of those that were left out. */
export function withoutSecrets(bindVars: Readonly<Record<string, unknown>> | undefined): { kept?: Record<string, unknown>; dropped?: string[] } {
  if (bindVars === undefined) {
    return {};
  }
  const kept: [string, unknown][] = [];
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(bindVars)) {
    if (isSecretName(name)) dropped.push(name);
    else kept.push([name, value]);
  }
  return {
    ...(kept.length > 0 ? { kept: Object.fromEntries(kept) } : {}),
    ...(dropped.length > 0 ? { dropped } : {}),
  };
}

function outcomeOf(job: Readonly<TrackedJob>): HistoryOutcome {
  return job.state === 'pending' ? 'running' : job.state;
}

/** An entry for a job just submitted, or its outcome fields brought up to date. */
export function entryFor(job: Readonly<TrackedJob>, previous?: HistoryEntry): HistoryEntry {
  const { kept, dropped } = previous !== undefined ? { kept: previous.bindVars, dropped: previous.droppedBindVars } : withoutSecrets(job.bindVars);
  const time = serverTimeMs(job);
  const rows = job.result !== undefined && job.result.kind !== 'error' ? job.result.rows : undefined;
  return {
    jobKey: job.key,
    jobId: job.id,
    query: job.query ?? '',
    ...(kept !== undefined ? { bindVars: kept } : {}),
    ...(dropped !== undefined ? { droppedBindVars: dropped } : {}),
    ...(job.options !== undefined ? { options: job.options } : {}),
    database: job.database,
    coordinator: job.coordinator,
    ...(job.documentUri !== undefined ? { documentUri: job.documentUri } : {}),
    ...(job.blockName !== undefined ? { blockName: job.blockName } : {}),
    submittedAt: job.submittedAt,
    outcome: outcomeOf(job),
    ...(job.finishedAt !== undefined ? { finishedAt: job.finishedAt } : {}),
    ...(rows !== undefined ? { rows } : {}),
    ...(time !== undefined ? { serverTimeMs: time } : {}),
    ...(job.error?.errorNum !== undefined ? { errorNum: job.error.errorNum } : {}),
    ...(job.error !== undefined ? { errorMessage: job.error.message } : {}),
  };
}

/**
 * Whether an entry matches what was typed into the filter: every blank-separated word must occur
 * (ignoring case) in the query, the block name, the file, the database, the outcome, the job id or
 * a bind parameter's name or value.
 */
export function matchesFilter(entry: HistoryEntry, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) {
    return true;
  }
  const haystack = [
    entry.query,
    entry.blockName ?? '',
    entry.documentUri === undefined ? '' : decodeURIComponent(entry.documentUri),
    entry.database,
    entry.outcome,
    entry.jobId,
    entry.bindVars === undefined ? '' : JSON.stringify(entry.bindVars),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** A day's worth of entries, labelled as people say it. */
export interface HistoryDay {
  /** `Today`, `Yesterday`, or the date (`Mon 30 Nov 2026`). */
  readonly label: string;
  /** Local midnight of that day, epoch ms: stable across label changes, so usable as an id. */
  readonly dayStart: number;
  readonly entries: HistoryEntry[];
}

function localMidnight(ms: number): number {
  const date = new Date(ms);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Tue 1 Dec 2026`: the same in every locale, like the clock times of the job explorer. */
function dayLabel(dayStart: number): string {
  const date = new Date(dayStart);
  return `${WEEKDAYS[date.getDay()] ?? ''} ${date.getDate()} ${MONTHS[date.getMonth()] ?? ''} ${date.getFullYear()}`;
}

/** Groups entries (newest first) by local calendar day. */
export function groupByDay(entries: readonly HistoryEntry[], now: number): HistoryDay[] {
  const today = localMidnight(now);
  const yesterday = localMidnight(today - 1);
  const days: HistoryDay[] = [];
  for (const entry of entries) {
    const dayStart = localMidnight(entry.submittedAt);
    let day = days[days.length - 1];
    if (day === undefined || day.dayStart !== dayStart) {
      const label = dayStart === today ? 'Today' : dayStart === yesterday ? 'Yesterday' : dayLabel(dayStart);
      day = { label, dayStart, entries: [] };
      days.push(day);
    }
    day.entries.push(entry);
  }
  return days;
}

function isHistoryEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.jobKey === 'string' &&
    typeof entry.jobId === 'string' &&
    typeof entry.query === 'string' &&
    typeof entry.database === 'string' &&
    typeof entry.coordinator === 'string' &&
    typeof entry.submittedAt === 'number' &&
    typeof entry.outcome === 'string'
  );
}

/**
 * The history, kept in workspace state. Entries come from jobs submitted by this extension (not
 * from jobs found on the server) and stay after their job is cleared; the oldest go beyond
 * `maxEntries`.
 */
export class HistoryStore implements Disposable {
  #entries: HistoryEntry[];
  readonly #changes = new Emitter<void>();
  #saving: Promise<void> = Promise.resolve();
  #saveError: Error | undefined;

  /** Fires after every change to the entries. */
  readonly onDidChange = this.#changes.event;

  constructor(
    private readonly state: KeyValueState,
    private readonly maxEntries: () => number = () => DEFAULT_MAX_ENTRIES,
  ) {
    const stored = state.get<unknown>(STATE_KEY);
    this.#entries = Array.isArray(stored) ? stored.filter(isHistoryEntry).sort((a, b) => b.submittedAt - a.submittedAt) : [];
  }

  /** Newest first. */
  entries(): readonly HistoryEntry[] {
    return this.#entries;
  }

  get(jobKey: string): HistoryEntry | undefined {
    return this.#entries.find((entry) => entry.jobKey === jobKey);
  }

  /** Follows a job store: submitted jobs are added, their outcome is kept up to date. */
  follow(jobs: { onDidChange(listener: (changes: readonly JobChange[]) => void): Disposable }): Disposable {
    return jobs.onDidChange((changes) => this.apply(changes));
  }

  /** Takes in a batch of job changes (one save, one event). Removed jobs keep their entries. */
  apply(changes: readonly JobChange[]): void {
    let changed = false;
    for (const change of changes) {
      const { job } = change;
      if (change.kind === 'removed' || job.origin !== 'submitted' || job.query === undefined) {
        continue;
      }
      const index = this.#entries.findIndex((entry) => entry.jobKey === job.key);
      if (index < 0) {
        if (change.kind === 'added') {
          this.#entries.push(entryFor(job));
          changed = true;
        }
        continue;
      }
      const previous = this.#entries[index];
      const updated = entryFor(job, previous);
      if (JSON.stringify(updated) !== JSON.stringify(previous)) {
        this.#entries[index] = updated;
        changed = true;
      }
    }
    if (changed) {
      this.#entries.sort((a, b) => b.submittedAt - a.submittedAt);
      this.#commit();
    }
  }

  remove(jobKeys: readonly string[]): void {
    const doomed = new Set(jobKeys);
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((entry) => !doomed.has(entry.jobKey));
    if (this.#entries.length !== before) this.#commit();
  }

  clear(): void {
    if (this.#entries.length === 0) return;
    this.#entries = [];
    this.#commit();
  }

  /** Drops the oldest entries beyond the limit now (after the setting was lowered). */
  trim(): void {
    if (this.#entries.length > this.#limit()) this.#commit();
  }

  /** Resolves once every change so far is stored; rejects with the last failure to store, if any. */
  async flush(): Promise<void> {
    await this.#saving;
    const error = this.#saveError;
    this.#saveError = undefined;
    if (error !== undefined) throw error;
  }

  dispose(): void {
    this.#changes.dispose();
  }

  #limit(): number {
    const limit = this.maxEntries();
    return Number.isFinite(limit) && limit >= 0 ? Math.floor(limit) : DEFAULT_MAX_ENTRIES;
  }

  #commit(): void {
    this.#entries = this.#entries.slice(0, this.#limit());
    const snapshot = [...this.#entries];
    this.#saving = this.#saving.then(() => this.state.update(STATE_KEY, snapshot)).then(
      () => undefined,
      (error: unknown) => {
        this.#saveError = error instanceof Error ? error : new Error(String(error));
      },
    );
    this.#changes.fire();
  }
}
