/**
 * A small TextMate tokenizer for testing a grammar in Node, without VS Code's Oniguruma: at each
 * position the rule whose regex matches first wins (ties go to the end pattern of the open
 * block, then to the rule listed first), as in vscode-textmate. It knows `match`, `begin`/`end`,
 * `patterns`, `include` of `#repository` entries and `captures`/`beginCaptures`/`endCaptures`
 * of whole groups. Regexes run on JavaScript's engine: a leading `(?i)` becomes the `i` flag.
 */

export interface GrammarRule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: GrammarRule[];
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
}

export interface Grammar {
  scopeName: string;
  patterns: GrammarRule[];
  repository: Record<string, GrammarRule>;
}

/** A piece of a line and the scopes that apply to it, outermost first. */
export interface LineToken {
  text: string;
  scopes: string[];
}

/** Compiles a grammar regex for JavaScript: a leading `(?i)` becomes the `i` flag. */
export function compileGrammarRegex(source: string): RegExp {
  const caseInsensitive = source.startsWith('(?i)');
  return new RegExp(caseInsensitive ? source.slice(4) : source, caseInsensitive ? 'gid' : 'gd');
}

interface OpenBlock {
  rule: GrammarRule;
  scopes: string[];
}

interface Candidate {
  rule: GrammarRule;
  regex: RegExp;
  isEnd: boolean;
}

export class TextMateTokenizer {
  constructor(private readonly grammar: Grammar) {}

  private resolve(rules: readonly GrammarRule[]): GrammarRule[] {
    const resolved: GrammarRule[] = [];
    for (const rule of rules) {
      if (rule.include !== undefined) {
        const target = this.grammar.repository[rule.include.replace(/^#/, '')];
        if (target === undefined) {
          throw new Error(`unknown include ${rule.include}`);
        }
        resolved.push(...this.resolve(target.patterns ?? [target]));
      } else {
        resolved.push(rule);
      }
    }
    return resolved;
  }

  /** Tokenizes lines in order, carrying open blocks (a block comment) from line to line. */
  tokenizeLines(lines: readonly string[]): LineToken[][] {
    const stack: OpenBlock[] = [];
    return lines.map((line) => this.tokenizeLine(line, stack));
  }

  private tokenizeLine(line: string, stack: OpenBlock[]): LineToken[] {
    const tokens: LineToken[] = [];
    const baseScopes = (): string[] => [this.grammar.scopeName, ...(stack.at(-1)?.scopes ?? [])];
    const emit = (text: string, scopes: string[]): void => {
      if (text !== '') {
        tokens.push({ text, scopes });
      }
    };
    let position = 0;
    while (position < line.length) {
      const open = stack.at(-1);
      const candidates: Candidate[] = [];
      if (open?.rule.end !== undefined) {
        candidates.push({ rule: open.rule, regex: compileGrammarRegex(open.rule.end), isEnd: true });
      }
      for (const rule of this.resolve(open === undefined ? this.grammar.patterns : (open.rule.patterns ?? []))) {
        const source = rule.match ?? rule.begin;
        if (source !== undefined) {
          candidates.push({ rule, regex: compileGrammarRegex(source), isEnd: false });
        }
      }
      let best: { candidate: Candidate; match: RegExpExecArray } | undefined;
      for (const candidate of candidates) {
        candidate.regex.lastIndex = position;
        const match = candidate.regex.exec(line);
        if (match !== null && (best === undefined || match.index < best.match.index)) {
          best = { candidate, match };
        }
      }
      if (best === undefined) {
        emit(line.slice(position), baseScopes());
        break;
      }
      const { candidate, match } = best;
      emit(line.slice(position, match.index), baseScopes());
      const rule = candidate.rule;
      if (candidate.isEnd) {
        this.emitMatch(match, baseScopes(), rule.endCaptures ?? rule.captures, emit);
        stack.pop();
      } else if (rule.begin !== undefined) {
        const scopes = [...(stack.at(-1)?.scopes ?? []), ...(rule.name === undefined ? [] : [rule.name])];
        this.emitMatch(match, [this.grammar.scopeName, ...scopes], rule.beginCaptures ?? rule.captures, emit);
        stack.push({ rule, scopes });
      } else {
        const scopes = [...baseScopes(), ...(rule.name === undefined ? [] : [rule.name])];
        this.emitMatch(match, scopes, rule.captures, emit);
      }
      const end = match.index + match[0].length;
      if (end === position && match[0] === '') {
        emit(line.slice(position, position + 1), baseScopes());
        position += 1;
      } else {
        position = end;
      }
    }
    return tokens;
  }

  /** Emits a match, giving captured groups their own scope on top of `scopes`. */
  private emitMatch(
    match: RegExpExecArray,
    scopes: string[],
    captures: Record<string, { name: string }> | undefined,
    emit: (text: string, scopes: string[]) => void,
  ): void {
    const whole = captures?.['0'];
    const outer = whole === undefined ? scopes : [...scopes, whole.name];
    const groups = Object.entries(captures ?? {})
      .filter(([group]) => group !== '0')
      .map(([group, capture]) => ({ range: match.indices?.[Number(group)], name: capture.name }))
      .filter((group): group is { range: [number, number]; name: string } => group.range !== undefined)
      .sort((a, b) => a.range[0] - b.range[0]);
    let cursor = match.index;
    for (const { range, name } of groups) {
      emit(match.input.slice(cursor, range[0]), outer);
      emit(match.input.slice(range[0], range[1]), [...outer, name]);
      cursor = range[1];
    }
    emit(match.input.slice(cursor, match.index + match[0].length), outer);
  }
}
