/**
 * Numeric functions. Arguments are cast with TO_NUMBER; results that are not finite numbers
 * (square root of a negative, log of zero...) are null, as arangod's numberValue(..., true).
 */
import { numberOrNull, toNumber } from '../values';
import type { AqlFunction } from './functionContext';

function unary(operation: (value: number) => number): AqlFunction {
  return ([value]) => numberOrNull(operation(toNumber(value)));
}

export const NUMERIC_FUNCTIONS: Readonly<Record<string, AqlFunction>> = {
  FLOOR: unary(Math.floor),
  CEIL: unary(Math.ceil),
  // arangod rounds halves up (std::floor(x + 0.5)), as Math.round does.
  ROUND: unary(Math.round),
  ABS: unary(Math.abs),
  SQRT: unary(Math.sqrt),
  POW: ([base, exponent]) => numberOrNull(Math.pow(toNumber(base), toNumber(exponent))),
  LOG: unary(Math.log),
  LOG2: unary(Math.log2),
  LOG10: unary(Math.log10),
  EXP: unary(Math.exp),
  EXP2: unary((value) => Math.pow(2, value)),
  SIN: unary(Math.sin),
  COS: unary(Math.cos),
  TAN: unary(Math.tan),
  ASIN: unary(Math.asin),
  ACOS: unary(Math.acos),
  ATAN: unary(Math.atan),
  ATAN2: ([y, x]) => numberOrNull(Math.atan2(toNumber(y), toNumber(x))),
  RADIANS: unary((value) => (value * Math.PI) / 180),
  DEGREES: unary((value) => (value * 180) / Math.PI),
  PI: () => Math.PI,
  RAND: () => Math.random(),
};
