/**
 * Turns expressions into closures over a row of variable values (`row[variable.id]`), so a query
 * evaluates them without walking the tree. Only SLEEP needs to wait; an expression containing it
 * compiles to an async closure, everything else stays synchronous and fast.
 */
import { setMember } from '../data/jsonValues';
import { bindParameterInvalid, collectionUsedInExpression, notImplemented } from './aqlErrors';
import type { ArrayComparisonNode, BinaryNode, CallNode, ExpansionNode, Expression, ObjectNode } from './ast';
import { childrenOf } from './astWalk';
import type { BoundParameters } from './bindParameters';
import { lengthOf, numericRange } from './functions/arrayFunctions';
import { invalidArgument, toInteger } from './functions/functionContext';
import { implementation, NON_DETERMINISTIC_FUNCTIONS } from './functions/registry';
import type { PlanNode, QueryRuntime } from './queryRuntime';
import {
  compareValues,
  equalityKey,
  isObject,
  isTruthy,
  numberOrNull,
  toNumber,
  toStringValue,
  typeRank,
  valuesEqual,
  type AqlObject,
} from './values';

export type Row = unknown[];
export type Evaluate = (row: Row) => unknown;
export type EvaluateAsync = (row: Row) => Promise<unknown>;

const NO_ARGUMENTS: readonly unknown[] = [];

/** Expression kinds whose constant instances are computed once at compile time. */
const FOLDED_KINDS: ReadonlySet<Expression['kind']> = new Set<Expression['kind']>([
  'unary',
  'binary',
  'logical',
  'ternary',
  'call',
  'arrayComparison',
  'attribute',
  'indexed',
]);

/** Reads an attribute; names that objects inherit (`constructor`, `__proto__`) must be own. */
export function readAttribute(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return null;
  }
  const member = (value as AqlObject)[name];
  if (member === undefined) {
    return null;
  }
  if (name in Object.prototype && !Object.prototype.hasOwnProperty.call(value, name)) {
    return null;
  }
  return member;
}


/** `value[index]`, as Expression::executeSimpleExpressionIndexedAccess. */
function readIndexed(value: unknown, index: unknown): unknown {
  if (Array.isArray(value)) {
    let position: number | undefined;
    if (typeof index === 'number') {
      position = toInteger(index);
    } else if (typeof index === 'string' && /^\s*[-+]?\d+/u.test(index)) {
      position = Number.parseInt(index, 10);
    }
    if (position === undefined) {
      return null;
    }
    if (position < 0) {
      position += value.length;
    }
    return position >= 0 && position < value.length ? value[position] : null;
  }
  if (isObject(value)) {
    if (typeof index === 'number') {
      return readAttribute(value, String(toInteger(index)));
    }
    return typeof index === 'string' ? readAttribute(value, index) : null;
  }
  return null;
}

function flattenExpansion(value: unknown, levels: number): unknown {
  if (levels <= 1 || !Array.isArray(value)) {
    return value;
  }
  const result: unknown[] = [];
  const walk = (items: unknown[], level: number): void => {
    for (const item of items) {
      if (Array.isArray(item) && level < levels) {
        walk(item, level + 1);
      } else {
        result.push(item);
      }
    }
  };
  walk(value, 1);
  return result;
}

function compare(operator: string, a: unknown, b: unknown): boolean {
  switch (operator) {
    case '==':
      return valuesEqual(a, b);
    case '!=':
      return !valuesEqual(a, b);
    case 'in':
      return Array.isArray(b) && b.some((member) => valuesEqual(a, member));
    case 'not in':
      return !(Array.isArray(b) && b.some((member) => valuesEqual(a, member)));
    default: {
      const order = typeof a === 'number' && typeof b === 'number' ? (a < b ? -1 : a > b ? 1 : 0) : compareValues(a, b);
      switch (operator) {
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        default:
          return order >= 0;
      }
    }
  }
}

/** Does evaluating this expression wait (contain a SLEEP call)? */
export function waits(expression: Expression): boolean {
  if (expression.kind === 'call' && expression.name === 'SLEEP') {
    return true;
  }
  return childrenOf(expression).some(waits);
}

export class ExpressionCompiler {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly parameters: BoundParameters,
  ) {}

  /** A bound value; `@@coll` parameters are bound to collection names. */
  private bound(name: string): unknown {
    return this.parameters.get(name) ?? null;
  }

  /** The value of an expression known before the query runs (literals, bind parameters), or undefined. */
  constantValue(expression: Expression): { value: unknown } | undefined {
    if (!this.isFoldable(expression)) {
      return undefined;
    }
    return { value: this.compileUnfolded(expression)([]) };
  }

  private isFoldable(expression: Expression): boolean {
    switch (expression.kind) {
      case 'reference':
      case 'collection':
      case 'expansion':
        return false;
      case 'parameter':
        return !expression.dataSource;
      case 'call':
        if (NON_DETERMINISTIC_FUNCTIONS.has(expression.name)) {
          return false;
        }
        break;
      default:
        break;
    }
    return childrenOf(expression).every((child) => this.isFoldable(child));
  }

  /**
   * A closure computing the expression. Constant parts (`1 / 0`, `UPPER("a")`) are computed once
   * here, as arangod's optimizer folds them, so their warnings are raised once, not per row.
   */
  compile(expression: Expression): Evaluate {
    const evaluate = this.compileUnfolded(expression);
    if (FOLDED_KINDS.has(expression.kind) && this.isFoldable(expression)) {
      const value = evaluate([]);
      return () => value;
    }
    return evaluate;
  }

  private compileUnfolded(expression: Expression): Evaluate {
    switch (expression.kind) {
      case 'value': {
        const value = expression.value;
        return () => value;
      }
      case 'parameter': {
        if (expression.dataSource) {
          throw collectionUsedInExpression(toStringValue(this.bound(expression.name)));
        }
        const value = this.bound(expression.name);
        return () => value;
      }
      case 'collection':
        throw collectionUsedInExpression(expression.name);
      case 'reference': {
        const slot = expression.variable.id;
        return (row) => row[slot];
      }
      case 'array':
        return this.compileArray(expression.elements);
      case 'object':
        return this.compileObject(expression);
      case 'attribute': {
        const object = this.compile(expression.object);
        const name = expression.name;
        return (row) => readAttribute(object(row), name);
      }
      case 'boundAttribute':
        return this.compileBoundAttribute(this.compile(expression.object), expression.parameter.name);
      case 'indexed': {
        const object = this.compile(expression.object);
        const index = this.compile(expression.index);
        return (row) => readIndexed(object(row), index(row));
      }
      case 'expansion':
        return this.compileExpansion(expression);
      case 'unary':
        return this.compileUnary(expression.operator, this.compile(expression.operand));
      case 'binary':
        return this.compileBinary(expression);
      case 'logical': {
        const left = this.compile(expression.left);
        const right = this.compile(expression.right);
        return expression.operator === 'and'
          ? (row) => {
              const value = left(row);
              return isTruthy(value) ? right(row) : value;
            }
          : (row) => {
              const value = left(row);
              return isTruthy(value) ? value : right(row);
            };
      }
      case 'ternary': {
        const condition = this.compile(expression.condition);
        const whenFalse = this.compile(expression.whenFalse);
        if (expression.whenTrue === undefined) {
          return (row) => {
            const value = condition(row);
            return isTruthy(value) ? value : whenFalse(row);
          };
        }
        const whenTrue = this.compile(expression.whenTrue);
        return (row) => (isTruthy(condition(row)) ? whenTrue(row) : whenFalse(row));
      }
      case 'range': {
        const from = this.compile(expression.from);
        const to = this.compile(expression.to);
        return (row) => rangeOf(from(row), to(row));
      }
      case 'call':
        return this.compileCall(expression);
      case 'arrayComparison':
        return this.compileArrayComparison(expression);
    }
  }

  private compileArray(elements: Expression[]): Evaluate {
    const members = elements.map((element) => this.compile(element));
    if (elements.every((element) => this.isFoldable(element))) {
      // A constant array is built once (values are never modified in place).
      const value = members.map((member) => member([]));
      return () => value;
    }
    return (row) => members.map((member) => member(row));
  }

  private objectKey(key: string | Expression): string | ((row: Row) => string) {
    if (typeof key === 'string') {
      return key;
    }
    if (key.kind === 'parameter') {
      const name = this.bound(key.name);
      if (typeof name !== 'string') {
        throw bindParameterInvalid(key.name);
      }
      return name;
    }
    const evaluate = this.compile(key);
    return (row) => toStringValue(evaluate(row));
  }

  private compileObject(expression: ObjectNode): Evaluate {
    const members = expression.members.map((member) => ({ key: this.objectKey(member.key), value: this.compile(member.value) }));
    return (row) => {
      const object: AqlObject = {};
      for (const member of members) {
        setMember(object, typeof member.key === 'string' ? member.key : member.key(row), member.value(row));
      }
      return object;
    };
  }

  private compileBoundAttribute(object: Evaluate, parameterName: string): Evaluate {
    const path = this.bound(parameterName);
    if (typeof path === 'string' && path.length > 0) {
      return (row) => readAttribute(object(row), path);
    }
    if (Array.isArray(path) && path.length > 0 && path.every((step) => typeof step === 'string')) {
      const steps: string[] = path;
      return (row) => steps.reduce<unknown>((value, step) => readAttribute(value, step), object(row));
    }
    throw bindParameterInvalid(parameterName);
  }

  private compileExpansion(expression: ExpansionNode): Evaluate {
    const source = this.compile(expression.source);
    const slot = expression.iterator.id;
    const levels = expression.levels;
    const filter = expression.filter === undefined ? undefined : this.compile(expression.filter);
    const offset = expression.limitOffset === undefined ? undefined : this.compile(expression.limitOffset);
    const count = expression.limitCount === undefined ? undefined : this.compile(expression.limitCount);
    const projection = this.compile(expression.projection);
    return (row) => {
      const value = flattenExpansion(source(row), levels);
      if (!Array.isArray(value)) {
        return [];
      }
      let skip = offset === undefined ? 0 : Math.max(0, toInteger(toNumber(offset(row))));
      const limit = count === undefined ? Number.POSITIVE_INFINITY : Math.max(0, toInteger(toNumber(count(row))));
      const result: unknown[] = [];
      for (const item of value) {
        if (result.length >= limit) {
          break;
        }
        row[slot] = item;
        if (filter !== undefined && !isTruthy(filter(row))) {
          continue;
        }
        if (skip > 0) {
          skip -= 1;
          continue;
        }
        result.push(projection(row));
      }
      return result;
    };
  }

  private compileUnary(operator: '-' | '+' | '!', operand: Evaluate): Evaluate {
    switch (operator) {
      case '!':
        return (row) => !isTruthy(operand(row));
      case '-':
        return (row) => numberOrNull(-toNumber(operand(row)));
      default:
        return (row) => numberOrNull(toNumber(operand(row)));
    }
  }

  private compileBinary(expression: BinaryNode): Evaluate {
    const left = this.compile(expression.left);
    const operator = expression.operator;
    if (operator === 'in' || operator === 'not in') {
      const constant = this.constantValue(expression.right);
      if (constant !== undefined && Array.isArray(constant.value)) {
        const keys = new Set(constant.value.map(equalityKey));
        const negate = operator === 'not in';
        return (row) => keys.has(equalityKey(left(row))) !== negate;
      }
    }
    const right = this.compile(expression.right);
    const arithmetic = arithmeticOperation(operator, this.runtime);
    if (arithmetic !== undefined) {
      return (row) => arithmetic(left(row), right(row));
    }
    return (row) => compare(operator, left(row), right(row));
  }

  private compileCall(expression: CallNode): Evaluate {
    if (expression.name === 'SLEEP') {
      throw new Error('SLEEP must be compiled with compileAsync');
    }
    if (expression.name === 'LENGTH') {
      const counted = this.collectionOperand(expression.args[0]!);
      if (counted !== undefined) {
        return () => this.runtime.database.collection(counted)?.count() ?? 0;
      }
    }
    const fn = implementation(expression.name);
    const runtime = this.runtime;
    const args = expression.args.map((arg) => this.compile(arg));
    switch (args.length) {
      case 0:
        return () => fn(NO_ARGUMENTS, runtime);
      case 1: {
        const first = args[0]!;
        if (expression.name === 'LENGTH') {
          return (row) => lengthOf(first(row));
        }
        return (row) => fn([first(row)], runtime);
      }
      case 2: {
        const [first, second] = args as [Evaluate, Evaluate];
        return (row) => fn([first(row), second(row)], runtime);
      }
      default:
        return (row) => fn(args.map((arg) => arg(row)), runtime);
    }
  }

  /** LENGTH(collection) counts the collection (arangod turns it into COLLECTION_COUNT). */
  private collectionOperand(arg: Expression): string | undefined {
    if (arg.kind === 'collection') {
      return arg.name;
    }
    if (arg.kind === 'parameter' && arg.dataSource) {
      return toStringValue(this.bound(arg.name));
    }
    return undefined;
  }

  private compileArrayComparison(expression: ArrayComparisonNode): Evaluate {
    const left = this.compile(expression.left);
    const right = this.compile(expression.right);
    const { quantifier, operator } = expression;
    return (row) => arrayComparison(quantifier, operator, left(row), right(row));
  }

  /** The async form of an expression that contains SLEEP; `node` is where its errors are reported. */
  compileAsync(expression: Expression, node: PlanNode): EvaluateAsync {
    if (!waits(expression)) {
      const evaluate = this.compile(expression);
      return (row) => Promise.resolve(evaluate(row));
    }
    const runtime = this.runtime;
    switch (expression.kind) {
      case 'call': {
        const args = expression.args.map((arg) => this.compileAsync(arg, node));
        const evaluateArgs = async (row: Row): Promise<unknown[]> => {
          const values: unknown[] = [];
          for (const arg of args) {
            values.push(await arg(row));
          }
          return values;
        };
        if (expression.name === 'SLEEP') {
          return async (row) => {
            const [seconds] = await evaluateArgs(row);
            if (typeof seconds !== 'number' || seconds < 0) {
              return invalidArgument(runtime, 'SLEEP');
            }
            return runtime.sleep(seconds, node);
          };
        }
        const fn = implementation(expression.name);
        return async (row) => fn(await evaluateArgs(row), runtime);
      }
      case 'unary': {
        const operand = this.compileAsync(expression.operand, node);
        const apply = this.compileUnary(expression.operator, (row) => row[0]);
        return async (row) => apply([await operand(row)]);
      }
      case 'binary': {
        const left = this.compileAsync(expression.left, node);
        const right = this.compileAsync(expression.right, node);
        const operator = expression.operator;
        const arithmetic = arithmeticOperation(operator, runtime);
        return async (row) => {
          const a = await left(row);
          const b = await right(row);
          return arithmetic === undefined ? compare(operator, a, b) : arithmetic(a, b);
        };
      }
      case 'logical': {
        const left = this.compileAsync(expression.left, node);
        const right = this.compileAsync(expression.right, node);
        const and = expression.operator === 'and';
        return async (row) => {
          const value = await left(row);
          return isTruthy(value) === and ? right(row) : value;
        };
      }
      case 'ternary': {
        const condition = this.compileAsync(expression.condition, node);
        const whenTrue = expression.whenTrue === undefined ? undefined : this.compileAsync(expression.whenTrue, node);
        const whenFalse = this.compileAsync(expression.whenFalse, node);
        return async (row) => {
          const value = await condition(row);
          if (!isTruthy(value)) {
            return whenFalse(row);
          }
          return whenTrue === undefined ? value : whenTrue(row);
        };
      }
      case 'array': {
        const elements = expression.elements.map((element) => this.compileAsync(element, node));
        return async (row) => {
          const values: unknown[] = [];
          for (const element of elements) {
            values.push(await element(row));
          }
          return values;
        };
      }
      case 'object': {
        const members = expression.members.map((member) => ({ key: this.objectKey(member.key), value: this.compileAsync(member.value, node) }));
        return async (row) => {
          const object: AqlObject = {};
          for (const member of members) {
            setMember(object, typeof member.key === 'string' ? member.key : member.key(row), await member.value(row));
          }
          return object;
        };
      }
      case 'attribute': {
        const object = this.compileAsync(expression.object, node);
        const name = expression.name;
        return async (row) => readAttribute(await object(row), name);
      }
      case 'indexed': {
        const object = this.compileAsync(expression.object, node);
        const index = this.compileAsync(expression.index, node);
        return async (row) => readIndexed(await object(row), await index(row));
      }
      case 'range': {
        const from = this.compileAsync(expression.from, node);
        const to = this.compileAsync(expression.to, node);
        return async (row) => rangeOf(await from(row), await to(row));
      }
      case 'arrayComparison': {
        const left = this.compileAsync(expression.left, node);
        const right = this.compileAsync(expression.right, node);
        const { quantifier, operator } = expression;
        return async (row) => arrayComparison(quantifier, operator, await left(row), await right(row));
      }
      default:
        throw notImplemented('SLEEP() inside array expansions or bound attribute names');
    }
  }
}

function rangeOf(from: unknown, to: unknown): unknown[] {
  const low = toInteger(toNumber(from));
  const high = toInteger(toNumber(to));
  return numericRange(low, high, low <= high ? 1 : -1);
}

function arrayComparison(quantifier: 'all' | 'any' | 'none', operator: string, left: unknown, right: unknown): boolean {
  if (!Array.isArray(left)) {
    return false;
  }
  switch (quantifier) {
    case 'all':
      return left.every((member) => compare(operator, member, right));
    case 'any':
      return left.some((member) => compare(operator, member, right));
    default:
      return !left.some((member) => compare(operator, member, right));
  }
}

/** The arithmetic operators: operands cast with TO_NUMBER, division by zero is null plus warning 1562. */
function arithmeticOperation(operator: string, runtime: QueryRuntime): ((a: unknown, b: unknown) => unknown) | undefined {
  const number = (value: unknown): number => (typeof value === 'number' ? value : toNumber(value));
  switch (operator) {
    case '+':
      return (a, b) => numberOrNull(number(a) + number(b));
    case '-':
      return (a, b) => numberOrNull(number(a) - number(b));
    case '*':
      return (a, b) => numberOrNull(number(a) * number(b));
    case '/':
    case '%':
      return (a, b) => {
        const divisor = number(b);
        if (divisor === 0) {
          runtime.warn(1562, 'division by zero');
          return null;
        }
        return numberOrNull(operator === '/' ? number(a) / divisor : number(a) % divisor);
      };
    default:
      return undefined;
  }
}

/** Name of a value's type as arangod's AqlValue::getTypeString writes it. */
export function valueTypeString(value: unknown): string {
  return ['null', 'bool', 'number', 'string', 'array', 'object'][typeRank(value)]!;
}
