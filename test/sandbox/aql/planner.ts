/**
 * Turns a parsed, bound query into an executable chain of stages, numbering plan nodes as
 * arangod's ExecutionPlan::fromNode does (SingletonNode #1, then per statement a
 * CalculationNode for every expression that is not a plain variable, then the statement's own
 * node; a subquery's nodes before its SubqueryNode), so runtime errors name similar nodes.
 * Compile-time checks of the optimizer happen here: constant FOR operands, LIMIT values.
 */
import { ArangoError, ErrorNum } from '../errors';
import { limitValueError, notImplemented } from './aqlErrors';
import type { CollectStatement, Expression, ForStatement, LimitStatement, ModificationStatement, QueryBody, SortStatement, Statement } from './ast';
import type { BoundParameters } from './bindParameters';
import { waits, type ExpressionCompiler, type Row } from './expressionCompiler';
import type { PlanNode, QueryRuntime } from './queryRuntime';
import { mayShareObjects, yieldsPrimitive } from './resultIsolation';
import { AGGREGATORS, CollectStage, type CollectSpec } from './stages/collectStage';
import { EnumerateCollectionStage, EnumerateListStage, type ListSource } from './stages/enumerateStages';
import { ModificationStage, type ModificationOptions } from './stages/modificationStage';
import { DiscardStage, ReturnStage } from './stages/returnStages';
import { CalculationStage, FilterStage, SubqueryStage, type CompiledExpression, type SubqueryInstance } from './stages/rowStages';
import { LimitStage, SortStage } from './stages/sortLimitStages';
import type { Stage } from './stages/stage';
import { isObject, isTruthy, toJson, toStringValue, typeRank } from './values';

/** One run of a (sub)query's chain; `initialRow` is the row it starts from. */
interface InstanceContext {
  initialRow: Row;
}

type ContextualFactory = (downstream: Stage, context: InstanceContext) => Stage;

/** A chain ready to be instantiated, once for the query or once per outer row for a subquery. */
export interface PlannedQuery {
  instantiate(initialRow: Row): { start: Stage; returned: ReturnStage | undefined };
}

const MODIFICATION_NODE_TYPES = { insert: 'InsertNode', update: 'UpdateNode', replace: 'ReplaceNode', remove: 'RemoveNode' } as const;

export class QueryPlanner {
  private nextNodeId = 1;
  /** Variables known to hold only primitives, whose values RETURN need not copy. */
  private readonly primitiveVariables = new Set<number>();

  constructor(
    private readonly compiler: ExpressionCompiler,
    private readonly runtime: QueryRuntime,
    private readonly parameters: BoundParameters,
    private readonly reportFullCount: boolean,
  ) {}

  private node(type: string): PlanNode {
    const node = { id: this.nextNodeId, type };
    this.nextNodeId += 1;
    return node;
  }

  /** A CalculationNode for an expression that needs computing; a plain variable needs none. */
  private calculation(expression: Expression): PlanNode | undefined {
    return expression.kind === 'reference' ? undefined : this.node('CalculationNode');
  }

  private compiled(expression: Expression, node: PlanNode): CompiledExpression {
    return waits(expression) ? { async: this.compiler.compileAsync(expression, node) } : { sync: this.compiler.compile(expression) };
  }

  planQuery(body: QueryBody, topLevel: boolean): PlannedQuery {
    this.node('SingletonNode');
    const statements = body.statements;
    const lastLimit = topLevel ? statements.map((statement) => statement.kind).lastIndexOf('limit') : -1;
    const factories: ContextualFactory[] = [];
    let terminal: (() => { stage: Stage; returned: ReturnStage | undefined }) | undefined;
    statements.forEach((statement, index) => {
      if (statement.kind === 'return') {
        const calculation = this.calculation(statement.expression);
        const node = this.node('ReturnNode');
        const expression = this.compiled(statement.expression, calculation ?? node);
        const isolate = topLevel && mayShareObjects(statement.expression, this.primitiveVariables);
        terminal = () => {
          const stage = new ReturnStage(this.runtime, calculation ?? node, node, expression, statement.distinct, isolate);
          return { stage, returned: stage };
        };
        return;
      }
      factories.push(this.planStatement(statement, this.reportFullCount && topLevel && index === lastLimit));
    });
    const makeTerminal = terminal ?? (() => ({ stage: new DiscardStage(), returned: undefined }));
    return {
      instantiate(initialRow: Row) {
        const context: InstanceContext = { initialRow };
        const end = makeTerminal();
        let stage = end.stage;
        for (let i = factories.length - 1; i >= 0; i -= 1) {
          stage = factories[i]!(stage, context);
        }
        return { start: stage, returned: end.returned };
      },
    };
  }

  private planStatement(statement: Exclude<Statement, { kind: 'return' }>, reportsFullCount: boolean): ContextualFactory {
    const runtime = this.runtime;
    switch (statement.kind) {
      case 'for':
        return this.planFor(statement);
      case 'let': {
        const node = this.node('CalculationNode');
        const expression = this.compiled(statement.expression, node);
        const slot = statement.variable.id;
        if (yieldsPrimitive(statement.expression, this.primitiveVariables)) {
          this.primitiveVariables.add(slot);
        }
        return (downstream) => new CalculationStage(runtime, node, expression, slot, downstream);
      }
      case 'subquery': {
        const inner = this.planQuery(statement.query, false);
        const node = this.node('SubqueryNode');
        const slot = statement.variable.id;
        const instantiate = (initialRow: Row): SubqueryInstance => {
          const instance = inner.instantiate(initialRow);
          const returned = instance.returned;
          return { start: instance.start, results: returned?.results ?? [], bytes: () => returned?.heldBytes ?? 0 };
        };
        return (downstream) => new SubqueryStage(runtime, node, instantiate, slot, downstream);
      }
      case 'filter': {
        const calculation = this.calculation(statement.expression);
        const node = this.node('FilterNode');
        const condition = this.compiled(statement.expression, calculation ?? node);
        return (downstream) => new FilterStage(runtime, calculation ?? node, condition, downstream);
      }
      case 'sort':
        return this.planSort(statement);
      case 'limit':
        return this.planLimit(statement, reportsFullCount);
      case 'collect':
        return this.planCollect(statement);
      default:
        return this.planModification(statement);
    }
  }

  /** The collection a FOR scans, when its operand is a collection name or `@@parameter`. */
  private scannedCollection(source: Expression): string | undefined {
    if (source.kind === 'collection') {
      return source.name;
    }
    if (source.kind === 'parameter' && source.dataSource) {
      return toStringValue(this.parameters.get(source.name));
    }
    return undefined;
  }

  private planFor(statement: ForStatement): ContextualFactory {
    const runtime = this.runtime;
    const slot = statement.variable.id;
    const collection = this.scannedCollection(statement.source);
    if (collection !== undefined) {
      const node = this.node('EnumerateCollectionNode');
      return (downstream) => new EnumerateCollectionStage(runtime, node, collection, slot, downstream);
    }
    const source = statement.source;
    const constant = source.kind === 'value' || source.kind === 'object' || source.kind === 'parameter' ? this.compiler.constantValue(source) : undefined;
    if (constant !== undefined && !Array.isArray(constant.value)) {
      // Ast::optimizeFor rejects a constant operand that is not an array before the query runs.
      throw new ArangoError(
        400,
        ErrorNum.QUERY_ARRAY_EXPECTED,
        `collection or array expected as operand to FOR loop; you specified type '${constantTypeName(constant.value)}' with content '${toJson(constant.value)}'`,
      );
    }
    const calculation = this.calculation(source);
    const node = this.node('EnumerateListNode');
    const evaluationNode = calculation ?? node;
    let list: ListSource;
    if (source.kind === 'range' && !waits(source)) {
      list = { from: this.compiler.compile(source.from), to: this.compiler.compile(source.to) };
      this.primitiveVariables.add(slot);
    } else if (waits(source)) {
      throw notImplemented('SLEEP() in the operand of a FOR loop');
    } else {
      list = { values: this.compiler.compile(source) };
    }
    return (downstream) => new EnumerateListStage(runtime, evaluationNode, node, list, slot, downstream);
  }

  private planSort(statement: SortStatement): ContextualFactory {
    const calculations = statement.elements.map((element) => this.calculation(element.expression));
    const node = this.node('SortNode');
    const calculationNode = calculations.find((calculation) => calculation !== undefined) ?? node;
    const keys = statement.elements.map((element) => ({
      expression: this.compiled(element.expression, calculationNode),
      ascending: this.sortDirection(element.direction),
    }));
    const runtime = this.runtime;
    return (downstream) => new SortStage(runtime, calculationNode, node, keys, downstream);
  }

  /** ExecutionPlan::fromNodeSort: "ASC"/"DESC" strings, otherwise the value's truthiness. */
  private sortDirection(direction: Expression): boolean {
    const value = this.compiler.constantValue(direction)?.value ?? true;
    if (typeof value === 'string') {
      if (value.toUpperCase() === 'ASC') {
        return true;
      }
      if (value.toUpperCase() === 'DESC') {
        return false;
      }
    }
    return isTruthy(value);
  }

  private planLimit(statement: LimitStatement, reportsFullCount: boolean): ContextualFactory {
    this.node('LimitNode');
    const offset = this.compiler.constantValue(statement.offset);
    const count = this.compiler.constantValue(statement.count);
    if (offset === undefined || count === undefined) {
      throw limitValueError('LIMIT offset/count values must be constant numeric values');
    }
    const offsetValue = limitValue(offset.value, 'offset');
    const countValue = limitValue(count.value, 'count');
    const runtime = this.runtime;
    return (downstream) => new LimitStage(runtime, offsetValue, countValue, reportsFullCount, downstream);
  }

  private planCollect(statement: CollectStatement): ContextualFactory {
    const expressions = [
      ...statement.groups.map((group) => group.expression),
      ...statement.aggregates.flatMap((aggregate) => aggregate.args),
      ...(statement.into?.expression === undefined ? [] : [statement.into.expression]),
    ];
    const calculations = expressions.map((expression) => this.calculation(expression));
    const node = this.node('CollectNode');
    const calculationNode = calculations.find((calculation) => calculation !== undefined) ?? node;
    const spec: CollectSpec = {
      groups: statement.groups.map((group) => ({ slot: group.variable.id, expression: this.compiled(group.expression, calculationNode) })),
      aggregates: statement.aggregates.map((aggregate) => {
        const create = AGGREGATORS[aggregate.functionName];
        if (create === undefined) {
          throw notImplemented(`the aggregate function ${aggregate.functionName}()`);
        }
        const argument = aggregate.args[0];
        return { slot: aggregate.variable.id, create, argument: argument === undefined ? undefined : this.compiled(argument, calculationNode) };
      }),
    };
    if (statement.into !== undefined) {
      const into = statement.into;
      spec.into = {
        slot: into.variable.id,
        variables: (into.keep ?? statement.visibleVariables).map((variable) => ({ name: variable.name, slot: variable.id })),
      };
      if (into.expression !== undefined) {
        spec.into.expression = this.compiled(into.expression, calculationNode);
      }
    }
    if (statement.countInto !== undefined) {
      spec.countSlot = statement.countInto.id;
      this.primitiveVariables.add(spec.countSlot);
    }
    statement.groups.filter((group) => yieldsPrimitive(group.expression, this.primitiveVariables)).forEach((group) => this.primitiveVariables.add(group.variable.id));
    const runtime = this.runtime;
    return (downstream, context) => new CollectStage(runtime, calculationNode, node, spec, context.initialRow, downstream);
  }

  private planModification(statement: ModificationStatement): ContextualFactory {
    const subjectCalculation = this.calculation(statement.subject);
    const withCalculation = statement.with === undefined ? undefined : this.calculation(statement.with);
    const node = this.node(MODIFICATION_NODE_TYPES[statement.kind]);
    const calculationNode = subjectCalculation ?? withCalculation ?? node;
    const collectionName = 'name' in statement.collection ? statement.collection.name : toStringValue(this.parameters.get(statement.collection.parameter));
    const optionsValue = statement.options === undefined ? {} : this.compiler.constantValue(statement.options)?.value;
    const spec = {
      kind: statement.kind,
      collectionName,
      subject: this.compiled(statement.subject, calculationNode),
      options: modificationOptions(isObject(optionsValue) ? optionsValue : {}),
      ...(statement.with === undefined ? {} : { with: this.compiled(statement.with, calculationNode) }),
      ...(statement.newVariable === undefined ? {} : { newSlot: statement.newVariable.id }),
      ...(statement.oldVariable === undefined ? {} : { oldSlot: statement.oldVariable.id }),
    };
    const runtime = this.runtime;
    return (downstream) => new ModificationStage(runtime, calculationNode, node, spec, downstream);
  }
}

/** The count arangod gives a LIMIT whose count is null: unbounded in practice (ExecutionPlan::fromNodeLimit). */
export const UNBOUNDED_LIMIT_COUNT = 128 * 1024 * 1024;

/**
 * A LIMIT offset or count as arangod reads it: a null offset is 0 and a null count unbounded; a
 * number is cut to its integer part and must not be negative; anything else is 1504.
 */
function limitValue(value: unknown, which: 'offset' | 'count'): number {
  if (value === null) {
    return which === 'offset' ? 0 : UNBOUNDED_LIMIT_COUNT;
  }
  const whole = typeof value === 'number' ? Math.trunc(value) : Number.NaN;
  if (!(whole >= 0)) {
    throw limitValueError(`LIMIT ${which} value is not a number or out of range`);
  }
  return whole;
}

/** The type name Ast::optimizeFor reports for a constant (AstNode::getValueTypeString). */
function constantTypeName(value: unknown): string {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'int' : 'double';
  }
  return ['null', 'bool', 'number', 'string', 'array', 'object'][typeRank(value)]!;
}

function modificationOptions(options: Record<string, unknown>): ModificationOptions {
  const result: ModificationOptions = {
    ignoreErrors: options['ignoreErrors'] === true,
    keepNull: options['keepNull'] !== false,
    mergeObjects: options['mergeObjects'] !== false,
    ignoreRevs: options['ignoreRevs'] !== false,
  };
  const mode = options['overwriteMode'];
  if (mode === 'conflict' || mode === 'replace' || mode === 'update' || mode === 'ignore') {
    result.overwriteMode = mode;
  } else if (options['overwrite'] === true) {
    result.overwriteMode = 'replace';
  }
  return result;
}
