/**
 * Query blocks: one file, several queries. A line comment `// @query <name> [options…]` that
 * stands alone on its line starts a block; the block's query is the text after that line up to
 * the next such line or the end of the file. A file without any header is one unnamed block.
 * Headers inside strings or block comments are not headers, because the file is read with the
 * AQL lexer first.
 *
 * Options in a header override the settings for that block only:
 * `maxRuntime=<seconds>`, `memoryLimit=<bytes>` (`1e9` allowed), `failOnWarning[=true|false]`,
 * `batchSize=<n>`, `profile=0|1|2`, `optimizer.rules=-rule,+rule`, `fullCount[=true|false]`,
 * `stream[=true|false]`, `ttl=<seconds>`, `bind.<name>=<json>` (and `bind.@coll=<name>`).
 */
import type { AqlExecuteOptions } from '../client/aql';
import type { AqlToken } from './aqlLexer';
import { bindVarKeyOf, isTrivia, scanAql } from './aqlLexer';
import { findBindParameters, mergeBindVars, parseBindValue, requiredBindVarKeys } from './bindParameters';
import type { MergedBindVars } from './bindParameters';
import type { DocumentRange } from './errorPosition';
import { LineIndex } from './lineIndex';
import { OPTIMIZER_RULES, RULES_THAT_CANNOT_BE_DISABLED } from './optimizerRules';

/** The options a block runs with: the client's {@link AqlExecuteOptions}, as `aql.execute` takes them. */
export type BlockQueryOptions = Omit<AqlExecuteOptions, 'signal'>;

/** A stretch of the file: offsets (end exclusive) and the same as positions. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly range: DocumentRange;
}

export interface BlockDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly span: TextSpan;
}

export interface QueryBlock {
  /** The header's name; `undefined` for a file without headers (or text before the first one). */
  readonly name: string | undefined;
  /** From the start of the header line (or of the file) to the next header line or the end. */
  readonly span: TextSpan;
  /** The header comment itself, when there is one. */
  readonly header: TextSpan | undefined;
  /** Where the name stands in the header. */
  readonly nameSpan: TextSpan | undefined;
  /** The query alone: after the header line, up to the block's end. */
  readonly querySpan: TextSpan;
  readonly queryText: string;
  readonly options: BlockQueryOptions;
  readonly diagnostics: readonly BlockDiagnostic[];
}

const HEADER = /^\/\/[ \t]*@query(?=\s|$)/;
const BLOCK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;
const BIND_NAME = /^@?_*[a-zA-Z0-9][a-zA-Z0-9_]*$/;

/** The option keys a header accepts, with what each takes (shown in the "unknown option" message). */
export const HEADER_OPTION_KEYS: readonly string[] = [
  'maxRuntime',
  'memoryLimit',
  'failOnWarning',
  'batchSize',
  'profile',
  'optimizer.rules',
  'fullCount',
  'stream',
  'ttl',
  'bind.<name>',
];

interface Word {
  readonly text: string;
  readonly start: number;
}

/** Splits header text at blanks, keeping JSON values (`{"a": 1}`, `"two words"`) in one piece. */
function splitWords(text: string, base: number): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i += 1;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    let quote: string | undefined;
    while (i < text.length) {
      const c = text[i] ?? '';
      if (quote !== undefined) {
        if (c === '\\') i += 1;
        else if (c === quote) quote = undefined;
      } else if (c === '"') {
        quote = c;
      } else if (c === '{' || c === '[') {
        depth += 1;
      } else if (c === '}' || c === ']') {
        depth = Math.max(0, depth - 1);
      } else if (depth === 0 && /\s/.test(c)) {
        break;
      }
      i += 1;
    }
    words.push({ text: text.slice(start, i), start: base + start });
  }
  return words;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest known name, when it is close enough to be a likely typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of known) {
    const distance = levenshtein(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

class HeaderReader {
  readonly diagnostics: BlockDiagnostic[] = [];
  readonly options: Record<string, unknown> = {};
  readonly bindVars: [string, unknown][] = [];
  readonly #seen = new Set<string>();

  constructor(readonly lines: LineIndex) {}

  span(start: number, end: number): TextSpan {
    return { start, end, range: { start: this.lines.positionAt(start), end: this.lines.positionAt(end) } };
  }

  report(severity: BlockDiagnostic['severity'], start: number, end: number, message: string): void {
    this.diagnostics.push({ severity, message, span: this.span(start, end) });
  }

  read(word: Word): void {
    const equals = word.text.indexOf('=');
    const key = equals < 0 ? word.text : word.text.slice(0, equals);
    const value = equals < 0 ? undefined : word.text.slice(equals + 1);
    const valueStart = word.start + equals + 1;
    const keyEnd = word.start + key.length;
    const lowerKey = key.toLowerCase();
    if (this.#seen.has(lowerKey)) {
      this.report('error', word.start, keyEnd, `${key} is given twice in this header; keep one.`);
      return;
    }
    this.#seen.add(lowerKey);
    const number = (what: string, check: (n: number) => boolean, rule: string): number | undefined => {
      if (value === undefined || value === '') {
        this.report('error', word.start, word.start + word.text.length, `${key} needs a value: ${key}=<${what}>.`);
        return undefined;
      }
      const parsed = Number(value);
      if (!/^[0-9.eE+-]+$/.test(value) || !Number.isFinite(parsed) || !check(parsed)) {
        this.report('error', valueStart, valueStart + value.length, `${key} must be ${rule}, not ${value}.`);
        return undefined;
      }
      return parsed;
    };
    const flag = (): boolean | undefined => {
      if (value === undefined) return true;
      if (value === 'true' || value === 'false') return value === 'true';
      this.report('error', valueStart, valueStart + value.length, `${key} is true or false (or just ${key}), not ${value || 'empty'}.`);
      return undefined;
    };
    const set = (name: string, result: unknown): void => {
      if (result !== undefined) this.options[name] = result;
    };
    if (key.startsWith('bind.')) {
      this.readBind(key.slice('bind.'.length), word.start, keyEnd, value, valueStart);
      return;
    }
    switch (key) {
      case 'maxRuntime':
        set(key, number('seconds', (n) => n > 0, 'a number of seconds above 0'));
        return;
      case 'ttl':
        set(key, number('seconds', (n) => n > 0, 'a number of seconds above 0'));
        return;
      case 'memoryLimit':
        set(key, number('bytes', (n) => Number.isSafeInteger(n) && n >= 0, 'a whole number of bytes, 0 or more (1e9 is fine)'));
        return;
      case 'batchSize':
        set(key, number('n', (n) => Number.isSafeInteger(n) && n >= 1, 'a whole number of at least 1'));
        return;
      case 'profile':
        set(key, number('0|1|2', (n) => n === 0 || n === 1 || n === 2, '0, 1 or 2'));
        return;
      case 'failOnWarning':
      case 'fullCount':
      case 'stream':
        set(key, flag());
        return;
      case 'optimizer.rules':
        this.readRules(word, value, valueStart);
        return;
      default: {
        const hint = closestName(key, HEADER_OPTION_KEYS.filter((k) => !k.includes('<')));
        const known = `Known options: ${HEADER_OPTION_KEYS.join(', ')}.`;
        this.report('error', word.start, keyEnd, `Unknown option ${key}.${hint === undefined ? '' : ` Did you mean ${hint}?`} ${known}`);
      }
    }
  }

  readRules(word: Word, value: string | undefined, valueStart: number): void {
    if (value === undefined || value === '') {
      this.report('error', word.start, word.start + word.text.length, 'optimizer.rules needs a list: optimizer.rules=-rule,+rule.');
      return;
    }
    const rules: string[] = [];
    let offset = valueStart;
    for (const rule of value.split(',')) {
      const start = offset;
      offset += rule.length + 1;
      const sign = rule[0];
      const name = rule.slice(1);
      if (sign !== '-' && sign !== '+') {
        this.report('error', start, start + rule.length, `Start each rule with - (disable) or + (enable): -${rule} or +${rule}.`);
        continue;
      }
      if (name !== 'all' && !OPTIMIZER_RULES.includes(name)) {
        const hint = closestName(name, OPTIMIZER_RULES);
        this.report(
          'error',
          start + 1,
          start + rule.length,
          `ArangoDB 3.12 has no optimizer rule ${name || '(empty)'}.${hint === undefined ? '' : ` Did you mean ${hint}?`}`,
        );
        continue;
      }
      if (sign === '-' && RULES_THAT_CANNOT_BE_DISABLED.has(name)) {
        this.report('warning', start, start + rule.length, `${name} cannot be disabled; arangod ignores -${name}.`);
      }
      rules.push(rule);
    }
    if (rules.length > 0) this.options.optimizerRules = rules;
  }

  readBind(name: string, keyStart: number, keyEnd: number, value: string | undefined, valueStart: number): void {
    if (!BIND_NAME.test(name)) {
      this.report('error', keyStart, keyEnd, `bind.${name} is not a bind parameter name; write bind.name=<json> or bind.@collection=<name>.`);
      return;
    }
    if (value === undefined) {
      this.report('error', keyStart, keyEnd, `bind.${name} needs a value: bind.${name}=<json>.`);
      return;
    }
    const parsed = parseBindValue(value, name.startsWith('@') ? 'collection' : 'value');
    if (!parsed.ok) {
      this.report('error', valueStart, valueStart + value.length, parsed.message);
      return;
    }
    this.bindVars.push([name, parsed.value]);
  }
}

function isHeaderToken(text: string, token: AqlToken): boolean {
  if (token.kind !== 'lineComment' || !HEADER.test(token.text)) return false;
  const lineStart = text.lastIndexOf('\n', token.start - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, token.start));
}

interface HeaderAt {
  readonly token: AqlToken;
  readonly lineStart: number;
}

/** The index of the first token that starts at or after `offset` (tokens are in order). */
function firstTokenFrom(tokens: readonly AqlToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((tokens[middle]?.start ?? 0) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function readBlock(text: string, lines: LineIndex, tokens: readonly AqlToken[], header: HeaderAt | undefined, start: number, end: number): QueryBlock {
  const reader = new HeaderReader(lines);
  let name: string | undefined;
  let nameSpan: TextSpan | undefined;
  let queryStart = start;
  if (header !== undefined) {
    const { token } = header;
    const afterKeyword = token.start + (HEADER.exec(token.text)?.[0].length ?? 0);
    const words = splitWords(text.slice(afterKeyword, token.end), afterKeyword);
    const first = words[0];
    if (first === undefined || first.text.includes('=') || !BLOCK_NAME.test(first.text)) {
      reader.report(
        'error',
        token.start,
        first === undefined ? token.end : first.start + first.text.length,
        '// @query needs a name first (letters, digits, _ . : -), e.g. // @query top-students maxRuntime=60.',
      );
    } else {
      name = first.text;
      nameSpan = reader.span(first.start, first.start + first.text.length);
      words.shift();
    }
    for (const word of words) reader.read(word);
    const newline = text.indexOf('\n', token.end);
    queryStart = newline < 0 || newline >= end ? end : newline + 1;
  }
  const queryText = text.slice(queryStart, end);
  // The file's tokens, not a second scan: a block boundary always falls between tokens (headers are line comments).
  const queryTokens = tokens.slice(firstTokenFrom(tokens, queryStart), firstTokenFrom(tokens, end));
  const declared = new Set(queryTokens.map(bindVarKeyOf).filter((key): key is string => key !== undefined));
  for (const [key] of reader.bindVars) {
    if (!declared.has(key)) {
      const at = header?.token.text.indexOf(`bind.${key}=`) ?? -1;
      const keyStart = (header?.token.start ?? 0) + at;
      reader.report('warning', keyStart, keyStart + `bind.${key}`.length, `This block's query does not use @${key}; the value is not sent.`);
    }
  }
  if (header !== undefined && queryTokens.every(isTrivia)) {
    reader.report('warning', header.token.start, header.token.end, name === undefined ? 'This block holds no query.' : `Block ${name} holds no query.`);
  }
  const usedBindVars = reader.bindVars.filter(([key]) => declared.has(key));
  const options: BlockQueryOptions = {
    ...reader.options,
    ...(usedBindVars.length > 0 ? { bindVars: Object.fromEntries(usedBindVars) } : {}),
  };
  return {
    name,
    span: reader.span(start, end),
    header: header === undefined ? undefined : reader.span(header.token.start, header.token.end),
    nameSpan,
    querySpan: reader.span(queryStart, end),
    queryText,
    options,
    diagnostics: reader.diagnostics,
  };
}

/**
 * Splits a file into its query blocks. Text before the first header becomes an unnamed block
 * only when it holds more than comments and blanks.
 *
 * @example
 * const [block] = parseQueryBlocks('// @query top maxRuntime=60\nFOR s IN students RETURN s');
 * block.name; // 'top'
 * block.options; // { maxRuntime: 60 }
 */
export function parseQueryBlocks(text: string): QueryBlock[] {
  const lines = new LineIndex(text);
  const tokens = scanAql(text);
  const headers: HeaderAt[] = tokens
    .filter((token) => isHeaderToken(text, token))
    .map((token) => ({ token, lineStart: text.lastIndexOf('\n', token.start - 1) + 1 }));
  const first = headers[0];
  if (first === undefined) {
    return [readBlock(text, lines, tokens, undefined, 0, text.length)];
  }
  const blocks: QueryBlock[] = [];
  if (!tokens.slice(0, firstTokenFrom(tokens, first.lineStart)).every(isTrivia)) {
    blocks.push(readBlock(text, lines, tokens, undefined, 0, first.lineStart));
  }
  headers.forEach((header, index) => {
    blocks.push(readBlock(text, lines, tokens, header, header.lineStart, headers[index + 1]?.lineStart ?? text.length));
  });
  const seen = new Map<string, QueryBlock>();
  return blocks.map((block) => {
    if (block.name === undefined || block.nameSpan === undefined) return block;
    if (!seen.has(block.name)) {
      seen.set(block.name, block);
      return block;
    }
    const duplicate: BlockDiagnostic = {
      severity: 'warning',
      message: `Another block of this file is already named ${block.name}; history and jobs would not tell them apart.`,
      span: block.nameSpan,
    };
    return { ...block, diagnostics: [...block.diagnostics, duplicate] };
  });
}

/** The block that holds an offset (a cursor), if any. */
export function blockAt(blocks: readonly QueryBlock[], offset: number): QueryBlock | undefined {
  return blocks.find((block) => offset >= block.span.start && (offset < block.span.end || (offset === block.span.end && block === blocks[blocks.length - 1])));
}

/**
 * The bind variables a block runs with. Precedence, highest first: the block's header
 * (`bind.name=…`: written next to the one query it is for), the file's `.bindvars.json`
 * (shared by every block of the file), then values remembered from earlier runs. Only keys
 * the block's query declares are sent.
 *
 * @example
 * blockBindVars(block, { limit: 10, name: 'x' }, undefined); // header's name wins over the file's
 */
export function blockBindVars(
  block: QueryBlock,
  fromFile: Readonly<Record<string, unknown>> | undefined,
  remembered: Readonly<Record<string, unknown>> | undefined,
): MergedBindVars {
  const required = requiredBindVarKeys(findBindParameters(block.queryText));
  const fromHeader = block.options.bindVars;
  const written = fromFile === undefined && fromHeader === undefined ? undefined : Object.fromEntries([...Object.entries(fromFile ?? {}), ...Object.entries(fromHeader ?? {})]);
  return mergeBindVars(written, remembered, required);
}

/** The query settings a run starts from (`arangodb.query.*`); 0 / false mean "not set". */
export interface QuerySettings {
  readonly batchSize: number;
  readonly cursorTtl: number;
  readonly maxRuntime: number;
  readonly memoryLimit: number;
  readonly profile: boolean;
}

/** The options a query is submitted with, bind variables aside (they are gathered separately). */
export type QueryRunOptions = Omit<AqlExecuteOptions, 'bindVars' | 'signal'>;

/**
 * The options one run is submitted with: the settings, overridden key by key by what the block's
 * header says (a header's `memoryLimit=0` lifts the setting's limit for that block). A streaming
 * query has no `count` (arangod ignores it there), so `stream` drops the count the settings ask for.
 *
 * @example
 * queryRunOptions(settings, { maxRuntime: 60, optimizerRules: ['-use-indexes'] });
 * // { count: true, batchSize: 1000, ttl: 600, maxRuntime: 60, optimizerRules: ['-use-indexes'] }
 */
export function queryRunOptions(settings: QuerySettings, block: BlockQueryOptions = {}): QueryRunOptions {
  const { bindVars: _headerBindVars, ...fromHeader } = block;
  const options: QueryRunOptions = {
    count: true,
    batchSize: settings.batchSize,
    ttl: settings.cursorTtl,
    ...(settings.maxRuntime > 0 ? { maxRuntime: settings.maxRuntime } : {}),
    ...(settings.memoryLimit > 0 ? { memoryLimit: settings.memoryLimit } : {}),
    // The profile setting asks for everything a profile has: the plan view needs the per-node figures.
    ...(settings.profile ? { profile: 2 } : {}),
    ...fromHeader,
  };
  if (options.stream === true) {
    const { count: _count, ...streaming } = options;
    return streaming;
  }
  return options;
}

/**
 * A `// @query` header line that gives a block these options and bind values, so a query taken
 * from the history opens as a block that runs as it ran. Options equal to `defaults` (what the
 * settings give anyway) are left out; options a header cannot hold (`count`, `allowRetry`) too.
 *
 * @example
 * blockHeader('top', { maxRuntime: 60, optimizerRules: ['-use-indexes'] }, { limit: 10 });
 * // '// @query top maxRuntime=60 optimizer.rules=-use-indexes bind.limit=10'
 */
export function blockHeader(
  name: string,
  options: QueryRunOptions | undefined,
  bindVars: Readonly<Record<string, unknown>> | undefined,
  defaults: QueryRunOptions = {},
): string {
  const words = [`// @query ${BLOCK_NAME.test(name) ? name : 'query'}`];
  const differs = (key: keyof QueryRunOptions): boolean => options?.[key] !== undefined && JSON.stringify(options[key]) !== JSON.stringify(defaults[key]);
  for (const key of ['maxRuntime', 'memoryLimit', 'batchSize', 'ttl'] as const) {
    if (differs(key)) words.push(`${key}=${String(options?.[key])}`);
  }
  if (differs('profile')) words.push(`profile=${Number(options?.profile)}`);
  for (const key of ['failOnWarning', 'fullCount', 'stream'] as const) {
    if (differs(key)) words.push(`${key}=${String(options?.[key])}`);
  }
  if (differs('optimizerRules') && (options?.optimizerRules?.length ?? 0) > 0) words.push(`optimizer.rules=${options?.optimizerRules?.join(',') ?? ''}`);
  for (const [key, value] of Object.entries(bindVars ?? {})) {
    words.push(`bind.${key}=${JSON.stringify(value)}`);
  }
  return words.join(' ');
}

/** Where a query that was run from a file stands in it now. */
export type QueryLocation =
  /** The same text, where it was (`moved: false`) or elsewhere (`moved: true`). */
  | { readonly kind: 'found'; readonly moved: boolean; readonly start: number; readonly end: number }
  /** The text is gone, but the block it was run from is still there (its query was edited). */
  | { readonly kind: 'block-changed'; readonly start: number; readonly end: number }
  | { readonly kind: 'gone' };

/**
 * Finds a query that was run from a file again in the file's text now, ignoring blanks around it:
 * in the block of that name, else the occurrence nearest to the line it started on (lines may have
 * moved); else the block of that name, whose query has changed since.
 *
 * @example
 * locateQuery('// new line\nRETURN 1', 'RETURN 1', { line: 0, character: 0 }); // { kind: 'found', moved: true, start: 12, end: 20 }
 */
export function locateQuery(text: string, query: string, start: DocumentRange['start'], blockName?: string): QueryLocation {
  const wanted = query.trim();
  if (wanted.length > 0) {
    const lines = new LineIndex(text);
    // The run text may have begun with blank lines: its first word stood that many lines lower.
    const firstWordLine = start.line + (query.slice(0, query.length - query.trimStart().length).match(/\n/g)?.length ?? 0);
    // A copy inside the block of that name is the one that ran, wherever it moved: several blocks may hold the same text.
    const block = blockName === undefined ? undefined : parseQueryBlocks(text).find((candidate) => candidate.name === blockName);
    const inBlock = block === undefined ? -1 : text.slice(block.querySpan.start, block.querySpan.end).indexOf(wanted);
    if (block !== undefined && inBlock >= 0) {
      const at = block.querySpan.start + inBlock;
      return { kind: 'found', moved: lines.positionAt(at).line !== firstWordLine, start: at, end: at + wanted.length };
    }
    let best: { start: number; line: number; distance: number } | undefined;
    for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + 1)) {
      const { line } = lines.positionAt(at);
      const distance = Math.abs(line - firstWordLine);
      if (best === undefined || distance < best.distance) best = { start: at, line, distance };
    }
    if (best !== undefined) {
      return { kind: 'found', moved: best.line !== firstWordLine, start: best.start, end: best.start + wanted.length };
    }
  }
  if (blockName !== undefined) {
    const block = parseQueryBlocks(text).find((candidate) => candidate.name === blockName);
    if (block !== undefined) return { kind: 'block-changed', start: block.querySpan.start, end: block.querySpan.end };
  }
  return { kind: 'gone' };
}
