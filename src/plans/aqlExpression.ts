/**
 * Prints the expression trees of an execution plan (arangod's AST as JSON: `{ type: "compare ==",
 * subNodes: [...] }`) back as AQL text, the way a person would have written them.
 */
import { AQL_KEYWORDS } from '../language/aqlSyntax';

/** One node of an expression as arangod sends it in a plan (`AstNode::toVelocyPack`). */
export interface AstJson {
  readonly type: string;
  readonly subNodes?: readonly AstJson[];
  readonly name?: string;
  readonly value?: unknown;
  readonly raw?: unknown;
  readonly quantifier?: number;
  readonly [key: string]: unknown;
}

/** Variables whose name is a number were made by the optimizer: the explainer writes them `#5`. */
export function variableName(name: string): string {
  return /^\d+$/.test(name) ? `#${name}` : name;
}

/** An attribute or collection name, in backticks when it is not a plain identifier or is a keyword. */
export function aqlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !AQL_KEYWORDS.has(name.toUpperCase()) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

/** A constant as an AQL literal (JSON is AQL, but object keys read better unquoted). */
export function aqlValue(value: unknown): string {
  if (value === undefined || value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(aqlValue).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, element]) => `${objectKey(key)}: ${aqlValue(element)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : 'null';
}

function objectKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
}

const BINARY: Readonly<Record<string, { text: string; level: number }>> = {
  'logical or': { text: 'OR', level: 2 },
  'logical and': { text: 'AND', level: 3 },
  'compare ==': { text: '==', level: 4 },
  'compare !=': { text: '!=', level: 4 },
  'compare in': { text: 'IN', level: 4 },
  'compare not in': { text: 'NOT IN', level: 4 },
  'compare <': { text: '<', level: 5 },
  'compare <=': { text: '<=', level: 5 },
  'compare >': { text: '>', level: 5 },
  'compare >=': { text: '>=', level: 5 },
  range: { text: '..', level: 6 },
  plus: { text: '+', level: 7 },
  minus: { text: '-', level: 7 },
  times: { text: '*', level: 8 },
  division: { text: '/', level: 8 },
  modulus: { text: '%', level: 8 },
};

const UNARY: Readonly<Record<string, string>> = { 'unary not': 'NOT ', 'unary minus': '-', 'unary plus': '+' };

/** arangod's `Quantifier` numbers (`Aql/Quantifier.h`). */
const QUANTIFIERS: Readonly<Record<number, string>> = { 1: 'ALL', 2: 'ANY', 3: 'NONE', 4: 'AT LEAST' };

const ATOM = 10;

/** AND binds tighter than OR, but `(a AND b) OR c` reads more surely with the parentheses. */
const AND_IN_OR = 3.5;

/** How tightly an expression binds: an operand binding looser than its operator gets parentheses. */
function level(node: AstJson): number {
  const binary = BINARY[node.type];
  if (binary) {
    return binary.level;
  }
  if (node.type === 'n-ary or' || node.type === 'n-ary and') {
    const only = node.subNodes?.length === 1 ? node.subNodes[0] : undefined;
    return only ? level(only) : node.type === 'n-ary or' ? 2 : 3;
  }
  if (node.type === 'ternary') {
    return 1;
  }
  if (node.type.startsWith('array compare ')) {
    return 4;
  }
  return node.type in UNARY ? 9 : ATOM;
}

function operand(node: AstJson | undefined, parentLevel: number, right = false): string {
  if (node === undefined) {
    return '?';
  }
  const text = expressionToAql(node);
  const own = level(node);
  return own < parentLevel || (right && own === parentLevel && own < ATOM) ? `(${text})` : text;
}

function children(node: AstJson): readonly AstJson[] {
  return node.subNodes ?? [];
}

function argumentList(node: AstJson): string {
  const args = children(node)[0];
  if (args === undefined) {
    return '';
  }
  if (args.raw !== undefined && Array.isArray(args.raw)) {
    return args.raw.map(aqlValue).join(', ');
  }
  return children(args).map(expressionToAql).join(', ');
}

/**
 * The AQL text of an expression; a node type this printer does not know is shown as
 * `«type»`, never dropped, so the text never claims something the plan does not say.
 *
 * @example expressionToAql({ type: 'attribute access', name: 'id', subNodes: [{ type: 'reference', name: 'p' }] }) // 'p.id'
 */
export function expressionToAql(node: AstJson): string {
  const sub = children(node);
  const binary = BINARY[node.type];
  if (binary) {
    const separator = binary.text === '..' ? '..' : ` ${binary.text} `;
    const bound = node.type === 'logical or' ? AND_IN_OR : binary.level;
    return `${operand(sub[0], bound)}${separator}${operand(sub[1], bound, true)}`;
  }
  const unary = UNARY[node.type];
  if (unary !== undefined) {
    return `${unary}${operand(sub[0], 9)}`;
  }
  switch (node.type) {
    case 'value':
      return aqlValue(node.value);
    case 'array':
      return node.raw !== undefined ? aqlValue(node.raw) : `[${sub.map(expressionToAql).join(', ')}]`;
    case 'object':
      return node.raw !== undefined ? aqlValue(node.raw) : sub.length === 0 ? '{}' : `{ ${sub.map(expressionToAql).join(', ')} }`;
    case 'object element':
      return `${objectKey(node.name ?? '')}: ${sub[0] ? expressionToAql(sub[0]) : 'null'}`;
    case 'calculated object element':
      return `[${sub[0] ? expressionToAql(sub[0]) : '?'}]: ${sub[1] ? expressionToAql(sub[1]) : 'null'}`;
    case 'reference':
    case 'variable':
      return variableName(node.name ?? '?');
    case 'parameter':
      return `@${node.name ?? '?'}`;
    case 'datasource parameter':
      return `@@${node.name ?? '?'}`;
    case 'collection':
    case 'view':
      return aqlName(node.name ?? '?');
    case 'attribute access':
      return `${operand(sub[0], ATOM)}.${aqlName(node.name ?? '?')}`;
    case 'bound attribute access':
      return `${operand(sub[0], ATOM)}.${sub[1] ? expressionToAql(sub[1]) : '?'}`;
    case 'indexed access':
      return `${operand(sub[0], ATOM)}[${sub[1] ? expressionToAql(sub[1]) : '?'}]`;
    case 'function call':
    case 'user function call':
      return `${node.name ?? '?'}(${argumentList(node)})`;
    case 'n-ary and':
    case 'n-ary or': {
      if (sub.length === 0) {
        return node.type === 'n-ary and' ? 'true' : 'false';
      }
      const bound = node.type === 'n-ary or' && sub.length > 1 ? AND_IN_OR : level(node);
      return sub.map((element) => operand(element, bound)).join(node.type === 'n-ary and' ? ' AND ' : ' OR ');
    }
    case 'ternary':
      return sub.length === 2
        ? `${operand(sub[0], 2)} ?: ${operand(sub[1], 2)}`
        : `${operand(sub[0], 2)} ? ${operand(sub[1], 2)} : ${operand(sub[2], 1)}`;
    case 'expansion':
      return expansion(node);
    case 'iterator':
      return sub[1] ? expressionToAql(sub[1]) : '?';
    case 'subquery':
      return '( subquery )';
    case 'nop':
      return '';
    default:
      if (node.type.startsWith('array compare ')) {
        const quantifier = sub[2] ? (QUANTIFIERS[sub[2].quantifier ?? 0] ?? '?') : '?';
        const operator = BINARY[`compare ${node.type.slice('array compare '.length)}`]?.text ?? '?';
        return `${operand(sub[0], 5)} ${quantifier} ${operator} ${operand(sub[1], 5, true)}`;
      }
      return `«${node.type}»`;
  }
}

/**
 * `doc.tags[* FILTER ... LIMIT ... RETURN ...]` arrives as an expansion (`AstNode` of type
 * NODE_TYPE_EXPANSION): an iterator over the source, the element expression, then filter, limit
 * and projection (each `nop` when absent). Written back in the inline form with `CURRENT`, which
 * is what it means; `[*]` alone when it only flattens.
 */
function expansion(node: AstJson): string {
  const [iterator, element, filter, limit, projection] = children(node);
  const variable = iterator && children(iterator)[0]?.name;
  const source = iterator && children(iterator)[1] ? operand(children(iterator)[1], ATOM) : '?';
  const current = (expression: AstJson): string => expressionToAql(renameVariable(expression, variable));
  const present = (part: AstJson | undefined): part is AstJson => part !== undefined && part.type !== 'nop';
  const isIdentity = (part: AstJson | undefined): boolean => part === undefined || (part.type === 'reference' && part.name === variable);
  const limitParts = present(limit) ? children(limit).map(expressionToAql) : [];
  const result = present(projection) ? projection : isIdentity(element) ? undefined : element;
  const inline = [
    present(filter) ? ` FILTER ${current(filter)}` : '',
    limitParts.length > 0 ? ` LIMIT ${limitParts.join(', ')}` : '',
    result !== undefined ? ` RETURN ${current(result)}` : '',
  ].join('');
  return `${source}[*${inline}]`;
}

function renameVariable(node: AstJson, variable: string | undefined): AstJson {
  if (node.type === 'reference' && node.name === variable) {
    return { type: 'reference', name: 'CURRENT' };
  }
  return node.subNodes ? { ...node, subNodes: node.subNodes.map((child) => renameVariable(child, variable)) } : node;
}
