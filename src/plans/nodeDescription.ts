/**
 * What one execution node does, in AQL terms: the clause it stands for (`FOR p IN products`,
 * `LET a = p.id`, `SORT p.id ASC`), and what it reads or writes (collection, view, indexes).
 * Node attributes as arangod 3.12 sends them in `POST /_api/explain` and a profile's `extra.plan`.
 */
import type { AstJson } from './aqlExpression';
import { aqlName, expressionToAql, variableName } from './aqlExpression';

/** A node of a plan as the server sends it: the common fields, and whatever its type adds. */
export interface RawPlanNode {
  readonly type: string;
  readonly id: number;
  readonly dependencies: readonly number[];
  readonly estimatedCost: number;
  readonly estimatedNrItems: number;
  readonly [attribute: string]: unknown;
}

/** An index a node reads through. */
export interface IndexUse {
  readonly name: string;
  readonly type: string;
  readonly fields: readonly string[];
  readonly unique: boolean;
  readonly sparse: boolean;
}

export interface NodeDescription {
  /** One line: the AQL the node stands for, with a comment on how it runs. */
  readonly text: string;
  readonly collection?: string;
  readonly view?: string;
  readonly indexes?: readonly IndexUse[];
  /** The node's expression or condition as AQL text, when it has one. */
  readonly expression?: string;
}

interface VariableJson {
  readonly name?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAst(value: unknown): value is AstJson {
  return isObject(value) && typeof value.type === 'string';
}

function variable(node: RawPlanNode, key: string): string | undefined {
  const value = node[key];
  const name = isObject(value) ? (value as VariableJson).name : undefined;
  return typeof name === 'string' ? variableName(name) : undefined;
}

function text(node: RawPlanNode, key: string): string | undefined {
  const value = node[key];
  return typeof value === 'string' ? value : undefined;
}

function ast(node: RawPlanNode, key: string): string | undefined {
  const value = node[key];
  // An index node used only for its order sends `condition: {}`.
  return isAst(value) ? expressionToAql(value) : undefined;
}

function indexes(node: RawPlanNode): IndexUse[] {
  const list = node.indexes;
  if (!Array.isArray(list)) {
    return [];
  }
  return list.filter(isObject).map((index) => ({
    name: typeof index.name === 'string' ? index.name : String(index.id),
    type: typeof index.type === 'string' ? index.type : 'unknown',
    fields: Array.isArray(index.fields) ? index.fields.map((field) => (typeof field === 'string' ? field : JSON.stringify(field))) : [],
    unique: index.unique === true,
    sparse: index.sparse === true,
  }));
}

/** `persistent index on (id, name), unique` — how the explainer's "Indexes used" reads, in one phrase. */
export function describeIndex(index: IndexUse): string {
  const flags = [index.unique ? 'unique' : '', index.sparse ? 'sparse' : ''].filter((flag) => flag !== '');
  return `${index.type} index on (${index.fields.join(', ')})${flags.length > 0 ? `, ${flags.join(', ')}` : ''}`;
}

function projections(node: RawPlanNode): string {
  const list = node.projections;
  if (!Array.isArray(list) || list.length === 0) {
    return '';
  }
  const paths = list.map((projection) => {
    if (typeof projection === 'string') {
      return projection;
    }
    const path = isObject(projection) && Array.isArray(projection.path) ? projection.path : [];
    return path.map((part) => aqlName(String(part))).join('.');
  });
  return `, reads only ${paths.join(', ')}`;
}

function earlyFilter(node: RawPlanNode): string {
  const filter = ast(node, 'filter');
  return filter === undefined ? '' : ` FILTER ${filter}`;
}

const DIRECTIONS: Readonly<Record<number, string>> = { 1: 'INBOUND', 2: 'OUTBOUND', 3: 'ANY' };

function graphTarget(node: RawPlanNode): string {
  const graph = node.graph;
  if (typeof graph === 'string') {
    return `GRAPH ${JSON.stringify(graph)}`;
  }
  const edges = Array.isArray(node.edgeCollections) ? node.edgeCollections : Array.isArray(graph) ? graph : [];
  return edges.map((edge) => aqlName(String(edge))).join(', ');
}

function traversal(node: RawPlanNode): string {
  const outs = ['vertexOutVariable', 'edgeOutVariable', 'pathOutVariable'].map((key) => variable(node, key)).filter((name) => name !== undefined);
  const options = isObject(node.options) ? node.options : {};
  const depth = typeof options.minDepth === 'number' && typeof options.maxDepth === 'number' ? `${options.minDepth}..${options.maxDepth} ` : '';
  const direction = DIRECTIONS[typeof node.defaultDirection === 'number' ? node.defaultDirection : 0] ?? '';
  const start = variable(node, 'inVariable') ?? (typeof node.vertexId === 'string' ? JSON.stringify(node.vertexId) : '?');
  return `FOR ${outs.join(', ')} IN ${depth}${direction} ${start} ${graphTarget(node)}`.replace(/\s+/g, ' ').trim();
}

function sortElements(node: RawPlanNode): string {
  const elements = Array.isArray(node.elements) ? node.elements.filter(isObject) : [];
  return elements
    .map((element) => {
      const name = isObject(element.inVariable) && typeof element.inVariable.name === 'string' ? variableName(element.inVariable.name) : '?';
      const path = Array.isArray(element.path) ? element.path.map((part) => `.${aqlName(String(part))}`).join('') : '';
      return `${name}${path} ${element.ascending === false ? 'DESC' : 'ASC'}`;
    })
    .join(', ');
}

function collect(node: RawPlanNode): string {
  const assignments = (key: string): string[] =>
    (Array.isArray(node[key]) ? (node[key] as unknown[]) : []).filter(isObject).map((entry) => {
      const out = isObject(entry.outVariable) && typeof entry.outVariable.name === 'string' ? variableName(entry.outVariable.name) : '?';
      const input = isObject(entry.inVariable) && typeof entry.inVariable.name === 'string' ? variableName(entry.inVariable.name) : '';
      return typeof entry.type === 'string' ? `${out} = ${entry.type}(${input})` : `${out} = ${input}`;
    });
  const groups = assignments('groups');
  const aggregates = assignments('aggregates');
  const into = variable(node, 'outVariable');
  const method = isObject(node.collectOptions) && typeof node.collectOptions.method === 'string' ? node.collectOptions.method : undefined;
  return [
    'COLLECT',
    groups.join(', '),
    aggregates.length > 0 ? `AGGREGATE ${aggregates.join(', ')}` : '',
    into !== undefined ? `INTO ${into}` : '',
    method !== undefined ? `/* ${method} */` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
}

function modification(node: RawPlanNode, verb: string): string {
  const collection = aqlName(text(node, 'collection') ?? '?');
  const document = variable(node, 'inDocVariable') ?? variable(node, 'inVariable') ?? '?';
  const key = variable(node, 'inKeyVariable');
  switch (verb) {
    case 'INSERT':
      return `INSERT ${document} INTO ${collection}`;
    case 'REMOVE':
      return `REMOVE ${document} IN ${collection}`;
    case 'UPSERT':
      return `UPSERT ${document} INSERT ${variable(node, 'insertVariable') ?? '?'} ${node.isReplace === true ? 'REPLACE' : 'UPDATE'} ${variable(node, 'updateVariable') ?? '?'} IN ${collection}`;
    default:
      return key !== undefined ? `${verb} ${key} WITH ${document} IN ${collection}` : `${verb} ${document} IN ${collection}`;
  }
}

/**
 * One line in AQL terms for a node, plus what it reads or writes.
 *
 * @example describeNode(indexNode).text // 'FOR p IN products /* persistent index on (id): p.id == 4 *\/'
 */
export function describeNode(node: RawPlanNode): NodeDescription {
  const collection = text(node, 'collection');
  const out = variable(node, 'outVariable') ?? '?';
  switch (node.type) {
    case 'SingletonNode':
      return { text: 'ROOT: the query starts here' };
    case 'EnumerateCollectionNode': {
      const how = node.random === true ? 'random document' : 'full collection scan';
      const filter = ast(node, 'filter');
      return {
        text: `FOR ${out} IN ${aqlName(collection ?? '?')} /* ${how}${projections(node)} */${earlyFilter(node)}`,
        ...(collection !== undefined ? { collection } : {}),
        ...(filter !== undefined ? { expression: filter } : {}),
      };
    }
    case 'IndexNode': {
      const used = indexes(node);
      const condition = ast(node, 'condition');
      const order = node.sorted === true && condition === undefined ? ', in index order' : '';
      return {
        text: `FOR ${out} IN ${aqlName(collection ?? '?')} /* ${used.map(describeIndex).join('; ') || 'index'}${condition !== undefined ? `: ${condition}` : ''}${order}${projections(node)} */${earlyFilter(node)}`,
        ...(collection !== undefined ? { collection } : {}),
        indexes: used,
        ...(condition !== undefined ? { expression: condition } : {}),
      };
    }
    case 'EnumerateListNode':
      return { text: `FOR ${out} IN ${variable(node, 'inVariable') ?? '?'} /* list iteration */${earlyFilter(node)}` };
    case 'EnumerateViewNode': {
      const view = text(node, 'view');
      const search = ast(node, 'condition');
      return {
        text: `FOR ${out} IN ${aqlName(view ?? '?')}${search !== undefined ? ` SEARCH ${search}` : ''} /* view */`,
        ...(view !== undefined ? { view } : {}),
        ...(search !== undefined ? { expression: search } : {}),
      };
    }
    case 'CalculationNode': {
      const expression = ast(node, 'expression') ?? '?';
      return { text: `LET ${out} = ${expression}`, expression };
    }
    case 'FilterNode':
      return { text: `FILTER ${variable(node, 'inVariable') ?? '?'}` };
    case 'SortNode':
      return { text: `SORT ${sortElements(node)}${typeof node.limit === 'number' && node.limit > 0 ? ` /* keeps the first ${node.limit} */` : ''}` };
    case 'LimitNode':
      return {
        text: `LIMIT ${typeof node.offset === 'number' ? node.offset : 0}, ${typeof node.limit === 'number' ? node.limit : '?'}${node.fullCount === true ? ' /* fullCount */' : ''}`,
      };
    case 'ReturnNode':
      return { text: `RETURN ${variable(node, 'inVariable') ?? '?'}` };
    case 'CollectNode':
      return { text: collect(node) };
    case 'InsertNode':
    case 'UpdateNode':
    case 'ReplaceNode':
    case 'RemoveNode':
    case 'UpsertNode':
      return { text: modification(node, node.type.slice(0, -'Node'.length).toUpperCase()), ...(collection !== undefined ? { collection } : {}) };
    case 'SubqueryStartNode':
      return { text: 'subquery begins' };
    case 'SubqueryEndNode':
      return { text: `LET ${out} = ( subquery ends )` };
    case 'SubqueryNode':
      return { text: `LET ${out} = ( subquery )` };
    case 'NoResultsNode':
      return { text: 'empty result set: nothing below runs' };
    case 'TraversalNode':
    case 'ShortestPathNode':
    case 'EnumeratePathsNode':
      return { text: traversal(node) };
    case 'GatherNode':
      return { text: 'gathers the shards\' rows on the coordinator' };
    case 'RemoteNode':
      return { text: 'rows cross the network between coordinator and DB-Server' };
    case 'ScatterNode':
    case 'DistributeNode':
      return { text: 'sends rows to the shards' };
    default:
      return { text: node.type };
  }
}
