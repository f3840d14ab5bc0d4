import type { KeyValueState } from '../../../src/jobs/statePersistence';

/** A Memento stand-in that keeps values as JSON, as VS Code does, so nothing is shared by reference. */
export class MemoryState implements KeyValueState {
  readonly values = new Map<string, string>();
  saves = 0;

  get<T>(key: string): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    this.saves++;
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}
