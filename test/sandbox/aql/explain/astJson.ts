/**
 * Expressions and statements as arangod prints its AST (AstNode::toVelocyPack): `type` names
 * and, in plans, `typeID`s from AstNodeType, `subNodes` in arangod's order. Two forms: the plan
 * form of `/_api/explain` (typeIDs, bind parameters replaced by their values, as arangod injects
 * them before optimizing) and the parse form of `POST /_api/query` (no typeIDs, parameters kept).
 */
import type { Expression, QueryBody, Statement, Variable } from '../ast';

export type AstJson = Record<string, unknown>;

export interface AstJsonOptions {
  /** Plan form: typeIDs and bound values. Undefined: the parse form. */
  parameterValue?: (name: string) => unknown;
}

const TYPE_IDS: Readonly<Record<string, number>> = {
  root: 0, for: 1, let: 2, filter: 3, return: 4, remove: 5, insert: 6, update: 7, replace: 8, collect: 9, sort: 10,
  'sort element': 11, limit: 12, variable: 13, assign: 14, 'unary plus': 15, 'unary minus': 16, 'unary not': 17,
  'logical and': 18, 'logical or': 19, plus: 20, minus: 21, times: 22, division: 23, modulus: 24,
  'compare ==': 25, 'compare !=': 26, 'compare <': 27, 'compare <=': 28, 'compare >': 29, 'compare >=': 30,
  'compare in': 31, 'compare not in': 32, condition: 33, subquery: 34, 'attribute access': 35,
  'bound attribute access': 36, 'indexed access': 37, expansion: 38, iterator: 39, value: 40, array: 41,
  object: 42, 'object element': 43, collection: 44, reference: 45, parameter: 46, 'function call': 47,
  range: 49, 'no-op': 50, 'calculated object element': 53, 'n-ary and': 62, 'n-ary or': 63,
  'array compare ==': 64, 'array compare !=': 65, 'array compare <': 66, 'array compare <=': 67,
  'array compare >': 68, 'array compare >=': 69, 'array compare in': 70, 'array compare not in': 71,
  quantifier: 73, 'datasource parameter': 76,
};

const BINARY_TYPES: Readonly<Record<string, string>> = {
  '+': 'plus', '-': 'minus', '*': 'times', '/': 'division', '%': 'modulus',
  '==': 'compare ==', '!=': 'compare !=', '<': 'compare <', '<=': 'compare <=', '>': 'compare >', '>=': 'compare >=',
  in: 'compare in', 'not in': 'compare not in',
};

const UNARY_TYPES: Readonly<Record<string, string>> = { '-': 'unary minus', '+': 'unary plus', '!': 'unary not' };

/** AstNode's value type ids: null, bool, int, double, string. */
function valueTypeId(value: unknown): number {
  if (value === null) {
    return 0;
  }
  if (typeof value === 'boolean') {
    return 1;
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 2 : 3;
  }
  return 4;
}

export class AstPrinter {
  constructor(private readonly options: AstJsonOptions = {}) {}

  private get planForm(): boolean {
    return this.options.parameterValue !== undefined;
  }

  node(type: string, fields: AstJson = {}, subNodes?: AstJson[]): AstJson {
    const json: AstJson = { type };
    if (this.planForm) {
      json['typeID'] = TYPE_IDS[type] ?? 0;
    }
    Object.assign(json, fields);
    if (subNodes !== undefined) {
      json['subNodes'] = subNodes;
    }
    return json;
  }

  /** A constant: scalars as `value` nodes, arrays and objects (plan form: `raw`) as their nodes. */
  constant(value: unknown): AstJson {
    if (Array.isArray(value)) {
      return this.planForm ? this.node('array', { raw: value }) : this.node('array', {}, value.map((element) => this.constant(element)));
    }
    if (typeof value === 'object' && value !== null) {
      return this.node(
        'object',
        {},
        Object.entries(value).map(([name, member]) => this.node('object element', { name }, [this.constant(member)])),
      );
    }
    return this.node('value', this.planForm ? { value, vTypeID: valueTypeId(value) } : { value });
  }

  reference(variable: Variable): AstJson {
    return this.node('reference', { name: variable.name, id: variable.id, subqueryReference: false });
  }

  variable(variable: Variable): AstJson {
    return this.node('variable', { name: variable.name, id: variable.id });
  }

  expression(expression: Expression): AstJson {
    switch (expression.kind) {
      case 'value':
        return this.constant(expression.value);
      case 'array':
        if (this.planForm && expression.elements.every((element) => element.kind === 'value')) {
          // arangod prints a constant array by its value.
          return this.node('array', { raw: expression.elements.map((element) => (element as { value: unknown }).value) });
        }
        return this.node('array', {}, expression.elements.map((element) => this.expression(element)));
      case 'object':
        return this.node(
          'object',
          {},
          expression.members.map((member) =>
            typeof member.key === 'string'
              ? this.node('object element', { name: member.key }, [this.expression(member.value)])
              : this.node('calculated object element', {}, [this.expression(member.key), this.expression(member.value)]),
          ),
        );
      case 'reference':
        return this.reference(expression.variable);
      case 'collection':
        return this.node('collection', { name: expression.name });
      case 'parameter':
        return this.parameter(expression.name, expression.dataSource);
      case 'attribute':
        return this.node('attribute access', { name: expression.name }, [this.expression(expression.object)]);
      case 'boundAttribute': {
        const name = this.options.parameterValue?.(expression.parameter.name);
        if (typeof name === 'string') {
          return this.node('attribute access', { name }, [this.expression(expression.object)]);
        }
        return this.node('bound attribute access', {}, [this.expression(expression.object), this.expression(expression.parameter)]);
      }
      case 'indexed':
        return this.node('indexed access', {}, [this.expression(expression.object), this.expression(expression.index)]);
      case 'expansion':
        return this.node('expansion', { levels: expression.levels }, [
          this.node('iterator', {}, [this.variable(expression.iterator), this.expression(expression.source)]),
          this.reference(expression.iterator),
          expression.filter === undefined ? this.node('no-op') : this.expression(expression.filter),
          expression.limitCount === undefined
            ? this.node('no-op')
            : this.node('limit', {}, [expression.limitOffset === undefined ? this.constant(0) : this.expression(expression.limitOffset), this.expression(expression.limitCount)]),
          this.expression(expression.projection),
        ]);
      case 'unary':
        return this.node(UNARY_TYPES[expression.operator]!, {}, [this.expression(expression.operand)]);
      case 'binary': {
        const type = BINARY_TYPES[expression.operator]!;
        const fields = this.planForm && type.startsWith('compare') ? { excludesNull: false } : {};
        return this.node(type, fields, [this.expression(expression.left), this.expression(expression.right)]);
      }
      case 'logical':
        return this.node(`logical ${expression.operator}`, {}, [this.expression(expression.left), this.expression(expression.right)]);
      case 'ternary':
        return this.node(
          'condition',
          {},
          expression.whenTrue === undefined
            ? [this.expression(expression.condition), this.expression(expression.whenFalse)]
            : [this.expression(expression.condition), this.expression(expression.whenTrue), this.expression(expression.whenFalse)],
        );
      case 'range':
        return this.node('range', {}, [this.expression(expression.from), this.expression(expression.to)]);
      case 'call':
        return this.node('function call', { name: expression.name }, [this.node('array', {}, expression.args.map((argument) => this.expression(argument)))]);
      case 'arrayComparison':
        return this.node(`array compare ${expression.operator}`, {}, [
          this.expression(expression.left),
          this.expression(expression.right),
          this.node('quantifier', { quantifier: ['all', 'any', 'none'].indexOf(expression.quantifier) + 1 }),
        ]);
    }
  }

  private parameter(name: string, dataSource: boolean): AstJson {
    const resolve = this.options.parameterValue;
    if (resolve === undefined) {
      return this.node(dataSource ? 'datasource parameter' : 'parameter', { name });
    }
    const value = resolve(name);
    return dataSource ? this.node('collection', { name: value }) : this.constant(value);
  }

  /** A whole query as `POST /_api/query` prints it: one `root` node with a node per statement. */
  query(body: QueryBody): AstJson {
    return this.node('root', {}, body.statements.map((statement) => this.statement(statement)));
  }

  private statement(statement: Statement): AstJson {
    switch (statement.kind) {
      case 'for':
        return this.node('for', {}, [this.variable(statement.variable), this.expression(statement.source), this.node('no-op')]);
      case 'let':
        return this.node('let', {}, [this.variable(statement.variable), this.expression(statement.expression)]);
      case 'subquery':
        return this.node('let', {}, [this.variable(statement.variable), this.node('subquery', {}, this.query(statement.query)['subNodes'] as AstJson[])]);
      case 'filter':
        return this.node('filter', {}, [this.expression(statement.expression)]);
      case 'sort':
        return this.node('sort', {}, [
          this.node(
            'array',
            {},
            statement.elements.map((element) => this.node('sort element', {}, [this.expression(element.expression), this.expression(element.direction)])),
          ),
        ]);
      case 'limit':
        return this.node('limit', {}, [this.expression(statement.offset), this.expression(statement.count)]);
      case 'return':
        return this.node('return', statement.distinct ? { distinct: true } : {}, [this.expression(statement.expression)]);
      case 'collect': {
        const parts: AstJson[] = [
          this.node(
            'array',
            {},
            statement.groups.map((group) => this.node('assign', {}, [this.variable(group.variable), this.expression(group.expression)])),
          ),
        ];
        if (statement.aggregates.length > 0) {
          parts.push(
            this.node(
              'array',
              {},
              statement.aggregates.map((aggregate) =>
                this.node('assign', {}, [
                  this.variable(aggregate.variable),
                  this.node('function call', { name: aggregate.functionName }, [this.node('array', {}, aggregate.args.map((argument) => this.expression(argument)))]),
                ]),
              ),
            ),
          );
        }
        if (statement.into !== undefined) {
          parts.push(this.variable(statement.into.variable));
          if (statement.into.expression !== undefined) {
            parts.push(this.expression(statement.into.expression));
          }
        }
        if (statement.countInto !== undefined) {
          parts.push(this.node('collect count', {}, [this.variable(statement.countInto)]));
        }
        return this.node('collect', {}, parts);
      }
      default: {
        const target = 'name' in statement.collection ? this.node('collection', { name: statement.collection.name }) : this.parameter(statement.collection.parameter, true);
        const parts: AstJson[] = [statement.options === undefined ? this.node('no-op') : this.expression(statement.options), target];
        if (statement.with !== undefined) {
          parts.push(this.expression(statement.with));
        }
        parts.push(this.expression(statement.subject));
        return this.node(statement.kind, {}, parts);
      }
    }
  }
}
