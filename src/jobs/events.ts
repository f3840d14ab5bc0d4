/** A disposable handle, shaped like VS Code's so views can push it into their subscriptions. */
export interface Disposable {
  dispose(): void;
}

/** A typed event source with no dependency on VS Code; `event` has the shape of `vscode.Event`. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
