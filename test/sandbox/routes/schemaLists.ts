/**
 * What else a database holds besides collections, as ArangoDB 3.12 lists it: views
 * (`/_api/view`, always empty: the sandbox has no ArangoSearch), named graphs (`/_api/gharial`,
 * kept as documents of the `_graphs` system collection, as arangod keeps them) and analyzers
 * (`/_api/analyzer`, the built-in ones).
 */
import { notImplemented } from '../aql/aqlErrors';
import type { Collection, Database, StoredDocument } from '../data/store';
import { ArangoError } from '../errors';
import type { RouteContext } from '../server/context';
import { jsonResponse, parseJsonBody, queryFlag, type SandboxResponse } from '../server/messages';
import { badParameter, collectionNotFound, methodNotAllowed } from '../server/serverErrors';

const GRAPH_NOT_FOUND = 1924;
const GRAPH_DUPLICATE = 1925;
const GRAPH_CREATE_MISSING_NAME = 1922;
const GRAPH_EDGE_DEFINITION_INVALID = 1923;
const GRAPH_EDGE_COLLECTION_NOT_EDGE = 1935;

export function viewRoute(context: RouteContext): SandboxResponse {
  const { method } = context.request;
  if (method === 'GET' && context.suffixes.length === 0) {
    return jsonResponse(200, { error: false, code: 200, result: [] });
  }
  if (method === 'GET') {
    throw collectionNotFound();
  }
  if (method === 'POST') {
    throw notImplemented('views (arangosearch, search-alias)');
  }
  throw methodNotAllowed();
}

/** The built-in text analyzers' languages, in the order arangod lists them. */
const TEXT_LOCALES = ['de', 'en', 'es', 'fi', 'fr', 'it', 'nl', 'no', 'pt', 'ru', 'sv', 'zh'];

/** The analyzers every 3.12 database has (the Analyzers docs' "Built-in Analyzers"). */
function builtInAnalyzers(): Record<string, unknown>[] {
  return [
    { name: 'identity', type: 'identity', properties: {}, features: ['frequency', 'norm'] },
    ...TEXT_LOCALES.map((locale) => ({
      name: `text_${locale}`,
      type: 'text',
      properties: { locale, case: 'lower', stopwords: [], accent: false, stemming: true },
      features: ['frequency', 'norm', 'position'],
    })),
  ];
}

export function analyzerRoute(context: RouteContext): SandboxResponse {
  if (context.request.method !== 'GET') {
    throw notImplemented('creating or removing analyzers');
  }
  const analyzers = builtInAnalyzers();
  const name = context.suffixes[0];
  if (name === undefined) {
    return jsonResponse(200, { error: false, code: 200, result: analyzers });
  }
  const found = analyzers.find((analyzer) => analyzer['name'] === name || `_system::${String(analyzer['name'])}` === name);
  if (found === undefined) {
    throw new ArangoError(404, 1202, `analyzer not found`);
  }
  return jsonResponse(200, { error: false, code: 200, ...found });
}

interface EdgeDefinition {
  collection: string;
  from: string[];
  to: string[];
}

function graphsCollection(database: Database): Collection {
  return database.collection('_graphs') ?? database.createCollection('_graphs', { isSystem: true });
}

/** A stored graph as gharial answers it (3.12 single server). */
function graphJson(document: StoredDocument): Record<string, unknown> {
  return {
    _key: document._key,
    numberOfShards: 1,
    replicationFactor: 1,
    isSmart: false,
    isDisjoint: false,
    isSatellite: false,
    _id: document._id,
    _rev: document._rev,
    edgeDefinitions: document['edgeDefinitions'],
    orphanCollections: document['orphanCollections'],
    name: document._key,
  };
}

function names(value: unknown, what: string): string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && name !== '')) {
    throw new ArangoError(400, GRAPH_EDGE_DEFINITION_INVALID, `invalid edge definition: ${what} must be an array of collection names`);
  }
  return value as string[];
}

function edgeDefinitions(value: unknown): EdgeDefinition[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new ArangoError(400, GRAPH_EDGE_DEFINITION_INVALID, 'edge definition is invalid');
  }
  return value.map((entry: unknown) => {
    const fields = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    if (typeof fields['collection'] !== 'string' || fields['collection'] === '') {
      throw new ArangoError(400, GRAPH_EDGE_DEFINITION_INVALID, 'edge definition is invalid');
    }
    return { collection: fields['collection'], from: names(fields['from'], 'from'), to: names(fields['to'], 'to') };
  });
}

/** Creates the graph's collections that do not exist yet, as arangod does; an edge collection must be one. */
function ensureCollections(database: Database, definitions: EdgeDefinition[], orphans: string[]): void {
  for (const definition of definitions) {
    const existing = database.collection(definition.collection);
    if (existing === undefined) {
      database.createCollection(definition.collection, { type: 3 });
    } else if (existing.type !== 3) {
      throw new ArangoError(400, GRAPH_EDGE_COLLECTION_NOT_EDGE, `Collection: ${definition.collection} is not an edge collection`);
    }
  }
  for (const name of [...definitions.flatMap((definition) => [...definition.from, ...definition.to]), ...orphans]) {
    if (database.collection(name) === undefined) {
      database.createCollection(name);
    }
  }
}

export function gharialRoute(context: RouteContext): SandboxResponse {
  const { method } = context.request;
  const { database, suffixes } = context;
  const graphs = database.collection('_graphs');
  if (suffixes.length === 0 && method === 'GET') {
    return jsonResponse(200, { error: false, code: 200, graphs: (graphs?.snapshot() ?? []).map(graphJson) });
  }
  if (suffixes.length === 0 && method === 'POST') {
    return createGraph(context);
  }
  if (suffixes.length !== 1) {
    throw notImplemented('the vertex and edge routes of /_api/gharial');
  }
  const name = suffixes[0]!;
  const stored = graphs?.peek(name);
  if (stored === undefined) {
    throw new ArangoError(404, GRAPH_NOT_FOUND, `graph '${name}' not found`);
  }
  if (method === 'GET') {
    return jsonResponse(200, { error: false, code: 200, graph: graphJson(stored) });
  }
  if (method === 'DELETE') {
    graphs!.remove(name);
    if (queryFlag(context.request.query, 'dropCollections')) {
      const definitions = stored['edgeDefinitions'] as EdgeDefinition[];
      const used = new Set([...definitions.flatMap((definition) => [definition.collection, ...definition.from, ...definition.to]), ...(stored['orphanCollections'] as string[])]);
      used.forEach((collection) => database.collection(collection) !== undefined && database.dropCollection(collection));
    }
    return jsonResponse(202, { error: false, code: 202, removed: true });
  }
  throw methodNotAllowed();
}

function createGraph(context: RouteContext): SandboxResponse {
  const body = parseJsonBody(context.request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badParameter('expecting JSON object body');
  }
  const fields = body as Record<string, unknown>;
  const name = fields['name'];
  if (typeof name !== 'string' || name === '') {
    throw new ArangoError(400, GRAPH_CREATE_MISSING_NAME, 'graph name is missing');
  }
  const { database } = context;
  if (database.collection('_graphs')?.peek(name) !== undefined) {
    throw new ArangoError(409, GRAPH_DUPLICATE, `graph already exists`);
  }
  const definitions = edgeDefinitions(fields['edgeDefinitions']);
  const orphans = names(fields['orphanCollections'], 'orphanCollections');
  ensureCollections(database, definitions, orphans);
  const stored = graphsCollection(database).insert({ _key: name, edgeDefinitions: definitions, orphanCollections: orphans }).new;
  const waited = fields['waitForSync'] === true || queryFlag(context.request.query, 'waitForSync');
  const code = waited ? 201 : 202;
  return jsonResponse(code, { error: false, code, graph: graphJson(stored) });
}
