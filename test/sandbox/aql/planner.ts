/**
 * Turns a parsed, bound query into an executable chain of stages, numbering plan nodes as
 * arangod's ExecutionPlan::fromNode does (SingletonNode #1, then per statement a
 * CalculationNode for every expression that is not a plain variable, then the statement's own
 * node; a subquery's nodes before its SubqueryNode), so runtime errors name similar nodes.
 * Compile-time checks of the optimizer happen here: constant FOR operands, LIMIT values.
 */
import { ArangoError, ErrorNum } from '../errors';
import { limitValueError, notImplemented } from './aqlErrors';
import type { CollectStatement, Expression, FilterStatement, ForStatement, LimitStatement, ModificationStatement, QueryBody, SortStatement, Statement, Variable } from './ast';
import { childrenOf } from './astWalk';
import type { BoundParameters } from './bindParameters';
import { AstPrinter } from './explain/astJson';
import { UNKNOWN_LIST_LENGTH, type DescribedNode, type EstimateRule, type VariableJson } from './explain/planDescription';
import { waits, type ExpressionCompiler, type Row } from './expressionCompiler';
import type { QueryProfiler } from './profiler';
import type { PlanNode, QueryRuntime } from './queryRuntime';
import { mayShareObjects, yieldsPrimitive } from './resultIsolation';
import { AGGREGATORS, CollectStage, type CollectSpec } from './stages/collectStage';
import { EnumerateCollectionStage, EnumerateListStage, PrimaryIndexStage, type ListSource } from './stages/enumerateStages';
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
  /** The chain's plan nodes, as explain prints them. */
  nodes: DescribedNode[];
}

/** How the planner plans (explain's `optimizer.rules`) and what it watches. */
export interface PlannerSettings {
  /** Variables the parser made; calculation results get the ids after them, as in arangod. */
  variableCount: number;
  /** The optimizer rule `use-indexes`: a FILTER on `_key ==` right after a FOR becomes a primary-index lookup. */
  useIndexes: boolean;
  /** Counts rows and times per node (`profile: 2`). */
  profiler?: QueryProfiler;
}

/** One statement's share of a chain: its stage and the plan nodes that stage runs. */
interface PlannedStep {
  factory: ContextualFactory;
  nodes: PlanNode[];
}

const SATELLITE_FIELDS = { satellite: false, isSatellite: false, isSatelliteOf: null };
const READ_FIELDS = { projections: [], filterProjections: [], count: false, producesResult: true, readOwnWrites: false, useCache: true, maxProjections: 5 };

const MODIFICATION_NODE_TYPES = { insert: 'InsertNode', update: 'UpdateNode', replace: 'ReplaceNode', remove: 'RemoveNode' } as const;

export class QueryPlanner {
  private nextNodeId = 1;
  /** Variables known to hold only primitives, whose values RETURN need not copy. */
  private readonly primitiveVariables = new Set<number>();
  /** The described nodes of the chain being planned, and of the chains around it. */
  private readonly levels: DescribedNode[][] = [];
  private readonly variableJson = new Map<number, VariableJson>();
  private readonly calculationOutputs = new Map<number, VariableJson>();
  private nextTemporary: number;
  private readonly printer: AstPrinter;
  /** Optimizer rules the plan applied. */
  readonly rules = new Set<string>();
  /** Collections read and written, in the order the query names them. */
  readonly collections = new Map<string, 'read' | 'write'>();

  constructor(
    private readonly compiler: ExpressionCompiler,
    private readonly runtime: QueryRuntime,
    private readonly parameters: BoundParameters,
    private readonly reportFullCount: boolean,
    private readonly settings: PlannerSettings,
  ) {
    this.nextTemporary = settings.variableCount;
    this.printer = new AstPrinter({ parameterValue: (name) => parameters.get(name) ?? null });
  }

  /** Every variable of the plan, user-defined and temporary. */
  get variables(): VariableJson[] {
    return [...this.variableJson.values()];
  }

  private node(type: string): PlanNode {
    const node = { id: this.nextNodeId, type };
    this.nextNodeId += 1;
    return node;
  }

  private describe(node: PlanNode, fields: Record<string, unknown>, estimate: EstimateRule, subquery?: DescribedNode[]): void {
    const described: DescribedNode = { id: node.id, type: node.type, fields, estimate };
    if (subquery !== undefined) {
      described.subquery = subquery;
    }
    this.levels[this.levels.length - 1]!.push(described);
  }

  private variable(variable: Variable, fullDocument = false): VariableJson {
    let json = this.variableJson.get(variable.id);
    if (json === undefined) {
      json = { id: variable.id, name: variable.name, isFullDocumentFromCollection: fullDocument };
      this.variableJson.set(variable.id, json);
    }
    return json;
  }

  private readCollection(name: string): void {
    if (!this.collections.has(name)) {
      this.collections.set(name, 'read');
    }
  }

  /** A CalculationNode for an expression that needs computing; a plain variable needs none. */
  private calculation(expression: Expression): PlanNode | undefined {
    if (expression.kind === 'reference') {
      return undefined;
    }
    const node = this.node('CalculationNode');
    const id = this.nextTemporary;
    this.nextTemporary += 1;
    const constant = this.literal(expression);
    const output: VariableJson = { id, name: String(id), isFullDocumentFromCollection: false };
    if (constant !== undefined) {
      output.constantValue = constant.value;
    }
    this.variableJson.set(id, output);
    this.calculationOutputs.set(node.id, output);
    const attribute = expression.kind === 'attribute' && expression.object.kind === 'reference';
    this.describe(
      node,
      {
        expression: this.printer.expression(expression),
        outVariable: output,
        canThrow: false,
        expressionType: constant !== undefined ? 'json' : attribute ? 'attribute' : 'simple',
      },
      { kind: 'row' },
    );
    return node;
  }

  /**
   * The value of a literal (values, arrays and objects of them, bind parameters), read without
   * evaluating anything: plans show it as `constantValue`, and evaluating here would raise a
   * folded expression's warnings a second time.
   */
  private literal(expression: Expression): { value: unknown } | undefined {
    switch (expression.kind) {
      case 'value':
        return { value: expression.value };
      case 'parameter':
        return expression.dataSource ? undefined : { value: this.parameters.get(expression.name) ?? null };
      case 'array': {
        const values: unknown[] = [];
        for (const element of expression.elements) {
          const literal = this.literal(element);
          if (literal === undefined) {
            return undefined;
          }
          values.push(literal.value);
        }
        return { value: values };
      }
      case 'object': {
        const value: Record<string, unknown> = {};
        for (const member of expression.members) {
          const literal = typeof member.key === 'string' ? this.literal(member.value) : undefined;
          if (literal === undefined) {
            return undefined;
          }
          value[member.key as string] = literal.value;
        }
        return { value };
      }
      default:
        return undefined;
    }
  }

  /** The number of values a FOR over a list enumerates, when known before running. */
  private listLength(source: Expression): number {
    if (source.kind === 'range') {
      const from = this.literal(source.from)?.value;
      const to = this.literal(source.to)?.value;
      return typeof from === 'number' && typeof to === 'number' ? Math.abs(Math.trunc(to) - Math.trunc(from)) + 1 : UNKNOWN_LIST_LENGTH;
    }
    const value = this.literal(source)?.value;
    return Array.isArray(value) ? value.length : UNKNOWN_LIST_LENGTH;
  }

  /** The variable a node reads: the expression's own variable, or what its CalculationNode computed. */
  private input(expression: Expression, calculation: PlanNode | undefined): VariableJson {
    if (calculation !== undefined) {
      return this.calculationOutputs.get(calculation.id)!;
    }
    return this.variable((expression as { variable: Variable }).variable);
  }

  private compiled(expression: Expression, node: PlanNode): CompiledExpression {
    return waits(expression) ? { async: this.compiler.compileAsync(expression, node) } : { sync: this.compiler.compile(expression) };
  }

  planQuery(body: QueryBody, topLevel: boolean): PlannedQuery {
    this.levels.push([]);
    const singleton = this.node('SingletonNode');
    this.describe(singleton, { bindParameterVariables: {} }, { kind: 'singleton' });
    const statements = body.statements;
    const lastLimit = topLevel ? statements.map((statement) => statement.kind).lastIndexOf('limit') : -1;
    const steps: PlannedStep[] = [];
    let terminal: (() => { stage: Stage; returned: ReturnStage | undefined }) | undefined;
    let terminalNodes: PlanNode[] = [];
    for (let index = 0; index < statements.length; index += 1) {
      const statement = statements[index]!;
      const level = this.levels[this.levels.length - 1]!;
      const before = level.length;
      const nodesSince = (): PlanNode[] => level.slice(before).map((described) => ({ id: described.id, type: described.type }));
      if (statement.kind === 'return') {
        const calculation = this.calculation(statement.expression);
        const node = this.node('ReturnNode');
        this.describe(node, { inVariable: this.input(statement.expression, calculation), count: true }, { kind: 'row' });
        const expression = this.compiled(statement.expression, calculation ?? node);
        const isolate = topLevel && mayShareObjects(statement.expression, this.primitiveVariables);
        terminalNodes = nodesSince();
        terminal = () => {
          const stage = new ReturnStage(this.runtime, calculation ?? node, node, expression, statement.distinct, isolate);
          return { stage, returned: stage };
        };
        continue;
      }
      const next = statements[index + 1];
      if (statement.kind === 'for' && next?.kind === 'filter') {
        const lookup = this.planPrimaryLookup(statement, next);
        if (lookup !== undefined) {
          steps.push({ factory: lookup, nodes: nodesSince() });
          index += 1;
          continue;
        }
      }
      const factory = this.planStatement(statement, this.reportFullCount && topLevel && index === lastLimit);
      steps.push({ factory, nodes: nodesSince() });
    }
    const makeTerminal = terminal ?? (() => ({ stage: new DiscardStage(), returned: undefined }));
    const profiler = this.settings.profiler;
    const nodes = this.levels.pop()!;
    return {
      nodes,
      instantiate(initialRow: Row) {
        const context: InstanceContext = { initialRow };
        const end = makeTerminal();
        profiler?.singleton(singleton);
        let stage = profiler === undefined ? end.stage : profiler.wrap(terminalNodes, end.stage, true);
        for (let i = steps.length - 1; i >= 0; i -= 1) {
          const step = steps[i]!;
          const main = step.nodes[step.nodes.length - 1];
          if (profiler === undefined || main === undefined) {
            stage = step.factory(stage, context);
          } else {
            stage = profiler.wrap(step.nodes, step.factory(profiler.output(main, stage), context), false);
          }
        }
        return { start: stage, returned: end.returned };
      },
    };
  }

  /**
   * `FOR d IN coll FILTER d._key == <expression not using d>` as arangod's use-indexes and
   * remove-filter-covered-by-index rules make it: one primary-index lookup per incoming row.
   */
  private planPrimaryLookup(statement: ForStatement, filter: FilterStatement): ContextualFactory | undefined {
    const collection = this.scannedCollection(statement.source);
    const condition = filter.expression;
    if (!this.settings.useIndexes || collection === undefined || condition.kind !== 'binary' || condition.operator !== '==') {
      return undefined;
    }
    const isKeyOfLoop = (side: Expression): boolean =>
      side.kind === 'attribute' && side.name === '_key' && side.object.kind === 'reference' && side.object.variable.id === statement.variable.id;
    const [keySide, valueSide] = isKeyOfLoop(condition.left) ? [condition.left, condition.right] : [condition.right, condition.left];
    if (!isKeyOfLoop(keySide) || usesVariable(valueSide, statement.variable) || waits(valueSide)) {
      return undefined;
    }
    this.readCollection(collection);
    this.rules.add('use-indexes').add('remove-filter-covered-by-index');
    const node = this.node('IndexNode');
    const documents = this.runtime.database.collection(collection)?.count() ?? 0;
    const printer = this.printer;
    this.describe(
      node,
      {
        outVariable: this.variable(statement.variable, true),
        ...READ_FIELDS,
        collection,
        ...SATELLITE_FIELDS,
        strategy: 'document',
        needsGatherNodeSort: false,
        indexCoversProjections: false,
        indexCoversOutProjections: false,
        indexCoversFilterProjections: false,
        indexes: [{ id: '0', type: 'primary', name: 'primary', fields: ['_key'], selectivityEstimate: 1, unique: true, sparse: false }],
        condition: printer.node('n-ary or', {}, [printer.node('n-ary and', {}, [printer.expression({ kind: 'binary', operator: '==', left: keySide, right: valueSide })])]),
        allCoveredByOneIndex: true,
        sorted: true,
        ascending: true,
        evalFCalls: true,
        waitForSync: false,
        limit: 0,
        isLateMaterialized: false,
        lookahead: 1,
      },
      { kind: 'lookup', documents },
    );
    const key = this.compiler.compile(valueSide);
    const runtime = this.runtime;
    const slot = statement.variable.id;
    return (downstream) => new PrimaryIndexStage(runtime, node, collection, key, slot, downstream);
  }

  private planStatement(statement: Exclude<Statement, { kind: 'return' }>, reportsFullCount: boolean): ContextualFactory {
    const runtime = this.runtime;
    switch (statement.kind) {
      case 'for':
        return this.planFor(statement);
      case 'let': {
        const node = this.node('CalculationNode');
        const constant = this.literal(statement.expression);
        const output = this.variable(statement.variable);
        if (constant !== undefined) {
          output.constantValue = constant.value;
        }
        this.describe(
          node,
          {
            expression: this.printer.expression(statement.expression),
            outVariable: output,
            canThrow: false,
            expressionType: constant !== undefined ? 'json' : statement.expression.kind === 'attribute' && statement.expression.object.kind === 'reference' ? 'attribute' : 'simple',
          },
          { kind: 'row' },
        );
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
        this.describe(node, { outVariable: this.variable(statement.variable), isConst: false }, { kind: 'row' }, inner.nodes);
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
        this.describe(node, { inVariable: this.input(statement.expression, calculation) }, { kind: 'row' });
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
      this.readCollection(collection);
      this.describe(
        node,
        {
          random: false,
          indexHint: { forced: false, lookahead: 1, type: 'none' },
          outVariable: this.variable(statement.variable, true),
          ...READ_FIELDS,
          collection,
          ...SATELLITE_FIELDS,
        },
        { kind: 'scan', documents: this.runtime.database.collection(collection)?.count() ?? 0 },
      );
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
    this.describe(
      node,
      { inVariable: this.input(source, calculation), outVariable: this.variable(statement.variable) },
      { kind: 'list', length: this.listLength(source) },
    );
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
    this.describe(
      node,
      {
        elements: statement.elements.map((element, index) => ({ inVariable: this.input(element.expression, calculations[index]), ascending: this.sortDirection(element.direction) })),
        stable: false,
        limit: 0,
        strategy: 'standard',
      },
      { kind: 'sort' },
    );
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
    const node = this.node('LimitNode');
    const offset = this.compiler.constantValue(statement.offset);
    const count = this.compiler.constantValue(statement.count);
    if (offset === undefined || count === undefined) {
      throw limitValueError('LIMIT offset/count values must be constant numeric values');
    }
    const offsetValue = limitValue(offset.value, 'offset');
    const countValue = limitValue(count.value, 'count');
    this.describe(node, { offset: offsetValue, limit: countValue, fullCount: reportsFullCount }, { kind: 'limit', offset: offsetValue, count: countValue });
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
    this.describeCollect(node, statement, expressions, calculations);
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

  private describeCollect(node: PlanNode, statement: CollectStatement, expressions: Expression[], calculations: (PlanNode | undefined)[]): void {
    const inputs = expressions.map((expression, index) => this.input(expression, calculations[index]));
    const groups = statement.groups.map((group, index) => ({ outVariable: this.variable(group.variable), inVariable: inputs[index] }));
    let next = statement.groups.length;
    const aggregates = statement.aggregates.map((aggregate) => {
      const entry: Record<string, unknown> = { outVariable: this.variable(aggregate.variable) };
      if (aggregate.args.length > 0) {
        entry['inVariable'] = inputs[next];
        next += aggregate.args.length;
      }
      entry['type'] = aggregate.functionName;
      return entry;
    });
    const fields: Record<string, unknown> = { groups, aggregates };
    if (statement.into !== undefined) {
      fields['outVariable'] = this.variable(statement.into.variable);
      if (statement.into.expression !== undefined) {
        fields['expressionVariable'] = inputs[next];
      } else {
        fields['keepVariables'] = (statement.into.keep ?? statement.visibleVariables).map((variable) => ({ variable: this.variable(variable) }));
      }
    }
    if (statement.countInto !== undefined) {
      fields['outVariable'] = this.variable(statement.countInto);
      fields['count'] = true;
    }
    fields['collectOptions'] = { method: 'sorted' };
    fields['isDistinctCommand'] = false;
    fields['specialized'] = false;
    this.describe(node, fields, { kind: 'collect', grouped: statement.groups.length > 0 });
  }

  private planModification(statement: ModificationStatement): ContextualFactory {
    const subjectCalculation = this.calculation(statement.subject);
    const withCalculation = statement.with === undefined ? undefined : this.calculation(statement.with);
    const node = this.node(MODIFICATION_NODE_TYPES[statement.kind]);
    const calculationNode = subjectCalculation ?? withCalculation ?? node;
    const collectionName = 'name' in statement.collection ? statement.collection.name : toStringValue(this.parameters.get(statement.collection.parameter));
    const optionsValue = statement.options === undefined ? {} : this.compiler.constantValue(statement.options)?.value;
    this.collections.set(collectionName, 'write');
    const subject = this.input(statement.subject, subjectCalculation);
    const variables: Record<string, unknown> =
      statement.kind === 'insert' || statement.kind === 'remove'
        ? { inVariable: subject }
        : statement.with === undefined
          ? { inDocVariable: subject }
          : { inDocVariable: this.input(statement.with, withCalculation), inKeyVariable: subject };
    if (statement.oldVariable !== undefined) {
      variables['outVariableOld'] = this.variable(statement.oldVariable);
    }
    if (statement.newVariable !== undefined) {
      variables['outVariableNew'] = this.variable(statement.newVariable);
    }
    this.describe(
      node,
      {
        collection: collectionName,
        ...SATELLITE_FIELDS,
        countStats: true,
        producesResults: statement.oldVariable !== undefined || statement.newVariable !== undefined,
        readCompleteInput: false,
        options: isObject(optionsValue) ? optionsValue : {},
        ...variables,
      },
      { kind: 'row' },
    );
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

/** Whether an expression reads a variable (an index lookup's key must not depend on the loop's own document). */
function usesVariable(expression: Expression, variable: Variable): boolean {
  if (expression.kind === 'reference') {
    return expression.variable.id === variable.id;
  }
  return childrenOf(expression).some((child) => usesVariable(child, variable));
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
