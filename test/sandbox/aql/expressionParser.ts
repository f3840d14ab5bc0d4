/**
 * Parsing of AQL expressions, with the operator precedences of arangod's grammar.y
 * (lowest first: `? :`, OR, AND, ALL/ANY/NONE, AT LEAST, `== != LIKE =~ !~`, `IN NOT IN`,
 * `< > <= >=`, `..`, `+ -`, `* / %`, unary operators, then attribute and index access).
 *
 * Syntax errors name the tokens bison would name: where bison's state (after its default
 * reductions) accepts at most four tokens, they are listed as `expecting ...`.
 */
import { ErrorNum } from '../errors';
import { collectionNotFoundInQuery, notImplemented, unknownFunction, wrongArgumentCount } from './aqlErrors';
import type {
  BinaryOperator,
  ComparisonOperator,
  ExpansionNode,
  Expression,
  ObjectMember,
  ObjectNode,
  ParameterNode,
  QueryBody,
  Statement,
  Variable,
} from './ast';
import { findFunction } from './functions/catalog';
import { isImplemented } from './functions/registry';
import { Lexer } from './lexer';
import { Scopes } from './scopes';
import { parseError, unexpectedToken } from './syntaxErrors';
import type { SourceLocation, Token, TokenKind } from './tokens';

/** What the parser asks about the database while it resolves names. */
export interface ParserEnvironment {
  collectionExists(name: string): boolean;
}

/** Tokens that start a statement (bison's state at a statement boundary accepts these 13). */
export const STATEMENT_STARTS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  'FOR',
  'LET',
  'FILTER',
  'COLLECT',
  'SORT',
  'LIMIT',
  'WINDOW',
  'RETURN',
  'REMOVE',
  'INSERT',
  'UPDATE',
  'REPLACE',
  'UPSERT',
]);

const COMPARISON_OPERATORS: ReadonlyMap<TokenKind, ComparisonOperator> = new Map<TokenKind, ComparisonOperator>([
  ['EQ', '=='],
  ['NE', '!='],
  ['LT', '<'],
  ['LE', '<='],
  ['GT', '>'],
  ['GE', '>='],
  ['IN', 'in'],
  ['NOT_IN', 'not in'],
]);

const ARITHMETIC_OPERATORS: ReadonlyMap<TokenKind, BinaryOperator> = new Map<TokenKind, BinaryOperator>([
  ['PLUS', '+'],
  ['MINUS', '-'],
  ['TIMES', '*'],
  ['DIV', '/'],
  ['MOD', '%'],
]);

/** grammar.y's %left/%right levels, as binding strength of a token in operator position. */
const PRECEDENCE: ReadonlyMap<TokenKind, number> = new Map<TokenKind, number>([
  ['QUESTION', 1],
  ['OR', 4],
  ['AND', 5],
  ['ALL', 6],
  ['ANY', 6],
  ['NONE', 6],
  ['AT_LEAST', 7],
  ['EQ', 8],
  ['NE', 8],
  ['LIKE', 8],
  ['REGEX_MATCH', 8],
  ['REGEX_NON_MATCH', 8],
  ['IN', 9],
  ['NOT_IN', 9],
  ['NOT', 9],
  ['LT', 10],
  ['GT', 10],
  ['LE', 10],
  ['GE', 10],
  ['RANGE', 11],
  ['PLUS', 12],
  ['MINUS', 12],
  ['TIMES', 13],
  ['DIV', 13],
  ['MOD', 13],
]);

const UNARY_PRECEDENCE = 14;
const LIKE_PRECEDENCE = 8;

/** Tokens a write statement's `IN collection` may be followed by (then IN is not an operator). */
const AFTER_COLLECTION_CLAUSE: ReadonlySet<TokenKind> = new Set<TokenKind>([...STATEMENT_STARTS, 'END', 'CLOSE', 'COMMA', 'IDENTIFIER']);

/** Reads tokens ahead on demand. */
class TokenStream {
  private readonly lexer: Lexer;
  private readonly buffer: Token[] = [];

  constructor(query: string) {
    this.lexer = new Lexer(query);
  }

  peek(ahead = 0): Token {
    while (this.buffer.length <= ahead) {
      this.buffer.push(this.lexer.next());
    }
    return this.buffer[ahead]!;
  }

  next(): Token {
    const token = this.peek();
    this.buffer.shift();
    return token;
  }
}

export abstract class ExpressionParser {
  protected readonly tokens: TokenStream;
  protected readonly scopes = new Scopes();
  /** Bind parameters the query declares, as bindVars names them (`x`, `@coll`), in order of use. */
  readonly declaredParameters = new Set<string>();
  /** Where hoisted subqueries go: the statement list of the (sub)query being parsed. */
  protected readonly statementLists: Statement[][] = [];
  private expansionDepth = 0;
  private temporaryCount = 0;

  protected constructor(
    protected readonly query: string,
    protected readonly environment: ParserEnvironment,
  ) {
    this.tokens = new TokenStream(query);
  }

  /** Parses the body of a subquery, `(FOR ...)` or a query used as a function argument. */
  protected abstract parseSubquery(context: 'parenthesized' | 'argument'): QueryBody;

  protected peek(ahead = 0): Token {
    return this.tokens.peek(ahead);
  }

  protected next(): Token {
    return this.tokens.next();
  }

  protected accept(kind: TokenKind): Token | undefined {
    return this.peek().kind === kind ? this.next() : undefined;
  }

  /** The next token, which must be `kind`; otherwise a syntax error naming `expected`. */
  protected expect(kind: TokenKind, expected: readonly TokenKind[] = [kind]): Token {
    if (this.peek().kind !== kind) {
      this.unexpected(expected);
    }
    return this.next();
  }

  protected unexpected(expected: readonly TokenKind[] = []): never {
    throw unexpectedToken(this.query, this.peek(), expected);
  }

  /** A parse error of a grammar action (registerParseError), at `location` or the lookahead. */
  protected failAt(message: string, location: SourceLocation = this.peek().location, errorNum: number = ErrorNum.QUERY_PARSE): never {
    throw parseError(this.query, message, location, errorNum);
  }

  /** arangod names its temporaries by number. */
  protected nextTemporaryName(): string {
    this.temporaryCount += 1;
    return String(this.temporaryCount);
  }

  protected temporaryVariable(): Variable {
    return this.scopes.create(this.nextTemporaryName(), false);
  }

  protected currentStatements(): Statement[] {
    return this.statementLists[this.statementLists.length - 1]!;
  }

  /** A full expression. In a write statement, `IN collection` ends it instead of being an operator. */
  parseExpression(stopAtCollectionIn = false, forSource = false): Expression {
    return this.parseBinary(1, stopAtCollectionIn, forSource);
  }

  private parseBinary(minimum: number, stopAtCollectionIn = false, forSource = false): Expression {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const precedence = PRECEDENCE.get(token.kind);
      if (precedence === undefined || precedence < minimum) {
        return left;
      }
      if (stopAtCollectionIn && token.kind === 'IN' && this.startsCollectionClause()) {
        return left;
      }
      if (forSource && token.kind === 'ANY' && !COMPARISON_OPERATORS.has(this.peek(1).kind)) {
        // `FOR v IN 1..3 ANY start GRAPH g`: the depth of a traversal, left to the FOR parser.
        return left;
      }
      left = this.parseOperator(left, token, precedence);
    }
  }

  private parseOperator(left: Expression, token: Token, precedence: number): Expression {
    this.next();
    switch (token.kind) {
      case 'QUESTION':
        return this.parseTernary(left);
      case 'OR':
      case 'AND':
        return { kind: 'logical', operator: token.kind === 'OR' ? 'or' : 'and', left, right: this.parseBinary(precedence + 1) };
      case 'LIKE':
        return this.call('LIKE', [left, this.parseBinary(precedence + 1)]);
      case 'REGEX_MATCH':
        return this.call('REGEX_TEST', [left, this.parseBinary(precedence + 1)]);
      case 'REGEX_NON_MATCH':
        return this.not(this.call('REGEX_TEST', [left, this.parseBinary(precedence + 1)]));
      case 'NOT':
        return this.parseNegatedMatch(left);
      case 'ALL':
      case 'ANY':
      case 'NONE':
        return this.parseArrayComparison(left, token.kind);
      case 'AT_LEAST':
        throw notImplemented('the AT LEAST array comparison operator');
      case 'RANGE':
        return { kind: 'range', from: left, to: this.parseBinary(precedence + 1) };
      default: {
        const operator = COMPARISON_OPERATORS.get(token.kind) ?? ARITHMETIC_OPERATORS.get(token.kind)!;
        return { kind: 'binary', operator, left, right: this.parseBinary(precedence + 1) };
      }
    }
  }

  private parseTernary(condition: Expression): Expression {
    if (this.accept('COLON') !== undefined) {
      return { kind: 'ternary', condition, whenTrue: undefined, whenFalse: this.parseBinary(1) };
    }
    const whenTrue = this.parseBinary(1);
    this.expect('COLON', []);
    return { kind: 'ternary', condition, whenTrue, whenFalse: this.parseBinary(1) };
  }

  /** `a NOT LIKE b`, `a NOT =~ b`, `a NOT !~ b` (grammar.y: T_NOT followed by the operator). */
  private parseNegatedMatch(left: Expression): Expression {
    const operator = this.peek().kind;
    if (operator !== 'LIKE' && operator !== 'REGEX_MATCH' && operator !== 'REGEX_NON_MATCH') {
      this.unexpected(['REGEX_MATCH', 'REGEX_NON_MATCH', 'LIKE']);
    }
    this.next();
    const right = this.parseBinary(LIKE_PRECEDENCE + 1);
    if (operator === 'LIKE') {
      return this.not(this.call('LIKE', [left, right]));
    }
    const test = this.call('REGEX_TEST', [left, right]);
    return operator === 'REGEX_MATCH' ? this.not(test) : test;
  }

  private parseArrayComparison(left: Expression, quantifier: 'ALL' | 'ANY' | 'NONE'): Expression {
    const operator = COMPARISON_OPERATORS.get(this.peek().kind);
    if (operator === undefined) {
      this.unexpected([]);
    }
    const precedence = PRECEDENCE.get(this.next().kind)!;
    return {
      kind: 'arrayComparison',
      quantifier: quantifier === 'ALL' ? 'all' : quantifier === 'ANY' ? 'any' : 'none',
      operator,
      left,
      right: this.parseBinary(precedence + 1),
    };
  }

  /** In `INSERT doc IN coll`, the IN starts the collection clause when a name and an end follow. */
  private startsCollectionClause(): boolean {
    const name = this.peek(1).kind;
    return (name === 'IDENTIFIER' || name === 'QUOTED_STRING' || name === 'DATASOURCE_PARAMETER') && AFTER_COLLECTION_CLAUSE.has(this.peek(2).kind);
  }

  private not(operand: Expression): Expression {
    return { kind: 'unary', operator: '!', operand };
  }

  private call(name: string, args: Expression[]): Expression {
    return { kind: 'call', name, spelled: name, args };
  }

  private parseUnary(): Expression {
    const token = this.peek();
    if (token.kind === 'PLUS' || token.kind === 'MINUS' || token.kind === 'NOT') {
      this.next();
      const operand = this.parseBinary(UNARY_PRECEDENCE);
      if (token.kind === 'NOT') {
        return this.not(operand);
      }
      // Ast::optimizeUnaryOperatorArithmetic folds signs into numeric literals.
      if (operand.kind === 'value' && typeof operand.value === 'number') {
        return { kind: 'value', value: token.kind === 'MINUS' ? -operand.value : operand.value };
      }
      return { kind: 'unary', operator: token.kind === 'MINUS' ? '-' : '+', operand };
    }
    switch (token.kind) {
      case 'NULL':
        this.next();
        return { kind: 'value', value: null };
      case 'TRUE':
      case 'FALSE':
        this.next();
        return { kind: 'value', value: token.kind === 'TRUE' };
      case 'QUOTED_STRING':
        this.next();
        return { kind: 'value', value: token.text };
      case 'INTEGER':
      case 'DOUBLE':
        this.next();
        return { kind: 'value', value: token.number ?? 0 };
      default:
        return this.parsePostfix(this.parseReference());
    }
  }

  /** What grammar.y calls a `reference`: the operands that attribute and index access apply to. */
  private parseReference(): Expression {
    const token = this.peek();
    switch (token.kind) {
      case 'IDENTIFIER': {
        const following = this.peek(1).kind;
        if (following === 'OPEN' || following === 'SCOPE') {
          return this.parseFunctionCall();
        }
        this.next();
        return this.resolveName(token.text);
      }
      case 'LIKE':
        return this.parseFunctionCall();
      case 'PARAMETER':
      case 'DATASOURCE_PARAMETER':
        this.next();
        return this.parameter(token);
      case 'OPEN':
        return this.parseParenthesized();
      case 'ARRAY_OPEN':
        return this.parseArray();
      case 'OBJECT_OPEN':
        return this.parseObject();
      default:
        return this.unexpected([]);
    }
  }

  protected parameter(token: Token): ParameterNode {
    const dataSource = token.kind === 'DATASOURCE_PARAMETER';
    this.declaredParameters.add(token.text);
    return { kind: 'parameter', name: token.text, dataSource };
  }

  /** A name in an expression: a variable, or else a collection (arangod's createNodeDataSource). */
  private resolveName(name: string): Expression {
    const variable = this.lookupVariable(name);
    if (variable !== undefined) {
      return { kind: 'reference', variable };
    }
    if (!this.environment.collectionExists(name)) {
      throw collectionNotFoundInQuery(name);
    }
    return { kind: 'collection', name };
  }

  /** A visible variable, including the special names CURRENT, NEW and OLD. */
  protected lookupVariable(name: string): Variable | undefined {
    const variable = this.scopes.lookup(name);
    if (variable !== undefined) {
      return variable;
    }
    if (name === 'CURRENT' || name === '$CURRENT') {
      return this.scopes.current();
    }
    if (name === 'NEW' || name === 'OLD') {
      return this.scopes.lookup(`$${name}`);
    }
    return undefined;
  }

  private parseParenthesized(): Expression {
    this.next();
    if (STATEMENT_STARTS.has(this.peek().kind)) {
      const body = this.parseSubquery('parenthesized');
      this.expect('CLOSE', ['CLOSE']);
      return this.hoist(body);
    }
    const inner = this.parseExpression();
    this.expect('CLOSE', []);
    // grammar.y: a parenthesized expansion is evaluated first and not chained with later ones.
    return inner.kind === 'expansion' ? { kind: 'call', name: 'PASSTHRU', spelled: 'PASSTHRU', args: [inner] } : inner;
  }

  /** Puts a subquery before the current statement, as `LET tmp = (subquery)`, and refers to it. */
  protected hoist(body: QueryBody): Expression {
    if (this.expansionDepth > 0) {
      throw notImplemented('subqueries inside array expansions');
    }
    const variable = this.temporaryVariable();
    this.currentStatements().push({ kind: 'subquery', variable, query: body });
    return { kind: 'reference', variable };
  }

  private parseFunctionCall(): Expression {
    const start = this.next();
    let spelled = start.kind === 'LIKE' ? 'LIKE' : start.text;
    while (this.accept('SCOPE') !== undefined) {
      spelled += `::${this.expect('IDENTIFIER').text}`;
    }
    this.expect('OPEN', ['SCOPE', 'OPEN']);
    const args = this.parseArguments();
    return this.createCall(spelled, args);
  }

  /** Function arguments up to the closing parenthesis; each may be a query (`LENGTH(FOR ...)`). */
  protected parseArguments(): Expression[] {
    const args: Expression[] = [];
    if (this.accept('CLOSE') !== undefined) {
      return args;
    }
    for (;;) {
      if (STATEMENT_STARTS.has(this.peek().kind)) {
        args.push(this.hoist(this.parseSubquery('argument')));
      } else {
        args.push(this.parseExpression());
      }
      if (this.accept('COMMA') === undefined) {
        this.expect('CLOSE', ['CLOSE']);
        return args;
      }
    }
  }

  /** The checks of Ast::createNodeFunctionCall: known name (1540), argument count (1541). */
  protected createCall(spelled: string, args: Expression[]): Expression {
    const upper = spelled.toUpperCase();
    if (upper.includes('::')) {
      throw notImplemented(`user-defined AQL functions (${upper}())`);
    }
    const signature = findFunction(upper);
    if (signature === undefined) {
      throw unknownFunction(upper);
    }
    if (args.length < signature.minArguments || args.length > signature.maxArguments) {
      throw wrongArgumentCount(spelled, signature.minArguments, signature.maxArguments);
    }
    if (!isImplemented(signature.name)) {
      throw notImplemented(`the AQL function ${signature.name}()`);
    }
    const converted = args.map((arg, position) =>
      // `h` arguments take a collection name: a collection operand becomes its name.
      signature.collectionArguments.has(position) && arg.kind === 'collection' ? { kind: 'value' as const, value: arg.name } : arg,
    );
    return { kind: 'call', name: signature.name, spelled, args: converted };
  }

  private parsePostfix(operand: Expression): Expression {
    let node = operand;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'DOT') {
        this.next();
        const name = this.peek();
        if (name.kind === 'IDENTIFIER') {
          this.next();
          node = this.chain(node, (object) => ({ kind: 'attribute', object, name: name.text }));
        } else if (name.kind === 'PARAMETER' || name.kind === 'DATASOURCE_PARAMETER') {
          this.next();
          const parameter = this.parameter(name);
          node = this.chain(node, (object) => ({ kind: 'boundAttribute', object, parameter }));
        } else {
          this.unexpected(['IDENTIFIER', 'PARAMETER', 'DATASOURCE_PARAMETER']);
        }
      } else if (token.kind === 'ARRAY_OPEN') {
        this.next();
        const marker = this.peek().kind;
        if (marker === 'TIMES') {
          node = this.parseExpansion(node);
        } else if (marker === 'QUESTION') {
          throw notImplemented('the array filter operator [? ...]');
        } else {
          const index = this.parseExpression();
          this.expect('ARRAY_CLOSE', []);
          node = this.chain(node, (object) => ({ kind: 'indexed', object, index }));
        }
      } else {
        return node;
      }
    }
  }

  /** Applies an access to `node`, or, after an expansion, to what the expansion returns per element. */
  private chain(node: Expression, access: (object: Expression) => Expression): Expression {
    if (node.kind !== 'expansion') {
      return access(node);
    }
    let innermost: ExpansionNode = node;
    while (innermost.projection.kind === 'expansion') {
      innermost = innermost.projection;
    }
    innermost.projection = access(innermost.projection);
    return node;
  }

  /** `[*]`, `[**]`, with optional `FILTER`, `LIMIT` and `RETURN` inside. */
  private parseExpansion(operand: Expression): Expression {
    let levels = 0;
    while (this.accept('TIMES') !== undefined) {
      levels += 1;
    }
    let outer = operand;
    if (levels > 1 && outer.kind === 'expansion') {
      outer = { kind: 'call', name: 'PASSTHRU', spelled: 'PASSTHRU', args: [outer] };
    }
    const iterator = this.scopes.create(`${this.nextTemporaryName()}_`, false);
    this.scopes.pushCurrent(iterator);
    this.expansionDepth += 1;
    const expansion: ExpansionNode = {
      kind: 'expansion',
      source: outer.kind === 'expansion' ? outer.projection : outer,
      levels,
      iterator,
      projection: { kind: 'reference', variable: iterator },
    };
    const kind = this.peek().kind;
    if (kind !== 'FILTER' && kind !== 'LIMIT' && kind !== 'RETURN' && kind !== 'ARRAY_CLOSE') {
      this.parseExpansionQuantifier();
    }
    if (this.accept('FILTER') !== undefined) {
      expansion.filter = this.parseExpression();
    }
    if (this.accept('LIMIT') !== undefined) {
      const first = this.parseExpression();
      if (this.accept('COMMA') !== undefined) {
        expansion.limitOffset = first;
        expansion.limitCount = this.parseExpression();
      } else {
        expansion.limitCount = first;
      }
    }
    if (this.accept('RETURN') !== undefined) {
      expansion.projection = this.parseExpression();
    }
    this.expect('ARRAY_CLOSE', []);
    this.expansionDepth -= 1;
    this.scopes.popCurrent();
    if (outer.kind === 'expansion') {
      outer.projection = expansion;
      return outer;
    }
    return expansion;
  }

  /** `[* ALL FILTER ...]` and `[* 2 FILTER ...]` parse, but arangod rejects them. */
  private parseExpansionQuantifier(): never {
    const kind = this.peek().kind;
    if (kind === 'ALL' || kind === 'ANY' || kind === 'NONE') {
      this.next();
    } else {
      this.parseExpression();
    }
    this.expect('FILTER', []);
    this.parseExpression();
    return this.failAt('unexpected quantifier value found for array expansion operation.');
  }

  private parseArray(): Expression {
    this.next();
    const elements: Expression[] = [];
    if (this.accept('ARRAY_CLOSE') !== undefined) {
      return { kind: 'array', elements };
    }
    for (;;) {
      elements.push(this.parseExpression());
      if (this.accept('COMMA') !== undefined) {
        if (this.accept('ARRAY_CLOSE') !== undefined) {
          return { kind: 'array', elements };
        }
        continue;
      }
      this.expect('ARRAY_CLOSE', ['ARRAY_CLOSE']);
      return { kind: 'array', elements };
    }
  }

  protected parseObject(): ObjectNode {
    this.expect('OBJECT_OPEN');
    const members: ObjectMember[] = [];
    if (this.accept('OBJECT_CLOSE') !== undefined) {
      return { kind: 'object', members };
    }
    for (;;) {
      members.push(this.parseObjectMember());
      if (this.accept('COMMA') !== undefined) {
        if (this.accept('OBJECT_CLOSE') !== undefined) {
          return { kind: 'object', members };
        }
        continue;
      }
      this.expect('OBJECT_CLOSE', ['OBJECT_CLOSE']);
      return { kind: 'object', members };
    }
  }

  private parseObjectMember(): ObjectMember {
    const token = this.peek();
    switch (token.kind) {
      case 'IDENTIFIER': {
        this.next();
        if (this.accept('COLON') !== undefined) {
          return { key: token.text, value: this.parseExpression() };
        }
        // `{ name }` is `{ name: name }` (object_element: T_STRING).
        const variable = this.lookupVariable(token.text);
        if (variable === undefined) {
          this.failAt(`use of unknown variable '${token.text}' in object literal`, this.peek().location, ErrorNum.QUERY_VARIABLE_NAME_UNKNOWN);
        }
        return { key: token.text, value: { kind: 'reference', variable } };
      }
      case 'QUOTED_STRING':
        this.next();
        this.expect('COLON');
        return { key: token.text, value: this.parseExpression() };
      case 'PARAMETER': {
        this.next();
        const key = this.parameter(token);
        this.expect('COLON');
        return { key, value: this.parseExpression() };
      }
      case 'ARRAY_OPEN': {
        this.next();
        const key = this.parseExpression();
        this.expect('ARRAY_CLOSE', []);
        this.expect('COLON');
        return { key, value: this.parseExpression() };
      }
      default:
        return this.unexpected([]);
    }
  }
}
