/**
 * Variable scopes while parsing, as arangod's Scopes: a query starts a main scope, each FOR a
 * FOR scope, each subquery a subquery scope; RETURN and modifications end the FOR scopes of their
 * (sub)query; COLLECT replaces them with its own scope. Inner scopes see outer variables, and a
 * name may not be declared twice while visible.
 */
import type { Variable } from './ast';

export type ScopeKind = 'main' | 'subquery' | 'for' | 'collect';

interface Scope {
  kind: ScopeKind;
  variables: Map<string, Variable>;
}

export class Scopes {
  private readonly stack: Scope[] = [];
  /** Iterator variables of the array expansions being parsed (`CURRENT`). */
  private readonly currents: Variable[] = [];
  private nextId = 0;

  start(kind: ScopeKind): void {
    this.stack.push({ kind, variables: new Map() });
  }

  endCurrent(): void {
    this.stack.pop();
  }

  /** Ends FOR and COLLECT scopes down to the enclosing main or subquery scope. */
  endNested(): void {
    while (this.stack.length > 0) {
      const kind = this.stack[this.stack.length - 1]!.kind;
      if (kind === 'main' || kind === 'subquery') {
        return;
      }
      this.stack.pop();
    }
  }

  kind(): ScopeKind {
    return this.stack[this.stack.length - 1]?.kind ?? 'main';
  }

  /** A fresh variable, not yet visible. */
  create(name: string, userDefined: boolean): Variable {
    const variable: Variable = { id: this.nextId, name, userDefined };
    this.nextId += 1;
    return variable;
  }

  add(variable: Variable): void {
    this.stack[this.stack.length - 1]!.variables.set(variable.name, variable);
  }

  lookup(name: string): Variable | undefined {
    for (let i = this.stack.length - 1; i >= 0; i -= 1) {
      const found = this.stack[i]!.variables.get(name);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }

  exists(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** User variables visible now, outermost first. */
  visibleUserVariables(): Variable[] {
    const seen = new Map<string, Variable>();
    for (const scope of this.stack) {
      for (const variable of scope.variables.values()) {
        if (variable.userDefined) {
          seen.set(variable.name, variable);
        }
      }
    }
    return [...seen.values()];
  }

  pushCurrent(variable: Variable): void {
    this.currents.push(variable);
  }

  popCurrent(): void {
    this.currents.pop();
  }

  /** The innermost expansion iterator, which `CURRENT` names. */
  current(): Variable | undefined {
    return this.currents[this.currents.length - 1];
  }

  /** Number of variables created so far (row width of the executor). */
  variableCount(): number {
    return this.nextId;
  }
}
