/**
 * Which variables a query declares and where each can be used, read from the lexer's tokens
 * without a full parser. AQL's rules, as far as completion and hover need them:
 * - `FOR a[, b, c] IN …`, `LET a = …`, `COLLECT a = …`, `AGGREGATE a = …`, `INTO a`,
 *   `WITH COUNT INTO a` and `WINDOW … AGGREGATE a = …` declare variables, usable from the next
 *   clause on (never inside their own defining expression);
 * - a subquery `( … )` sees the variables around it, and its own stay inside it;
 * - `COLLECT` ends the variables its level declared before it (they live on only in `INTO`);
 * - `INSERT`/`UPDATE`/`REPLACE`/`UPSERT` give `NEW`, and `UPDATE`/`REPLACE`/`UPSERT`/`REMOVE`
 *   give `OLD`, to the `RETURN` after them.
 */
import type { AqlToken } from './aqlLexer';
import { CLAUSE_KEYWORDS, isName, isOperator, keywordOf, nameOf, significantTokens } from './aqlSyntax';

/** How a variable came to be. */
export type AqlVariableKind = 'FOR' | 'LET' | 'COLLECT' | 'AGGREGATE' | 'INTO' | 'COUNT' | 'WINDOW' | 'NEW' | 'OLD';

/** What `FOR x IN source` iterates over, when it is a data source named in the query. */
export type AqlVariableSource =
  | { readonly kind: 'collection'; readonly name: string }
  | { readonly kind: 'collectionParameter'; readonly name: string };

export interface AqlVariable {
  readonly name: string;
  readonly kind: AqlVariableKind;
  /** The name where it is declared (offsets, end exclusive); for NEW/OLD the operation keyword. */
  readonly declaredAt: { readonly start: number; readonly end: number };
  /** The offset from which it can be used. */
  readonly visibleFrom: number;
  /** The offset up to which (inclusive) it can be used. */
  readonly visibleTo: number;
  readonly source?: AqlVariableSource;
}

interface Draft {
  name: string;
  kind: AqlVariableKind;
  declaredAt: { start: number; end: number };
  visibleFrom: number;
  visibleTo: number;
  source?: AqlVariableSource;
}

interface Frame {
  readonly committed: Draft[];
  pending: Draft[];
  /** `[` and `{` open inside this frame: keywords there do not start clauses. */
  nested: number;
  clause: string | undefined;
  /** Tokens at this frame's top level since its clause began (the clause keyword excluded). */
  clauseTokens: AqlToken[];
  /** Keywords among `clauseTokens`, so a clause is not searched again for each token. */
  clauseKeywords: Set<string>;
  collectPending: boolean;
}

function newFrame(): Frame {
  return { committed: [], pending: [], nested: 0, clause: undefined, clauseTokens: [], clauseKeywords: new Set(), collectPending: false };
}

const OPEN = Number.POSITIVE_INFINITY;

/**
 * Every variable a query declares, with where it is declared and where it can be used.
 *
 * @example
 * declaredVariables('FOR u IN users LET n = u.name RETURN n').map((v) => v.name); // ['u', 'n']
 */
export function declaredVariables(text: string, tokens: readonly AqlToken[] = significantTokens(text)): AqlVariable[] {
  const all: Draft[] = [];
  const frames: Frame[] = [newFrame()];
  const top = (): Frame => frames[frames.length - 1] ?? frames[0]!;
  const visibleNames = (): Set<string> => new Set(frames.flatMap((f) => f.committed.filter((v) => v.visibleTo === OPEN).map((v) => v.name)));

  const declare = (frame: Frame, token: AqlToken, kind: AqlVariableKind, source?: AqlVariableSource): void => {
    const draft: Draft = { name: nameOf(token), kind, declaredAt: { start: token.start, end: token.end }, visibleFrom: OPEN, visibleTo: OPEN };
    if (source !== undefined) draft.source = source;
    frame.pending.push(draft);
    all.push(draft);
  };
  const commit = (frame: Frame, at: number): void => {
    if (frame.collectPending) {
      for (const variable of frame.committed) {
        if (variable.visibleTo === OPEN) variable.visibleTo = at;
      }
      frame.collectPending = false;
    }
    for (const variable of frame.pending) {
      variable.visibleFrom = at;
      frame.committed.push(variable);
    }
    frame.pending = [];
  };
  const pseudo = (frame: Frame, keyword: AqlToken, kinds: readonly ('NEW' | 'OLD')[]): void => {
    for (const kind of kinds) {
      const draft: Draft = { name: kind, kind, declaredAt: { start: keyword.start, end: keyword.end }, visibleFrom: OPEN, visibleTo: OPEN };
      frame.pending.push(draft);
      all.push(draft);
    }
  };

  tokens.forEach((token, index) => {
    const frame = top();
    if (isOperator(token, '(')) {
      frames.push(newFrame());
      return;
    }
    if (isOperator(token, ')')) {
      if (frames.length > 1) {
        const closed = frames.pop()!;
        for (const variable of closed.committed) {
          if (variable.visibleTo === OPEN) variable.visibleTo = token.start;
        }
        for (const variable of closed.pending) variable.visibleTo = token.start;
      }
      if (top().nested === 0) top().clauseTokens.push(token);
      return;
    }
    if (isOperator(token, '[') || isOperator(token, '{')) {
      frame.nested += 1;
      return;
    }
    if (isOperator(token, ']') || isOperator(token, '}')) {
      frame.nested = Math.max(0, frame.nested - 1);
      if (frame.nested === 0) frame.clauseTokens.push(token);
      return;
    }
    if (frame.nested > 0) return;
    const keyword = keywordOf(token);
    if (keyword !== undefined && CLAUSE_KEYWORDS.has(keyword)) {
      commit(frame, token.start);
      const previousClause = frame.clause;
      frame.clause = keyword;
      frame.clauseTokens = [];
      frame.clauseKeywords = new Set();
      if (keyword === 'COLLECT') frame.collectPending = true;
      if (keyword === 'INSERT') pseudo(frame, token, ['NEW']);
      if (keyword === 'UPDATE' || keyword === 'REPLACE') pseudo(frame, token, previousClause === 'INSERT' ? ['OLD'] : ['OLD', 'NEW']);
      if (keyword === 'REMOVE') pseudo(frame, token, ['OLD']);
      return;
    }
    const previous = frame.clauseTokens[frame.clauseTokens.length - 1];
    const next = tokens[index + 1];
    const previousKeyword = keywordOf(previous);
    switch (frame.clause) {
      case 'FOR':
        if (isName(token) && (previous === undefined || isOperator(previous, ',')) && !frame.clauseKeywords.has('IN')) {
          declare(frame, token, 'FOR');
        } else if (keyword === 'IN' && frame.pending.length === 1 && !frame.clauseKeywords.has('IN')) {
          const source = sourceAfterIn(tokens, index, visibleNames());
          if (source !== undefined && frame.pending[0] !== undefined) frame.pending[0].source = source;
        }
        break;
      case 'LET':
        if (isName(token) && previous === undefined && isOperator(next, '=')) declare(frame, token, 'LET');
        break;
      case 'COLLECT':
      case 'WINDOW': {
        const inAggregate = frame.clauseKeywords.has('AGGREGATE');
        const aggregating = frame.clause === 'COLLECT' || inAggregate;
        const startsAssignment = previous === undefined || isOperator(previous, ',') || previousKeyword === 'AGGREGATE';
        if (isName(token) && aggregating && startsAssignment && isOperator(next, '=')) {
          declare(frame, token, frame.clause === 'WINDOW' ? 'WINDOW' : inAggregate ? 'AGGREGATE' : 'COLLECT');
        } else if (isName(token) && previousKeyword === 'INTO' && frame.clause === 'COLLECT') {
          const counting = frame.clauseTokens.length >= 2 && frame.clauseTokens[frame.clauseTokens.length - 2]?.text.toUpperCase() === 'COUNT';
          declare(frame, token, counting ? 'COUNT' : 'INTO');
        }
        break;
      }
      default:
        break;
    }
    frame.clauseTokens.push(token);
    if (keyword !== undefined) frame.clauseKeywords.add(keyword);
  });
  // A declaration still open at the end of the text is being typed: it is not usable yet.
  for (const frame of frames) commit(frame, text.length + 1);
  return all.map((draft) => ({ ...draft, visibleTo: draft.visibleTo === OPEN ? text.length : draft.visibleTo }));
}

/** `FOR x IN users …`: the data source when the expression after IN is a bare name or `@@param`. */
function sourceAfterIn(tokens: readonly AqlToken[], inIndex: number, variables: ReadonlySet<string>): AqlVariableSource | undefined {
  const first = tokens[inIndex + 1];
  const after = tokens[inIndex + 2];
  const standsAlone = after === undefined || isOperator(after, ')') || (keywordOf(after) !== undefined && keywordOf(after) !== 'IN');
  if (first === undefined || !standsAlone) return undefined;
  if (first.kind === 'collectionParameter') return { kind: 'collectionParameter', name: first.text.slice(1) };
  if (isName(first) && !variables.has(nameOf(first))) return { kind: 'collection', name: nameOf(first) };
  return undefined;
}

/**
 * The variables that can be used at an offset, innermost first (a variable shadows an outer
 * one of the same name).
 *
 * @example
 * variablesInScope('FOR u IN users RETURN ', 22).map((v) => v.name); // ['u']
 */
export function variablesInScope(text: string, offset: number, declared: readonly AqlVariable[] = declaredVariables(text)): AqlVariable[] {
  const visible = declared.filter((v) => v.visibleFrom <= offset && offset <= v.visibleTo);
  visible.sort((a, b) => b.declaredAt.start - a.declaredAt.start);
  const seen = new Set<string>();
  return visible.filter((v) => {
    if (seen.has(v.name)) return false;
    seen.add(v.name);
    return true;
  });
}

/**
 * The variable a name at `offset` refers to (for hover and go-to-definition): the innermost one
 * of that name in scope there, or the declaration itself when the cursor is on it.
 *
 * @example
 * variableAt('FOR u IN users RETURN u', 22)?.declaredAt; // { start: 4, end: 5 }
 */
export function variableAt(text: string, offset: number, declared: readonly AqlVariable[] = declaredVariables(text)): AqlVariable | undefined {
  const onDeclaration = declared.find((v) => v.kind !== 'NEW' && v.kind !== 'OLD' && v.declaredAt.start <= offset && offset <= v.declaredAt.end);
  if (onDeclaration !== undefined) return onDeclaration;
  const word = /[A-Za-z0-9_$]*$/.exec(text.slice(0, offset))?.[0] ?? '';
  const rest = /^[A-Za-z0-9_]*/.exec(text.slice(offset))?.[0] ?? '';
  const name = word + rest;
  if (name === '') return undefined;
  return variablesInScope(text, offset - word.length, declared).find((v) => v.name === name || (v.kind === 'NEW' || v.kind === 'OLD' ? v.name === name.toUpperCase() : false));
}
