/**
 * Visiting every expression of a query in arangod's AST order: statements in order (a hoisted
 * subquery before the statement that uses it), each expression depth-first, left to right.
 */
import type { Expression, QueryBody, Statement } from './ast';

/** The direct sub-expressions of an expression. */
export function childrenOf(expression: Expression): Expression[] {
  switch (expression.kind) {
    case 'array':
      return expression.elements;
    case 'object':
      return expression.members.flatMap((member) => (typeof member.key === 'string' ? [member.value] : [member.key, member.value]));
    case 'attribute':
      return [expression.object];
    case 'boundAttribute':
      return [expression.object, expression.parameter];
    case 'indexed':
      return [expression.object, expression.index];
    case 'expansion':
      return [expression.source, ...optional(expression.filter), ...optional(expression.limitOffset), ...optional(expression.limitCount), expression.projection];
    case 'unary':
      return [expression.operand];
    case 'binary':
    case 'logical':
    case 'arrayComparison':
      return [expression.left, expression.right];
    case 'ternary':
      return [expression.condition, ...optional(expression.whenTrue), expression.whenFalse];
    case 'range':
      return [expression.from, expression.to];
    case 'call':
      return expression.args;
    default:
      return [];
  }
}

function optional(expression: Expression | undefined): Expression[] {
  return expression === undefined ? [] : [expression];
}

/** The expressions a statement evaluates, in order. */
export function expressionsOf(statement: Statement): Expression[] {
  switch (statement.kind) {
    case 'for':
      return [statement.source];
    case 'let':
    case 'filter':
    case 'return':
      return [statement.expression];
    case 'sort':
      return statement.elements.flatMap((element) => [element.expression, element.direction]);
    case 'limit':
      return [statement.offset, statement.count];
    case 'collect':
      return [
        ...statement.groups.map((group) => group.expression),
        ...statement.aggregates.flatMap((aggregate) => aggregate.args),
        ...optional(statement.into?.expression),
      ];
    case 'subquery':
      return [];
    default:
      return [statement.subject, ...optional(statement.with), ...optional(statement.options)];
  }
}

/** Calls `visit` for every expression node of the query (nested subqueries included), in AST order. */
export function walkQuery(body: QueryBody, visit: (expression: Expression) => void): void {
  const walk = (expression: Expression): void => {
    visit(expression);
    for (const child of childrenOf(expression)) {
      walk(child);
    }
  };
  for (const statement of body.statements) {
    if (statement.kind === 'subquery') {
      walkQuery(statement.query, visit);
    }
    for (const expression of expressionsOf(statement)) {
      walk(expression);
    }
  }
}
