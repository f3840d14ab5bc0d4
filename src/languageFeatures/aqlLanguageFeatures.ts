import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import { clientSchemaSource, SchemaCatalog } from '../language/schemaCatalog';
import type { Services } from '../services';
import { rememberedBindVars } from '../commands/queryRun';
import { AqlCompletionProvider, AqlHoverProvider, AqlSignatureHelpProvider } from './aqlProviders';
import type { AqlProviderContext } from './aqlProviders';

/** Where Run AQL Async remembers bind values per document (see src/commands/queryRun.ts). */
/** arangod's TRI_ERROR_ARANGO_DATA_SOURCE_NOT_FOUND: a collection or view the cache may still list. */
const DATA_SOURCE_NOT_FOUND = 1203;

/**
 * Completion, hover and signature help for `aql` documents, and the schema catalog behind them:
 * created once, it keeps the catalog in step with the connection (cleared on a new one), the
 * settings (sampling) and the jobs (a query failing with 1203 drops its database's cache), and
 * registers *ArangoDB: Refresh Schema*.
 */
export class AqlLanguageFeatures implements vscode.Disposable {
  readonly schema: SchemaCatalog;
  readonly #subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    const { connection, store, log } = services;
    const completionSettings = () => connection.settings.completion;
    this.schema = new SchemaCatalog(
      clientSchemaSource(() => (connection.isConfigured && completionSettings().serverSchema ? connection : undefined)),
      { sampleSize: () => completionSettings().sampleSize, log: (message) => log.warn(message) },
    );
    const context: AqlProviderContext = {
      schema: this.schema,
      database: () => connection.database,
      serverSchema: () => completionSettings().serverSchema,
      connected: () => connection.isConfigured,
      remembered: (document) => rememberedBindVars(services.context.workspaceState, document.uri),
    };
    const selector: vscode.DocumentSelector = { language: 'aql' };
    this.#subscriptions.push(
      this.schema,
      vscode.languages.registerCompletionItemProvider(selector, new AqlCompletionProvider(context), '.', '@'),
      vscode.languages.registerHoverProvider(selector, new AqlHoverProvider(context)),
      vscode.languages.registerSignatureHelpProvider(selector, new AqlSignatureHelpProvider(), '(', ','),
      vscode.commands.registerCommand(CommandId.refreshSchema, () => this.refresh()),
      connection.onDidChange(() => this.schema.clear()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('arangodb.completion.serverSchema')) this.schema.clear();
        else if (event.affectsConfiguration('arangodb.completion.sampleSize')) this.schema.clearSamples();
      }),
      store.onDidChange((changes) => {
        for (const { job, previous } of changes) {
          if (job.error?.errorNum === DATA_SOURCE_NOT_FOUND && previous?.error?.errorNum !== DATA_SOURCE_NOT_FOUND) this.schema.invalidate(job.database);
        }
      }),
    );
  }

  /** *Refresh Schema*: reads the current database's schema again and drops its counts and samples. */
  async refresh(): Promise<boolean> {
    const { connection } = this.services;
    if (!connection.isConfigured) {
      void vscode.window.showWarningMessage('ArangoDB: not connected, so there is no schema to refresh. Connect first (ArangoDB: Connect to ArangoDB).');
      return false;
    }
    if (!connection.settings.completion.serverSchema) {
      void vscode.window.showWarningMessage('ArangoDB: reading the schema is turned off (arangodb.completion.serverSchema).');
      return false;
    }
    const database = connection.database;
    const schema = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading the schema of ${database}` }, () => this.schema.refresh(database));
    if (schema === undefined) {
      void vscode.window.showErrorMessage(`ArangoDB: ${this.schema.problem(database) ?? `could not read the schema of ${database}.`}`);
      return false;
    }
    void vscode.window.setStatusBarMessage(
      `ArangoDB: ${database} has ${schema.collections.length} collections, ${schema.views.length} views, ${schema.graphs.length} graphs, ${schema.userFunctions.length} user functions`,
      5000,
    );
    return true;
  }

  dispose(): void {
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
  }
}
