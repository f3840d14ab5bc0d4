/**
 * Parsing of AQL statements (FOR, LET, FILTER, SORT, LIMIT, COLLECT, RETURN, INSERT, UPDATE,
 * REPLACE, REMOVE) into a `QueryBody`, with the scoping and the checks of arangod's grammar
 * actions. Features outside the sandbox's subset stop with a 501 "not implemented" error.
 */
import { ArangoError, ErrorNum } from '../errors';
import { AqlErrorNum, collectionNotFoundInQuery, notImplemented, unknownFunction, variableRedeclared } from './aqlErrors';
import type {
  CollectAggregate,
  CollectGroup,
  CollectionTarget,
  CollectStatement,
  Expression,
  ModificationStatement,
  ObjectNode,
  QueryBody,
  SortElement,
  Statement,
  Variable,
} from './ast';
import { AGGREGATE_FUNCTIONS, findFunction } from './functions/catalog';
import { ExpressionParser, STATEMENT_STARTS, type ParserEnvironment } from './expressionParser';
import type { Token, TokenKind } from './tokens';

/** A parsed query, ready for binding and compiling. */
export interface ParsedQuery {
  body: QueryBody;
  /** Bind parameter names the query uses, as bindVars names them (`x`, `@coll`). */
  declaredParameters: ReadonlySet<string>;
  /** How many variables the query has (the executor's row width). */
  variableCount: number;
}

type QueryContext = 'top' | 'parenthesized' | 'argument';

const GRAPH_TOKENS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'OUTBOUND',
  'INBOUND',
  'ANY',
  'SHORTEST_PATH',
  'K_SHORTEST_PATHS',
  'K_PATHS',
  'ALL_SHORTEST_PATHS',
  'GRAPH',
]);

const SORT_DIRECTION_VALUES: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'QUOTED_STRING',
  'INTEGER',
  'DOUBLE',
  'NULL',
  'TRUE',
  'FALSE',
  'PARAMETER',
  'DATASOURCE_PARAMETER',
]);

class QueryParser extends ExpressionParser {
  constructor(query: string, environment: ParserEnvironment) {
    super(query, environment);
  }

  parseTop(): ParsedQuery {
    this.scopes.start('main');
    this.statementLists.push([]);
    this.parseWith();
    this.parseStatements('top');
    return { body: { statements: this.statementLists.pop()! }, declaredParameters: this.declaredParameters, variableCount: this.scopes.variableCount() };
  }

  protected parseSubquery(context: 'parenthesized' | 'argument'): QueryBody {
    this.scopes.start('subquery');
    this.statementLists.push([]);
    this.parseStatements(context);
    this.scopes.endCurrent();
    return { statements: this.statementLists.pop()! };
  }

  /** `WITH coll1, coll2` at the start of a query: declares collections, which must exist. */
  private parseWith(): void {
    if (this.accept('WITH') === undefined) {
      return;
    }
    const names: TokenKind[] = ['IDENTIFIER', 'PARAMETER', 'DATASOURCE_PARAMETER'];
    this.readWithCollection(names);
    for (;;) {
      if (this.accept('COMMA') !== undefined) {
        this.readWithCollection(names);
      } else if (names.includes(this.peek().kind)) {
        this.readWithCollection(names);
      } else {
        return;
      }
    }
  }

  private readWithCollection(names: TokenKind[]): void {
    const token = this.peek();
    if (!names.includes(token.kind)) {
      this.unexpected(names);
    }
    this.next();
    if (token.kind === 'IDENTIFIER') {
      if (!this.environment.collectionExists(token.text)) {
        throw collectionNotFoundInQuery(token.text);
      }
    } else {
      this.parameter(token);
    }
  }

  private parseStatements(context: QueryContext): void {
    for (;;) {
      const token = this.peek();
      switch (token.kind) {
        case 'FOR':
          this.parseFor();
          break;
        case 'LET':
          this.parseLet();
          break;
        case 'FILTER':
          this.next();
          this.push({ kind: 'filter', expression: this.parseExpression() });
          break;
        case 'SORT':
          this.parseSort();
          break;
        case 'LIMIT':
          this.parseLimit();
          break;
        case 'COLLECT':
          this.parseCollect();
          break;
        case 'WINDOW':
          throw notImplemented('WINDOW');
        case 'UPSERT':
          throw notImplemented('UPSERT');
        case 'RETURN':
          this.parseReturn();
          this.finish(context);
          return;
        case 'INSERT':
        case 'UPDATE':
        case 'REPLACE':
        case 'REMOVE': {
          this.parseModification();
          const following = this.peek().kind;
          if (STATEMENT_STARTS.has(following)) {
            break;
          }
          if (following !== 'END' && following !== 'CLOSE' && following !== 'COMMA') {
            this.unexpected([]);
          }
          this.scopes.endNested();
          this.finish(context);
          return;
        }
        default:
          this.unexpected([]);
      }
    }
  }

  /** After the final statement: the end of the query, or the end of the subquery or argument. */
  private finish(context: QueryContext): void {
    const following = this.peek().kind;
    if (context === 'top' && following !== 'END') {
      this.unexpected(['END']);
    }
    if (context === 'parenthesized' && following !== 'CLOSE') {
      this.unexpected(['CLOSE']);
    }
    if (context === 'argument' && following !== 'CLOSE' && following !== 'COMMA') {
      this.unexpected(['CLOSE']);
    }
  }

  private push(statement: Statement): void {
    this.currentStatements().push(statement);
  }

  /** Declares a user variable: 1511 when the name is already visible (Ast::createNodeVariable). */
  private declare(name: string): Variable {
    if (this.scopes.exists(name)) {
      throw variableRedeclared(name);
    }
    const variable = this.scopes.create(name, true);
    this.scopes.add(variable);
    return variable;
  }

  private parseFor(): void {
    const forToken = this.next();
    const names = [this.expect('IDENTIFIER')];
    while (this.accept('COMMA') !== undefined) {
      names.push(this.expect('IDENTIFIER'));
    }
    this.expect('IN', ['IN']);
    if (GRAPH_TOKENS.has(this.peek().kind)) {
      throw notImplemented('graph traversals and path searches');
    }
    const source = this.parseExpression(false, true);
    if (GRAPH_TOKENS.has(this.peek().kind)) {
      throw notImplemented('graph traversals and path searches');
    }
    if (names.length > 1) {
      this.failAt('Collections and views FOR loops only allow a single return variable', forToken.location);
    }
    this.scopes.start('for');
    const variable = this.declare(names[0]!.text);
    this.parseForOptions();
    this.push({ kind: 'for', variable, source, location: forToken.location });
  }

  /** `FOR ... OPTIONS {...}` is accepted (index hints mean nothing here); `SEARCH` needs views. */
  private parseForOptions(): void {
    const qualifier = this.peek();
    if (qualifier.kind !== 'IDENTIFIER') {
      return;
    }
    this.next();
    if (qualifier.text.toUpperCase() === 'SEARCH') {
      throw notImplemented('SEARCH (ArangoSearch views)');
    }
    const options = this.parseExpression();
    if (qualifier.text.toUpperCase() !== 'OPTIONS') {
      this.failAt(`unexpected qualifier '${qualifier.text}', expecting 'SEARCH' or 'OPTIONS'`);
    }
    this.validateOptions(options);
  }

  /** grammar.y's validateOptions: OPTIONS must be an object literal known at compile time. */
  private validateOptions(options: Expression): void {
    if (options.kind !== 'object') {
      this.failAt("'OPTIONS' have to be an object");
    }
    if (!isConstant(options)) {
      this.failAt("'OPTIONS' have to be known at query compile time", this.peek().location, AqlErrorNum.COMPILE_TIME_OPTIONS);
    }
  }

  private parseLet(): void {
    this.next();
    for (;;) {
      const name = this.expect('IDENTIFIER');
      this.expect('ASSIGN');
      const expression = this.parseExpression();
      const variable = this.declare(name.text);
      this.push({ kind: 'let', variable, expression });
      if (this.accept('COMMA') === undefined) {
        return;
      }
    }
  }

  private parseSort(): void {
    this.next();
    const elements: SortElement[] = [];
    for (;;) {
      const expression = this.parseExpression();
      let direction: Expression = { kind: 'value', value: true };
      const next = this.peek();
      if (next.kind === 'ASC' || next.kind === 'DESC') {
        this.next();
        direction = { kind: 'value', value: next.kind === 'ASC' };
      } else if (SORT_DIRECTION_VALUES.has(next.kind)) {
        direction = this.simpleValue(this.next());
      }
      elements.push({ expression, direction });
      if (this.accept('COMMA') === undefined) {
        break;
      }
    }
    this.push({ kind: 'sort', elements });
  }

  private simpleValue(token: Token): Expression {
    switch (token.kind) {
      case 'PARAMETER':
      case 'DATASOURCE_PARAMETER':
        return this.parameter(token);
      case 'QUOTED_STRING':
        return { kind: 'value', value: token.text };
      case 'INTEGER':
      case 'DOUBLE':
        return { kind: 'value', value: token.number ?? 0 };
      default:
        return { kind: 'value', value: token.kind === 'NULL' ? null : token.kind === 'TRUE' };
    }
  }

  private parseLimit(): void {
    this.next();
    const first = this.parseExpression();
    if (this.accept('COMMA') !== undefined) {
      this.push({ kind: 'limit', offset: first, count: this.parseExpression() });
    } else {
      this.push({ kind: 'limit', offset: { kind: 'value', value: 0 }, count: first });
    }
  }

  private parseReturn(): void {
    this.next();
    let distinct = false;
    const modifier = this.peek();
    if (modifier.kind === 'DISTINCT') {
      this.next();
      const scope = this.scopes.kind();
      if (scope === 'main' || scope === 'subquery') {
        this.failAt('cannot use DISTINCT modifier on top-level query element', modifier.location);
      }
      distinct = true;
    }
    this.push({ kind: 'return', expression: this.parseExpression(), distinct });
    this.scopes.endNested();
  }

  private parseCollect(): void {
    this.next();
    const visibleVariables = this.scopes.visibleUserVariables();
    const groupSpecs: { name: string; expression: Expression }[] = [];
    const aggregateSpecs: { name: string; functionName: string; args: Expression[] }[] = [];
    let countName: string | undefined;
    let into: { name: string; expression?: Expression } | undefined;
    let keepNames: string[] | undefined;

    const kind = this.peek().kind;
    if (kind !== 'WITH' && kind !== 'AGGREGATE') {
      for (;;) {
        const name = this.expect('IDENTIFIER');
        this.expect('ASSIGN');
        groupSpecs.push({ name: name.text, expression: this.parseExpression() });
        if (this.accept('COMMA') === undefined) {
          break;
        }
      }
    }
    if (this.peek().kind === 'WITH') {
      countName = this.parseCountInto();
    } else {
      if (this.peek().kind === 'AGGREGATE') {
        this.parseAggregates(aggregateSpecs);
      }
      into = this.parseInto();
      if (groupSpecs.length > 0 && aggregateSpecs.length === 0 && this.peek().kind === 'IDENTIFIER' && this.peek(1).kind !== 'OBJECT_OPEN') {
        keepNames = this.parseKeep(into !== undefined);
      }
    }
    this.parseStatementOptions();
    for (const aggregate of aggregateSpecs) {
      if (!AGGREGATE_FUNCTIONS.has(aggregate.functionName)) {
        this.failAt('unknown aggregate function used', this.peek().location, AqlErrorNum.INVALID_AGGREGATE_EXPRESSION);
      }
    }

    // startCollectScope: a COLLECT ends the FOR scopes of its (sub)query.
    const scope = this.scopes.kind();
    if (scope !== 'main' && scope !== 'subquery') {
      this.scopes.endNested();
      this.scopes.start('collect');
    }
    const groups: CollectGroup[] = groupSpecs.map((group) => ({ variable: this.declare(group.name), expression: group.expression }));
    const aggregates: CollectAggregate[] = aggregateSpecs.map((aggregate) => ({
      variable: this.declare(aggregate.name),
      functionName: aggregate.functionName,
      args: aggregate.args,
    }));
    const statement: CollectStatement = { kind: 'collect', groups, aggregates, visibleVariables };
    if (into !== undefined) {
      const keep = keepNames?.flatMap((name) => visibleVariables.filter((variable) => variable.name === name));
      statement.into = { variable: this.declare(into.name) };
      if (into.expression !== undefined) {
        statement.into.expression = into.expression;
      }
      if (keep !== undefined) {
        statement.into.keep = keep;
      }
    }
    if (countName !== undefined) {
      statement.countInto = this.declare(countName);
    }
    this.push(statement);
  }

  /** `WITH COUNT INTO name`: COUNT is a plain identifier arangod checks by name. */
  private parseCountInto(): string {
    this.next();
    const qualifier = this.expect('IDENTIFIER');
    this.expect('INTO', ['INTO']);
    const name = this.expect('IDENTIFIER');
    if (qualifier.text.toUpperCase() !== 'COUNT') {
      this.failAt(`unexpected qualifier '${qualifier.text}', expecting 'COUNT'`, name.location);
    }
    return name.text;
  }

  private parseAggregates(into: { name: string; functionName: string; args: Expression[] }[]): void {
    this.next();
    for (;;) {
      const name = this.expect('IDENTIFIER');
      this.expect('ASSIGN');
      const functionToken = this.expect('IDENTIFIER');
      this.expect('OPEN', ['SCOPE', 'OPEN']);
      const args = this.parseArguments();
      // Aggregates are checked by name, not by the argument count of the function (PUSH(x)).
      const signature = findFunction(functionToken.text.toUpperCase());
      if (signature === undefined) {
        throw unknownFunction(functionToken.text.toUpperCase());
      }
      into.push({ name: name.text, functionName: signature.name, args });
      if (this.accept('COMMA') === undefined) {
        return;
      }
    }
  }

  private parseInto(): { name: string; expression?: Expression } | undefined {
    if (this.accept('INTO') === undefined) {
      return undefined;
    }
    const name = this.expect('IDENTIFIER');
    if (this.accept('ASSIGN') === undefined) {
      return { name: name.text };
    }
    return { name: name.text, expression: this.parseExpression() };
  }

  /** `KEEP a, b` after `INTO`: the variables to keep in the groups, which must exist. */
  private parseKeep(hasInto: boolean): string[] {
    const qualifier = this.next();
    const names: string[] = [];
    for (;;) {
      const name = this.expect('IDENTIFIER');
      if (!this.scopes.exists(name.text)) {
        this.failAt(`use of unknown variable '${name.text}' for KEEP`);
      }
      names.push(name.text);
      if (this.accept('COMMA') === undefined) {
        break;
      }
    }
    if (qualifier.text.toUpperCase() !== 'KEEP') {
      this.failAt(`unexpected qualifier '${qualifier.text}', expecting 'KEEP'`);
    }
    if (!hasInto) {
      this.failAt("use of 'KEEP' without 'INTO'");
    }
    return names;
  }

  /** `OPTIONS {...}` after COLLECT or a modification (grammar.y's `options` rule). */
  private parseStatementOptions(): ObjectNode | undefined {
    if (this.peek().kind !== 'IDENTIFIER') {
      return undefined;
    }
    const qualifier = this.next();
    if (this.peek().kind !== 'OBJECT_OPEN') {
      this.unexpected(['OBJECT_OPEN']);
    }
    const options = this.parseObject();
    if (qualifier.text.toUpperCase() !== 'OPTIONS') {
      this.failAt(`unexpected qualifier '${qualifier.text}', expecting 'OPTIONS'`);
    }
    this.validateOptions(options);
    return options;
  }

  private parseModification(): void {
    const keyword = this.next();
    const kind = keyword.kind === 'INSERT' ? 'insert' : keyword.kind === 'UPDATE' ? 'update' : keyword.kind === 'REPLACE' ? 'replace' : 'remove';
    const subject = this.parseExpression(true);
    let withExpression: Expression | undefined;
    if ((kind === 'update' || kind === 'replace') && this.accept('WITH') !== undefined) {
      withExpression = this.parseExpression(true);
    }
    const preposition = this.peek().kind;
    if (preposition !== 'IN' && preposition !== 'INTO') {
      this.unexpected([]);
    }
    this.next();
    const collection = this.parseCollectionName();
    const options = this.parseStatementOptions();
    const statement: ModificationStatement = { kind, subject, collection, location: keyword.location };
    if (withExpression !== undefined) {
      statement.with = withExpression;
    }
    if (options !== undefined) {
      statement.options = options;
    }
    const overwrites = options?.members.some((member) => member.key === 'overwrite' || member.key === 'overwriteMode') ?? false;
    if (kind !== 'insert' || overwrites) {
      statement.oldVariable = this.declareSpecial('$OLD');
    }
    if (kind !== 'remove') {
      statement.newVariable = this.declareSpecial('$NEW');
    }
    this.push(statement);
  }

  /** NEW and OLD: redeclaring them (a second modification) shadows the earlier ones. */
  private declareSpecial(name: string): Variable {
    const variable = this.scopes.create(name, false);
    this.scopes.add(variable);
    return variable;
  }

  private parseCollectionName(): CollectionTarget {
    const token = this.peek();
    if (token.kind === 'IDENTIFIER' || token.kind === 'QUOTED_STRING') {
      this.next();
      if (!this.environment.collectionExists(token.text)) {
        throw collectionNotFoundInQuery(token.text);
      }
      return { name: token.text };
    }
    if (token.kind === 'DATASOURCE_PARAMETER') {
      this.next();
      this.parameter(token);
      return { parameter: token.text };
    }
    return this.unexpected(['IDENTIFIER', 'QUOTED_STRING', 'DATASOURCE_PARAMETER']);
  }
}

/** Whether an expression is known at compile time (literals, bind parameters, arrays/objects of them). */
export function isConstant(expression: Expression): boolean {
  switch (expression.kind) {
    case 'value':
    case 'parameter':
      return true;
    case 'array':
      return expression.elements.every(isConstant);
    case 'object':
      return expression.members.every((member) => (typeof member.key === 'string' || isConstant(member.key)) && isConstant(member.value));
    case 'unary':
      return isConstant(expression.operand);
    default:
      return false;
  }
}

/** Parses a query; throws arangod's parse-time errors (1501, 1203, 1511, 1540, 1541, 501...). */
export function parseQuery(query: string, environment: ParserEnvironment): ParsedQuery {
  if (query.length === 0) {
    throw new ArangoError(400, ErrorNum.QUERY_EMPTY, 'query is empty');
  }
  return new QueryParser(query, environment).parseTop();
}
