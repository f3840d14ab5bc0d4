/**
 * What an AQL function implementation gets besides its arguments, and the warnings functions
 * register, worded as arangod's `registerWarning` words them: `invalid argument type in call to
 * function 'X()'` for 1542, otherwise `in function 'X()': <errors.dat text>`.
 */
import type { Database } from '../../data/store';

/** The runtime services a function may use. */
export interface FunctionContext {
  /** Adds a query warning (`extra.warnings`). */
  warn(code: number, message: string): void;
  readonly database: Database;
}

/** An AQL function: takes evaluated arguments, returns a JSON value (never modifies its arguments). */
export type AqlFunction = (args: readonly unknown[], context: FunctionContext) => unknown;

const WARNING_TEXTS: Readonly<Record<number, string>> = {
  1543: 'invalid regex value',
  1561: 'invalid arithmetic value',
  1562: 'division by zero',
  1563: 'array expected',
  1572: 'invalid date value',
};

export const WarningCode = {
  ARGUMENT_TYPE_MISMATCH: 1542,
  INVALID_REGEX: 1543,
  INVALID_ARITHMETIC_VALUE: 1561,
  ARRAY_EXPECTED: 1563,
  INVALID_DATE_VALUE: 1572,
} as const;

/** registerInvalidArgumentWarning: returns null, the value functions give after it. */
export function invalidArgument(context: FunctionContext, functionName: string): null {
  context.warn(WarningCode.ARGUMENT_TYPE_MISMATCH, `invalid argument type in call to function '${functionName}()'`);
  return null;
}

/** registerWarning with a code other than 1542: returns null. */
export function functionWarning(context: FunctionContext, functionName: string, code: number): null {
  if (code === WarningCode.ARGUMENT_TYPE_MISMATCH) {
    return invalidArgument(context, functionName);
  }
  context.warn(code, `in function '${functionName}()': ${WARNING_TEXTS[code] ?? 'error'}`);
  return null;
}

/** An argument read as an integer the way AqlValue::toInt64 reads it. */
export function toInteger(value: number): number {
  return Number.isFinite(value) ? Math.trunc(value) : 0;
}
