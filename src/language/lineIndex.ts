import type { DocumentPosition } from './errorPosition';

/**
 * Turns UTF-16 offsets of one text into 0-based line/character positions (the shape of
 * `vscode.Position`) and back, by a binary search over the line starts, so a 500-line file
 * answers in microseconds however often it is asked.
 *
 * @example
 * new LineIndex('a\nbc').positionAt(3); // { line: 1, character: 1 }
 */
export class LineIndex {
  readonly #lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      this.#lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** The offset a line starts at (the text length past the last line). */
  lineStart(line: number): number {
    return this.#lineStarts[line] ?? this.text.length;
  }

  positionAt(offset: number): DocumentPosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#lineStarts[middle] ?? 0) <= clamped) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return { line: low, character: clamped - (this.#lineStarts[low] ?? 0) };
  }

  offsetAt(position: DocumentPosition): number {
    const start = this.lineStart(position.line);
    const next = position.line + 1 < this.#lineStarts.length ? this.lineStart(position.line + 1) : this.text.length;
    return Math.min(start + position.character, next);
  }
}
