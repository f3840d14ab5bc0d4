import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Database } from '../client';
import { isArangoError } from '../client';
import { BindVarsFileError, bindVarsFileFor, readBindVarsFile } from '../language/bindParameters';
import type { BindValueSources, CheckDiagnostic, ParseOutcome, RuleCatalog } from '../language/queryCheckDiagnostics';
import { hasQuery, headerDiagnostics, isQueryError, parseDiagnostics, ruleCatalogFrom, unusedFileBindVars } from '../language/queryCheckDiagnostics';
import { QueryCheckScheduler } from '../language/queryCheckScheduler';
import { LineIndex } from '../language/lineIndex';
import { parseQueryBlocks } from '../language/queryBlocks';
import type { Services } from '../services';
import { rememberedBindVars } from '../commands/queryRun';

const CHECKS_ENABLED_SETTING = 'arangodb.checks.enabled';
/** The quiet time after the last edit before the server is asked. */
const CHECK_DELAY_MS = 500;
/** Where Run AQL Async remembers the values it asked for, per document (the same key as `commands/queryRun.ts`). */
/** A collection the cached schema lacks may have been created since: the schema is fetched again when older than this. */
const SCHEMA_STALE_AFTER_MS = 10_000;
const SOURCE = 'ArangoDB';

/** What the checks read of a database's schema (the completion's `SchemaCatalog` is one). */
export interface KnownSources {
  readonly collectionNames: readonly string[];
  readonly views: readonly { readonly name: string }[];
  /** `Date.now()` when it was fetched. */
  readonly fetchedAt: number;
}

/** The part of the schema catalog the checks use: the cached schema of a database, fetched in the background when missing. */
export interface SchemaLookup {
  schema(database: string): KnownSources | undefined;
  invalidate(database: string): void;
  readonly onDidChange: (listener: (database: string) => void) => { dispose(): void };
}

type RulesState = { readonly state: 'unknown' } | { readonly state: 'ready'; readonly catalog: RuleCatalog } | { readonly state: 'unavailable' };

/**
 * Checks as you type: each query block of an `aql` document is parsed by the server
 * (`POST /_api/query`, never run) some time after the last edit, and what the answer shows (syntax
 * errors, unknown collections, bind parameters without a value) becomes diagnostics; the block
 * headers' options are checked at once, their optimizer rules against the server's list. Nothing
 * is sent while not connected or while `arangodb.checks.enabled` is off.
 */
export class QueryChecks implements vscode.Disposable {
  readonly #collection = vscode.languages.createDiagnosticCollection('arangodb-checks');
  readonly #scheduler: QueryCheckScheduler<readonly CheckDiagnostic[] | undefined>;
  /** Per document: the server's answer for each block text of the last check, so an edit re-sends only the block it changed. */
  readonly #parsed = new Map<string, Map<string, ParseOutcome>>();
  /** Per document: what the server's answers showed at the last check. */
  readonly #serverProblems = new Map<string, readonly CheckDiagnostic[]>();
  readonly #subscriptions: vscode.Disposable[] = [];
  #rules: RulesState = { state: 'unknown' };
  #rulesLoading: Promise<void> | undefined;
  #parseRequests = 0;

  constructor(
    private readonly services: Services,
    private readonly schema?: SchemaLookup,
  ) {
    this.#scheduler = new QueryCheckScheduler({
      delayMs: CHECK_DELAY_MS,
      check: (key, version, signal) => this.#check(key, version, signal),
      deliver: (key, version, problems) => this.#deliver(key, version, problems),
      failed: (key, _version, error) => services.log.debug(`Checking ${key} failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    const { workspace } = vscode;
    this.#subscriptions.push(
      this.#collection,
      workspace.onDidOpenTextDocument((document) => this.#documentChanged(document)),
      workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.#documentChanged(event.document);
      }),
      workspace.onDidCloseTextDocument((document) => this.#forget(document.uri.toString(), true)),
      workspace.onDidSaveTextDocument((document) => this.#bindVarsFileSaved(document)),
      workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(CHECKS_ENABLED_SETTING)) this.#restart();
      }),
      services.connection.onDidChange(() => {
        this.#rules = { state: 'unknown' };
        this.#parsed.clear();
        this.#restart();
      }),
      // A run may have remembered values for parameters the checks reported without one.
      services.store.onDidChange((changes) => {
        for (const change of changes) {
          const document = change.kind === 'added' ? this.#openDocument(change.job.documentUri) : undefined;
          if (document !== undefined) this.#documentChanged(document);
        }
      }),
    );
    if (schema !== undefined) {
      this.#subscriptions.push(schema.onDidChange((database) => {
        // Answers are cached per block text, so this re-judges collections without asking the server again.
        if (database === services.connection.database && this.#enabled) {
          for (const document of vscode.workspace.textDocuments) this.#documentChanged(document);
        }
      }));
    }
    this.#restart();
  }

  /** How many parse requests were sent (for tests that must see none). */
  get parseRequests(): number {
    return this.#parseRequests;
  }

  /** The check diagnostics on a document. */
  diagnosticsFor(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.#collection.get(uri) ?? [];
  }

  dispose(): void {
    this.#scheduler.forgetAll();
    for (const subscription of this.#subscriptions) subscription.dispose();
  }

  get #enabled(): boolean {
    return this.services.connection.settings.checks.enabled;
  }

  #restart(): void {
    this.#scheduler.forgetAll();
    this.#serverProblems.clear();
    this.#collection.clear();
    if (!this.#enabled) return;
    for (const document of vscode.workspace.textDocuments) this.#documentChanged(document);
  }

  #documentChanged(document: vscode.TextDocument): void {
    if (document.languageId !== 'aql' || !this.#enabled) return;
    this.#publish(document);
    if (this.services.connection.isConfigured) {
      this.#scheduler.changed(document.uri.toString(), document.version);
    }
  }

  #forget(key: string, closed: boolean): void {
    this.#scheduler.forget(key);
    this.#serverProblems.delete(key);
    this.#parsed.delete(key);
    if (closed) this.#collection.delete(vscode.Uri.parse(key));
  }

  #bindVarsFileSaved(saved: vscode.TextDocument): void {
    if (!saved.fileName.endsWith('.bindvars.json')) return;
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === 'file' && bindVarsFileFor(document.uri.fsPath) === saved.uri.fsPath) this.#documentChanged(document);
    }
  }

  #openDocument(key: string | undefined): vscode.TextDocument | undefined {
    return key === undefined ? undefined : vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
  }

  /** The header problems of the text as it is now, with the server's problems of the last check. */
  #publish(document: vscode.TextDocument): void {
    const text = document.getText();
    const rules = this.#rules.state === 'ready' ? this.#rules.catalog : undefined;
    const header = parseQueryBlocks(text).flatMap((block) => headerDiagnostics(text, block, rules));
    const problems = [...header, ...(this.#serverProblems.get(document.uri.toString()) ?? [])];
    this.#collection.set(document.uri, problems.map(toVsCodeDiagnostic));
  }

  #deliver(key: string, version: number, problems: readonly CheckDiagnostic[] | undefined): void {
    const document = this.#openDocument(key);
    if (document === undefined || document.version !== version || problems === undefined || !this.#enabled) return;
    this.#serverProblems.set(key, problems);
    this.#publish(document);
  }

  async #check(key: string, version: number, signal: AbortSignal): Promise<readonly CheckDiagnostic[] | undefined> {
    const document = this.#openDocument(key);
    const { connection } = this.services;
    if (document === undefined || document.version !== version || !this.#enabled || !connection.isConfigured) return undefined;
    const rulesWereKnown = this.#rules.state !== 'unknown';
    await this.#loadRules(signal);
    if (!rulesWereKnown && this.#rules.state === 'ready' && !signal.aborted) this.#publish(document);
    const text = document.getText();
    const lines = new LineIndex(text);
    const blocks = parseQueryBlocks(text);
    const values = await this.#bindValues(document);
    const database = connection.database;
    const known = this.#knownSources(database);
    const earlier = this.#parsed.get(key) ?? new Map<string, ParseOutcome>();
    const answers = new Map<string, ParseOutcome>();
    const problems: CheckDiagnostic[] = [...values.problems];
    let sawUnknownSource = false;
    for (const block of blocks) {
      if (!hasQuery(block)) continue;
      signal.throwIfAborted();
      const outcome = answers.get(block.queryText) ?? earlier.get(block.queryText) ?? (await this.#parse(block.queryText, signal));
      // Not kept: "not found" may be over as soon as someone creates the collection.
      if (!(outcome.kind === 'failed' && outcome.errorNum === 1203)) answers.set(block.queryText, outcome);
      if (outcome.kind === 'failed' && outcome.errorNum === 1203) sawUnknownSource = true;
      if (outcome.kind === 'parsed' && known !== undefined && outcome.collections.some((name) => !known.has(name))) sawUnknownSource = true;
      problems.push(...parseDiagnostics(text, block, outcome, values, known, lines));
    }
    this.#parsed.set(key, answers);
    if (values.fromFile !== undefined && values.fileName !== undefined) {
      const firstLine = { start: { line: 0, character: 0 }, end: { line: 0, character: document.lineAt(0).range.end.character } };
      for (const unused of unusedFileBindVars(blocks, values.fromFile)) {
        problems.push({ severity: 'warning', range: firstLine, message: `${values.fileName} gives @${unused}, which no query of this file uses; it is not sent.` });
      }
    }
    if (sawUnknownSource) this.#refreshStaleSchema(database);
    return problems;
  }

  async #parse(query: string, signal: AbortSignal): Promise<ParseOutcome> {
    const held = this.services.connection.acquire();
    try {
      const db: Database = held.session.databaseHandle(this.services.connection.database);
      this.#parseRequests += 1;
      const parsed = await db.aql.parse(query, { signal });
      return { kind: 'parsed', collections: parsed.collections, bindVars: parsed.bindVars };
    } catch (error) {
      if (isArangoError(error) && isQueryError(error.errorCode)) {
        return { kind: 'failed', errorNum: error.errorCode, message: error.message };
      }
      throw error;
    } finally {
      held.release();
    }
  }

  /** The server's optimizer rules, asked once per connection; a server without the list (before 3.10) keeps the built-in one. */
  async #loadRules(signal: AbortSignal): Promise<void> {
    if (this.#rules.state !== 'unknown') return;
    this.#rulesLoading ??= (async () => {
      const held = this.services.connection.acquire();
      try {
        const rules = await held.session.databaseHandle(this.services.connection.database).aql.optimizerRules();
        this.#rules = { state: 'ready', catalog: ruleCatalogFrom(rules) };
      } catch (error) {
        this.services.log.debug(`The server's optimizer rules are not available; header options are checked against ArangoDB 3.12's: ${error instanceof Error ? error.message : String(error)}`);
        if (isArangoError(error)) this.#rules = { state: 'unavailable' };
      } finally {
        held.release();
        this.#rulesLoading = undefined;
      }
    })();
    await Promise.race([this.#rulesLoading, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
  }

  async #bindValues(document: vscode.TextDocument): Promise<BindValueSources & { problems: CheckDiagnostic[] }> {
    const remembered = rememberedBindVars(this.services.context.workspaceState, document.uri);
    if (document.uri.scheme !== 'file') return { remembered, problems: [] };
    const filePath = bindVarsFileFor(document.uri.fsPath);
    const fileName = basename(filePath);
    try {
      return { remembered, fromFile: await readBindVarsFile(filePath), fileName, problems: [] };
    } catch (error) {
      const message = error instanceof BindVarsFileError ? error.message : String(error);
      const firstLine = document.lineAt(0).range;
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.end.character } };
      return { remembered, fileName, problems: [{ severity: 'error', message, range }] };
    }
  }

  #knownSources(database: string): ReadonlySet<string> | undefined {
    const schema = this.schema?.schema(database);
    if (schema === undefined) return undefined;
    return new Set([...schema.collectionNames, ...schema.views.map((view) => view.name)]);
  }

  #refreshStaleSchema(database: string): void {
    const schema = this.schema?.schema(database);
    if (schema !== undefined && Date.now() - schema.fetchedAt > SCHEMA_STALE_AFTER_MS) this.schema?.invalidate(database);
  }
}

function toVsCodeDiagnostic(problem: CheckDiagnostic): vscode.Diagnostic {
  const { start, end } = problem.range;
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(start.line, start.character, end.line, end.character),
    problem.message,
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = SOURCE;
  if (problem.errorNum !== undefined) diagnostic.code = problem.errorNum;
  return diagnostic;
}
