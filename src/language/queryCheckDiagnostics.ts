/**
 * What the checks as you type report for a query block: the server's parse answer
 * (`POST /_api/query`) turned into problems at the right place, the bind parameters that have no
 * value anywhere, and the block header's options, whose optimizer rules are checked against the
 * server's own list (`GET /_api/query/rules`) when it is known.
 */
import type { AqlToken } from './aqlLexer';
import { bindVarKeyOf, isTrivia, scanAql } from './aqlLexer';
import type { DocumentRange } from './errorPosition';
import { findErrorRange } from './errorPosition';
import { LineIndex } from './lineIndex';
import type { BlockDiagnostic, QueryBlock } from './queryBlocks';
import { closestName } from './queryBlocks';

export interface CheckDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly range: DocumentRange;
  /** The server's errorNum, when the problem is the server's (or is what the server would answer). */
  readonly errorNum?: number;
}

/** The server's answer to parsing one block's query. */
export type ParseOutcome =
  | { readonly kind: 'parsed'; readonly collections: readonly string[]; readonly bindVars: readonly string[] }
  | { readonly kind: 'failed'; readonly errorNum: number | undefined; readonly message: string };

/** Where values for a block's bind parameters may come from, besides its header. */
export interface BindValueSources {
  /** The file's `.bindvars.json`, when there is one. */
  readonly fromFile?: Readonly<Record<string, unknown>> | undefined;
  /** Its name, to say where a value can go. */
  readonly fileName?: string | undefined;
  /** Values remembered from earlier runs of the document. */
  readonly remembered?: Readonly<Record<string, unknown>> | undefined;
}

/** The server's optimizer rules, as the header check needs them. */
export interface RuleCatalog {
  readonly names: readonly string[];
  readonly cannotBeDisabled: ReadonlySet<string>;
}

/** A {@link RuleCatalog} from `GET /_api/query/rules`'s entries. */
export function ruleCatalogFrom(rules: readonly { readonly name: string; readonly flags?: { readonly canBeDisabled?: boolean } }[]): RuleCatalog {
  return {
    names: rules.map((rule) => rule.name),
    cannotBeDisabled: new Set(rules.filter((rule) => rule.flags?.canBeDisabled === false).map((rule) => rule.name)),
  };
}

/** Whether a block holds a query worth sending (a header over nothing is reported by the block itself). */
export function hasQuery(block: QueryBlock): boolean {
  return !scanAql(block.queryText).every(isTrivia);
}

/** Errors a parse answers with that are about the query (the rest, 401 or 503, are about the connection). */
export function isQueryError(errorNum: number | undefined): boolean {
  return errorNum !== undefined && ((errorNum >= 1500 && errorNum < 1600) || errorNum === 1203);
}

function has(source: Readonly<Record<string, unknown>> | undefined, key: string): boolean {
  return source !== undefined && Object.prototype.hasOwnProperty.call(source, key);
}

class BlockPlaces {
  readonly tokens: AqlToken[];

  constructor(
    readonly lines: LineIndex,
    readonly block: QueryBlock,
  ) {
    this.tokens = scanAql(block.queryText);
  }

  range(start: number, end: number): DocumentRange {
    const base = this.block.querySpan.start;
    return { start: this.lines.positionAt(base + start), end: this.lines.positionAt(base + end) };
  }

  /** The first line of the query that holds more than blanks and comments, for problems with no place of their own. */
  firstLine(): DocumentRange {
    const first = this.tokens.find((token) => !isTrivia(token));
    if (first === undefined) return this.range(0, 0);
    const newline = this.block.queryText.indexOf('\n', first.start);
    return this.range(first.start, newline < 0 ? this.block.queryText.length : newline);
  }

  parameterUses(key: string): DocumentRange[] {
    return this.tokens.filter((token) => bindVarKeyOf(token) === key).map((token) => this.range(token.start, token.end));
  }

  /** Where a collection or view is named: its name as a word or `quoted`, not as an attribute after `.`. */
  sourceUses(name: string): DocumentRange[] {
    const uses: DocumentRange[] = [];
    let previous: AqlToken | undefined;
    for (const token of this.tokens) {
      if (isTrivia(token)) continue;
      const word = token.kind === 'identifier' ? token.text : token.kind === 'quotedName' ? token.text.slice(1, -1).replace(/\\(.)/gs, '$1') : undefined;
      if (word === name && previous?.text !== '.' && previous?.text !== '?.') uses.push(this.range(token.start, token.end));
      previous = token;
    }
    return uses;
  }
}

/**
 * The problems the server's parse answer shows in one block. A failed parse is one problem at
 * the place its message names (or at the collection, function or parameter it names; else the
 * query's first line), with the server's message and errorNum. A parsed query has a problem for
 * each bind parameter without a value in the header, the file or earlier runs (at each use), and
 * for each collection it names that `knownSources` lacks (ArangoDB parses those without
 * complaint; running them fails with 1203). `knownSources` undefined: not checked.
 *
 * @example
 * parseDiagnostics(text, block, { kind: 'failed', errorNum: 1501, message: "syntax error, ... at position 1:26" }, {});
 * // [{ severity: 'error', errorNum: 1501, message: 'syntax error, ...', range: <the `=`> }]
 */
export function parseDiagnostics(
  text: string,
  block: QueryBlock,
  outcome: ParseOutcome,
  values: BindValueSources,
  knownSources?: ReadonlySet<string>,
  lines: LineIndex = new LineIndex(text),
): CheckDiagnostic[] {
  const places = new BlockPlaces(lines, block);
  if (outcome.kind === 'failed') {
    const written = { ...(values.remembered ?? {}), ...(values.fromFile ?? {}), ...(block.options.bindVars ?? {}) };
    const found = findErrorRange({ errorNum: outcome.errorNum, message: outcome.message }, block.queryText, block.querySpan.range.start, written);
    return [
      {
        severity: 'error',
        message: outcome.message,
        range: found ?? places.firstLine(),
        ...(outcome.errorNum === undefined ? {} : { errorNum: outcome.errorNum }),
      },
    ];
  }
  const problems: CheckDiagnostic[] = [];
  for (const key of outcome.bindVars) {
    if (has(block.options.bindVars, key) || has(values.fromFile, key) || has(values.remembered, key)) continue;
    const where = [
      block.header === undefined ? undefined : `the block header (bind.${key}=${key.startsWith('@') ? '<collection>' : '<json>'})`,
      values.fileName ?? 'a .bindvars.json file beside it',
    ].filter((place): place is string => place !== undefined);
    const message = `@${key} has no value: give one in ${where.join(' or in ')}, or when Run AQL Async asks for it.`;
    for (const range of places.parameterUses(key)) problems.push({ severity: 'warning', message, range });
  }
  if (knownSources !== undefined) {
    for (const name of outcome.collections) {
      // System collections (`_graphs`, ...) are left out of the schema lists, so their absence says nothing.
      if (knownSources.has(name) || name.startsWith('_')) continue;
      const message = `No collection or view ${name} in this database: running the query fails with 1203 (collection or view not found).`;
      for (const range of places.sourceUses(name)) problems.push({ severity: 'error', message, range, errorNum: 1203 });
    }
  }
  return problems;
}

/**
 * Keys of the file's `.bindvars.json` that no block of the file uses: they are never sent.
 *
 * @example
 * unusedFileBindVars(parseQueryBlocks('RETURN @a'), { a: 1, z: 2 }); // ['z']
 */
export function unusedFileBindVars(blocks: readonly QueryBlock[], fromFile: Readonly<Record<string, unknown>>): string[] {
  const used = new Set(blocks.flatMap((block) => scanAql(block.queryText).map(bindVarKeyOf).filter((key): key is string => key !== undefined)));
  return Object.keys(fromFile).filter((key) => !used.has(key));
}

function toCheck(diagnostic: BlockDiagnostic): CheckDiagnostic {
  return { severity: diagnostic.severity, message: diagnostic.message, range: diagnostic.span.range };
}

const RULES_OPTION = /(^|\s)optimizer\.rules=(\S*)/;

/**
 * The problems of a block's header: those the block found itself (unknown options, values of the
 * wrong type, bind values the query does not use), with the optimizer rules checked against the
 * server's list when `rules` is given instead of the list built in for 3.12.
 *
 * @example
 * headerDiagnostics(text, block, ruleCatalogFrom(await db.aql.optimizerRules()));
 */
export function headerDiagnostics(text: string, block: QueryBlock, rules?: RuleCatalog): CheckDiagnostic[] {
  const header = block.header;
  const match = header === undefined || rules === undefined ? null : RULES_OPTION.exec(text.slice(header.start, header.end));
  if (header === undefined || rules === undefined || match === null) return block.diagnostics.map(toCheck);
  const valueStart = header.start + (match.index ?? 0) + (match[1]?.length ?? 0) + 'optimizer.rules='.length;
  const value = match[2] ?? '';
  const valueEnd = valueStart + value.length;
  const onHeaderLine = (start: number, end: number): DocumentRange => ({
    start: { line: header.range.start.line, character: header.range.start.character + (start - header.start) },
    end: { line: header.range.start.line, character: header.range.start.character + (end - header.start) },
  });
  // The block judged the rules by the built-in list; the server's list replaces that judgement.
  const kept = block.diagnostics.filter((diagnostic) => value === '' || diagnostic.span.start < valueStart || diagnostic.span.start >= valueEnd).map(toCheck);
  if (value === '') return kept;
  const problems: CheckDiagnostic[] = [];
  let offset = valueStart;
  for (const rule of value.split(',')) {
    const start = offset;
    offset += rule.length + 1;
    const sign = rule[0];
    const name = rule.slice(1);
    if (sign !== '-' && sign !== '+') {
      problems.push({ severity: 'error', range: onHeaderLine(start, start + rule.length), message: `Start each rule with - (disable) or + (enable): -${rule} or +${rule}.` });
    } else if (name !== 'all' && !rules.names.includes(name)) {
      const hint = closestName(name, rules.names);
      problems.push({
        severity: 'error',
        range: onHeaderLine(start + 1, start + rule.length),
        message: `The server has no optimizer rule ${name || '(empty)'} (GET /_api/query/rules).${hint === undefined ? '' : ` Did you mean ${hint}?`}`,
      });
    } else if (sign === '-' && rules.cannotBeDisabled.has(name)) {
      problems.push({ severity: 'warning', range: onHeaderLine(start, start + rule.length), message: `${name} cannot be disabled; the server ignores -${name}.` });
    }
  }
  return [...kept, ...problems];
}
