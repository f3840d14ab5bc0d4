/**
 * arangod's rule on reading and writing one collection in one query (Ast::validateAndOptimize,
 * 1579 `access after data-modification by collection '<name>'`): a collection may not be read
 * after the query wrote it, nor written inside a subquery when an outer level reads it.
 */
import { accessAfterModification } from './aqlErrors';
import type { Expression, QueryBody } from './ast';
import type { BoundParameters } from './bindParameters';
import { toStringValue } from './values';

function readCollection(source: Expression, parameters: BoundParameters): string | undefined {
  if (source.kind === 'collection') {
    return source.name;
  }
  if (source.kind === 'parameter' && source.dataSource) {
    return toStringValue(parameters.get(source.name));
  }
  return undefined;
}

/** Checks the rule; returns whether the query writes at all (arangod's `modificationQuery`). */
export function checkModificationAccess(body: QueryBody, parameters: BoundParameters): boolean {
  const written = new Set<string>();
  const firstRead = new Map<string, number>();
  const visit = (query: QueryBody, level: number): void => {
    for (const statement of query.statements) {
      switch (statement.kind) {
        case 'subquery':
          visit(statement.query, level + 1);
          break;
        case 'for': {
          const name = readCollection(statement.source, parameters);
          if (name !== undefined) {
            if (written.has(name)) {
              throw accessAfterModification(name);
            }
            if (!firstRead.has(name)) {
              firstRead.set(name, level);
            }
          }
          break;
        }
        case 'insert':
        case 'update':
        case 'replace':
        case 'remove': {
          const target = statement.collection;
          const name = 'name' in target ? target.name : toStringValue(parameters.get(target.parameter));
          const readAt = firstRead.get(name);
          if (readAt !== undefined && readAt < level) {
            throw accessAfterModification(name);
          }
          written.add(name);
          break;
        }
        default:
          break;
      }
    }
  };
  visit(body, 0);
  return written.size > 0;
}
