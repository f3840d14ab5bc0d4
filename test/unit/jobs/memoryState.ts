import type { KeyValueState } from '../../../src/jobs/statePersistence';

/**
 * A Memento stand-in that keeps time as VS Code's `ExtensionMemento` does: `update` changes what
 * `get` returns at once (a JSON copy, so nothing is shared by reference; VS Code hands out its one
 * in-memory copy, this hands out a fresh one each time), and writes to storage later, on a timer,
 * all keys at once; its promise resolves when that write is done. A host that dies in between
 * loses the write: {@link kill} ends this host and hands over what storage holds, for the next
 * host to start from.
 */
export class MemoryState implements KeyValueState {
  /** What this host reads: every key as JSON text, updates included at once. */
  readonly values = new Map<string, string>();
  /** Calls of `update`. */
  saves = 0;
  /** Writes that reached storage. */
  writes = 0;
  private scheduled: { timer: NodeJS.Timeout; waiters: Array<() => void> } | undefined;
  private dead = false;

  /** `written`: what storage holds (shared with the host that wrote it, when it is a restart). */
  constructor(private readonly written = new Map<string, string>()) {
    for (const [key, text] of written) {
      this.values.set(key, text);
    }
  }

  get<T>(key: string): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    if (this.dead) {
      return Promise.resolve();
    }
    this.saves++;
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, JSON.stringify(value));
    }
    return new Promise<void>((resolve) => {
      if (this.scheduled === undefined) {
        // VS Code batches the writes of one turn and sends them to the main process afterwards.
        const timer = setTimeout(() => this.write(), 0);
        this.scheduled = { timer, waiters: [] };
      }
      this.scheduled.waiters.push(resolve);
    });
  }

  /** Whether an update is still waiting to be written. */
  get writing(): boolean {
    return this.scheduled !== undefined;
  }

  /**
   * The extension host dies now: updates not yet written are lost, and later ones go nowhere.
   * (Their promises resolve, so that a test can still close the dead host's parts; no code of a
   * dead host would run to see it.) Returns the state the next host starts from: what storage holds.
   */
  kill(): MemoryState {
    this.dead = true;
    const waiters = this.scheduled?.waiters ?? [];
    if (this.scheduled !== undefined) {
      clearTimeout(this.scheduled.timer);
      this.scheduled = undefined;
    }
    for (const resolve of waiters) {
      resolve();
    }
    return new MemoryState(new Map(this.written));
  }

  private write(): void {
    const waiters = this.scheduled?.waiters ?? [];
    this.scheduled = undefined;
    this.written.clear();
    for (const [key, text] of this.values) {
      this.written.set(key, text);
    }
    this.writes++;
    for (const resolve of waiters) {
      resolve();
    }
  }
}
