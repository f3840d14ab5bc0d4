/**
 * The parsed form of an AQL query. Names are resolved while parsing, as arangod's grammar
 * actions resolve them: every variable reference points at its `Variable`, collection names are
 * checked, subqueries are hoisted into `subquery` statements placed before the statement that
 * uses them (arangod's `LET tmp = (subquery)`).
 */
import type { SourceLocation } from './tokens';

export interface Variable {
  readonly id: number;
  readonly name: string;
  /** False for temporaries the parser makes (subquery results, NEW/OLD, expansion iterators). */
  readonly userDefined: boolean;
}

export type Expression =
  | ValueNode
  | ArrayNode
  | ObjectNode
  | ReferenceNode
  | CollectionNode
  | ParameterNode
  | AttributeNode
  | BoundAttributeNode
  | IndexedNode
  | ExpansionNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | TernaryNode
  | RangeNode
  | CallNode
  | ArrayComparisonNode;

export interface ValueNode {
  kind: 'value';
  value: unknown;
}

export interface ArrayNode {
  kind: 'array';
  elements: Expression[];
}

/** `{ name: value }`, or `{ [expression]: value }` / `{ @param: value }` when `key` is an expression. */
export interface ObjectMember {
  key: string | Expression;
  value: Expression;
}

export interface ObjectNode {
  kind: 'object';
  members: ObjectMember[];
}

export interface ReferenceNode {
  kind: 'reference';
  variable: Variable;
}

/** A collection named in an expression (`FOR x IN coll`, `LENGTH(coll)`, `DOCUMENT(coll, key)`). */
export interface CollectionNode {
  kind: 'collection';
  name: string;
}

/** `@name` (value) or `@@name` (data source, `name` keeps its leading `@`). */
export interface ParameterNode {
  kind: 'parameter';
  name: string;
  dataSource: boolean;
}

export interface AttributeNode {
  kind: 'attribute';
  object: Expression;
  name: string;
}

/** `doc.@attribute`. */
export interface BoundAttributeNode {
  kind: 'boundAttribute';
  object: Expression;
  parameter: ParameterNode;
}

export interface IndexedNode {
  kind: 'indexed';
  object: Expression;
  index: Expression;
}

/** `source[* FILTER ... LIMIT ... RETURN ...]` and the attribute accesses chained after it. */
export interface ExpansionNode {
  kind: 'expansion';
  source: Expression;
  /** Number of `*`: levels above 1 flatten the source first. */
  levels: number;
  iterator: Variable;
  filter?: Expression;
  limitOffset?: Expression;
  limitCount?: Expression;
  projection: Expression;
}

export interface UnaryNode {
  kind: 'unary';
  operator: '-' | '+' | '!';
  operand: Expression;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | ComparisonOperator;

export interface BinaryNode {
  kind: 'binary';
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

export interface LogicalNode {
  kind: 'logical';
  operator: 'and' | 'or';
  left: Expression;
  right: Expression;
}

/** `condition ? whenTrue : whenFalse`; `whenTrue` is absent for `condition ?: whenFalse`. */
export interface TernaryNode {
  kind: 'ternary';
  condition: Expression;
  whenTrue: Expression | undefined;
  whenFalse: Expression;
}

export interface RangeNode {
  kind: 'range';
  from: Expression;
  to: Expression;
}

export interface CallNode {
  kind: 'call';
  /** Canonical upper-case name (aliases resolved to the function they stand for). */
  name: string;
  /** The name as the query spelled it (arangod uses it in arity errors). */
  spelled: string;
  args: Expression[];
}

export interface ArrayComparisonNode {
  kind: 'arrayComparison';
  quantifier: 'all' | 'any' | 'none';
  operator: ComparisonOperator;
  left: Expression;
  right: Expression;
}

export type Statement =
  | ForStatement
  | LetStatement
  | SubqueryStatement
  | FilterStatement
  | SortStatement
  | LimitStatement
  | CollectStatement
  | ReturnStatement
  | ModificationStatement;

export interface ForStatement {
  kind: 'for';
  variable: Variable;
  /** A `collection` or data-source `parameter` node means a collection scan. */
  source: Expression;
  location: SourceLocation;
}

export interface LetStatement {
  kind: 'let';
  variable: Variable;
  expression: Expression;
}

/** `LET variable = (query)`, also what the parser makes of a subquery inside an expression. */
export interface SubqueryStatement {
  kind: 'subquery';
  variable: Variable;
  query: QueryBody;
}

export interface FilterStatement {
  kind: 'filter';
  expression: Expression;
}

export interface SortElement {
  expression: Expression;
  /** `ASC`/`DESC` become boolean values; a literal or bind parameter is read at compile time. */
  direction: Expression;
}

export interface SortStatement {
  kind: 'sort';
  elements: SortElement[];
}

export interface LimitStatement {
  kind: 'limit';
  offset: Expression;
  count: Expression;
}

export interface CollectGroup {
  variable: Variable;
  expression: Expression;
}

export interface CollectAggregate {
  variable: Variable;
  /** Canonical aggregate function name (LENGTH, MIN, ...). */
  functionName: string;
  args: Expression[];
}

export interface CollectStatement {
  kind: 'collect';
  groups: CollectGroup[];
  aggregates: CollectAggregate[];
  /** `INTO variable [= expression]`, or `INTO variable KEEP ...`. */
  into?: { variable: Variable; expression?: Expression; keep?: Variable[] };
  countInto?: Variable;
  /** User variables visible before the COLLECT, which `INTO g` collects. */
  visibleVariables: Variable[];
}

export interface ReturnStatement {
  kind: 'return';
  expression: Expression;
  distinct: boolean;
}

/** The collection a modification writes to: a name, or a `@@param` resolved when binding. */
export type CollectionTarget = { name: string } | { parameter: string };

export interface ModificationStatement {
  kind: 'insert' | 'update' | 'replace' | 'remove';
  /** INSERT: the document; UPDATE/REPLACE: the key or document; REMOVE: the key or document. */
  subject: Expression;
  /** UPDATE/REPLACE `subject WITH document`: the new values. */
  with?: Expression;
  collection: CollectionTarget;
  options?: ObjectNode;
  newVariable?: Variable;
  oldVariable?: Variable;
  location: SourceLocation;
}

export interface QueryBody {
  statements: Statement[];
}
