/**
 * Signature help: the built-in function whose argument the cursor is in, and which parameter
 * that argument stands for, from {@link completionContext}'s call and the function catalogue.
 */
import type { AqlToken } from './aqlLexer';
import { scanAql } from './aqlLexer';
import type { AqlFunctionInfo, AqlParameter } from './aqlFunctions';
import { findAqlFunction, parameterAt, parseSignature } from './aqlFunctions';
import { completionContext } from './completionContext';

export interface SignatureHelp {
  readonly fn: AqlFunctionInfo;
  readonly parameters: readonly AqlParameter[];
  /** Index into `parameters`; `undefined` when the argument is one too many. */
  readonly activeParameter: number | undefined;
  /** The argument's 0-based position as typed. */
  readonly argumentIndex: number;
}

/**
 * Signature help at `offset`, or `undefined` outside a call of a built-in function (user
 * functions `NS::NAME` have no signature the editor knows).
 *
 * @example
 * signatureHelpAt('RETURN SUBSTRING("abc", ', 24)?.activeParameter; // 1 (offset)
 */
export function signatureHelpAt(text: string, offset: number, tokens: readonly AqlToken[] = scanAql(text)): SignatureHelp | undefined {
  const call = completionContext(text, offset, tokens).call;
  const fn = call === undefined ? undefined : findAqlFunction(call.name);
  if (call === undefined || fn === undefined) return undefined;
  const parameters = parseSignature(fn.signature);
  const active = parameterAt(parameters, call.argumentIndex);
  return { fn, parameters, activeParameter: active === undefined ? undefined : parameters.indexOf(active), argumentIndex: call.argumentIndex };
}
