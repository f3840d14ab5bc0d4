/**
 * Bind parameters, checked as arangod's Ast::injectBindParameters checks them: while walking the
 * query in AST order, a declared parameter without a value is 1551, a data-source parameter
 * (`@@coll`) must name an existing collection (1553 when it is not a string, 1203 when there is
 * no such collection); afterwards, a value nobody declared is 1552.
 */
import type { Database } from '../data/store';
import { bindParameterInvalid, bindParameterMissing, bindParameterUndeclared, collectionNotFoundInQuery } from './aqlErrors';
import { walkQuery } from './astWalk';
import type { QueryBody } from './ast';
import { cloneValue } from './values';

/** Bound values by bindVars name (`x`, `@coll`); data-source values are collection names. */
export type BoundParameters = ReadonlyMap<string, unknown>;

export function bindParameters(
  body: QueryBody,
  declared: ReadonlySet<string>,
  bindVars: Record<string, unknown> | undefined,
  database: Database,
): BoundParameters {
  const provided = bindVars ?? {};
  const bound = new Map<string, unknown>();
  const bind = (name: string): void => {
    if (bound.has(name)) {
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(provided, name)) {
      throw bindParameterMissing(name);
    }
    const value = provided[name];
    if (name.startsWith('@')) {
      if (typeof value !== 'string' || value.length === 0) {
        throw bindParameterInvalid(name);
      }
      if (database.collection(value) === undefined) {
        throw collectionNotFoundInQuery(value);
      }
    }
    bound.set(name, cloneValue(value));
  };
  walkQuery(body, (expression) => {
    if (expression.kind === 'parameter') {
      bind(expression.name);
    }
  });
  visitCollectionTargets(body, bind);
  // Parameters outside expressions (WITH) are checked last.
  for (const name of declared) {
    bind(name);
  }
  for (const name of Object.keys(provided)) {
    if (!declared.has(name)) {
      throw bindParameterUndeclared(name);
    }
  }
  return bound;
}

function visitCollectionTargets(body: QueryBody, bind: (name: string) => void): void {
  for (const statement of body.statements) {
    if (statement.kind === 'subquery') {
      visitCollectionTargets(statement.query, bind);
    } else if ((statement.kind === 'insert' || statement.kind === 'update' || statement.kind === 'replace' || statement.kind === 'remove') && 'parameter' in statement.collection) {
      bind(statement.collection.parameter);
    }
  }
}
