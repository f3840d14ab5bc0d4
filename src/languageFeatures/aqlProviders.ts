import * as vscode from 'vscode';
import { completeAql } from '../language/aqlCompletion';
import type { AqlCompletionKind } from '../language/aqlCompletion';
import { formatSignature } from '../language/aqlFunctions';
import { hoverAql } from '../language/aqlHover';
import type { AqlHoverSubject } from '../language/aqlHover';
import { bindVarsFileFor, readBindVarsFile } from '../language/bindParameters';
import { LineIndex } from '../language/lineIndex';
import { blockBindVars, parseQueryBlocks } from '../language/queryBlocks';
import type { SchemaCatalog } from '../language/schemaCatalog';
import { signatureHelpAt } from '../language/signatureHelp';
import { queryAt } from '../language/aqlCompletion';

/** What the providers need of the extension: the catalog, the database and settings now, remembered bind values. */
export interface AqlProviderContext {
  readonly schema: SchemaCatalog;
  readonly database: () => string;
  readonly serverSchema: () => boolean;
  readonly connected: () => boolean;
  /** Values remembered from earlier runs of this document. */
  readonly remembered: (document: vscode.TextDocument) => Readonly<Record<string, unknown>> | undefined;
}

const KINDS: Record<AqlCompletionKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  optionKey: vscode.CompletionItemKind.Property,
  variable: vscode.CompletionItemKind.Variable,
  bindParameter: vscode.CompletionItemKind.Constant,
  function: vscode.CompletionItemKind.Function,
  userFunction: vscode.CompletionItemKind.Function,
  collection: vscode.CompletionItemKind.Struct,
  edgeCollection: vscode.CompletionItemKind.Interface,
  view: vscode.CompletionItemKind.Class,
  graph: vscode.CompletionItemKind.Module,
  analyzer: vscode.CompletionItemKind.Unit,
  attribute: vscode.CompletionItemKind.Field,
};

/** The file's `.bindvars.json`, or undefined (none, unreadable, or not a file on disk). */
async function bindVarsOf(document: vscode.TextDocument): Promise<Record<string, unknown> | undefined> {
  if (document.uri.scheme !== 'file') return undefined;
  try {
    return await readBindVarsFile(bindVarsFileFor(document.uri.fsPath));
  } catch {
    return undefined;
  }
}

export class AqlCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly context: AqlProviderContext) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList> {
    const { schema, database } = this.context;
    const fromFile = await bindVarsOf(document);
    const text = document.getText();
    const offset = document.offsetAt(position);
    const serverSchema = this.context.serverSchema();
    const db = database();
    const remembered = this.context.remembered(document);
    const list = completeAql(text, offset, {
      schema: serverSchema ? schema.schema(db) : undefined,
      sample: (collection) => (serverSchema ? schema.sample(db, collection) : undefined),
      bindVarKeys: Object.keys(fromFile ?? {}),
      bindValue: (key) => fromFile?.[key] ?? remembered?.[key],
    });
    const range = new vscode.Range(document.positionAt(list.replaceStart), document.positionAt(list.replaceEnd));
    const items = list.items.map((item) => {
      const completion = new vscode.CompletionItem(item.label, KINDS[item.kind]);
      completion.range = range;
      completion.sortText = item.sortText;
      if (item.detail !== undefined) completion.detail = item.detail;
      if (item.documentation !== undefined) completion.documentation = new vscode.MarkdownString(item.documentation);
      if (item.insertText !== undefined) completion.insertText = item.snippet === true ? new vscode.SnippetString(item.insertText) : item.insertText;
      if (item.kind === 'function' || item.kind === 'userFunction') {
        completion.command = { command: 'editor.action.triggerParameterHints', title: 'Parameter hints' };
      }
      return completion;
    });
    // Without the server's schema there is nothing to wait for; with it, ask again as the person types until it has arrived.
    return new vscode.CompletionList(items, serverSchema && this.context.connected() && list.incomplete);
  }
}

function json(value: unknown): string {
  const text = JSON.stringify(value, undefined, 2) ?? 'undefined';
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

export class AqlHoverProvider implements vscode.HoverProvider {
  constructor(private readonly context: AqlProviderContext) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const text = document.getText();
    const blocks = parseQueryBlocks(text);
    const db = this.context.database();
    const serverSchema = this.context.serverSchema();
    const found = hoverAql(text, document.offsetAt(position), serverSchema ? this.context.schema.schema(db) : undefined, blocks);
    if (found === undefined) return undefined;
    const markdown = await this.#describe(found.subject, document, text, db, token);
    if (markdown === undefined || token.isCancellationRequested) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(markdown), new vscode.Range(document.positionAt(found.start), document.positionAt(found.end)));
  }

  async #describe(subject: AqlHoverSubject, document: vscode.TextDocument, text: string, db: string, token: vscode.CancellationToken): Promise<string | undefined> {
    switch (subject.kind) {
      case 'function': {
        const fn = subject.fn;
        const alias = fn.aliasOf === undefined ? '' : ` (alias of \`${fn.aliasOf}\`)`;
        return `\`\`\`aql\n${formatSignature(fn)}\n\`\`\`\n\n${fn.description}${alias}\n\n[Documentation](${fn.link})`;
      }
      case 'userFunction':
        return subject.known === undefined
          ? `\`${subject.name}\` — not a user-defined function of database \`${db}\``
          : `\`${subject.known.name}\` — user-defined function of database \`${db}\`${subject.known.isDeterministic ? ' (deterministic)' : ''}`;
      case 'collection': {
        const { name, type } = subject.collection;
        let count = this.context.schema.count(db, name);
        if (count === undefined && this.context.connected()) {
          // A hover may wait a moment for the count it just asked for; completion never waits.
          await Promise.race([this.context.schema.whenIdle(), new Promise((resolve) => setTimeout(resolve, 1500))]);
          if (token.isCancellationRequested) return undefined;
          count = this.context.schema.count(db, name);
        }
        const documents = count === undefined ? 'document count not known yet' : `${count.toLocaleString('en-US')} ${count === 1 ? 'document' : 'documents'}`;
        return `**${name}** — ${type} collection of \`${db}\` · ${documents}`;
      }
      case 'view':
        return `**${subject.view.name}** — ${subject.view.type} view of \`${db}\``;
      case 'graph':
        return `**${subject.graph.name}** — named graph of \`${db}\`${subject.graph.edgeCollections.length === 0 ? '' : ` · edges: ${subject.graph.edgeCollections.join(', ')}`}`;
      case 'analyzer':
        return `**${subject.analyzer.name}** — ${subject.analyzer.type} analyzer`;
      case 'bindParameter': {
        const label = `\`@${subject.key}\``;
        if (subject.block === undefined) return `${label} — bind parameter`;
        const fromFile = await bindVarsOf(document);
        const merged = blockBindVars(subject.block, fromFile, this.context.remembered(document));
        if (!Object.prototype.hasOwnProperty.call(merged.bindVars, subject.key)) {
          return `${label} — bind parameter without a value yet: running the query asks for one.`;
        }
        const fromHeader = subject.block.options.bindVars !== undefined && Object.prototype.hasOwnProperty.call(subject.block.options.bindVars, subject.key);
        const origin = fromHeader ? 'the block header' : fromFile !== undefined && Object.prototype.hasOwnProperty.call(fromFile, subject.key) ? 'the .bindvars.json file' : 'an earlier run';
        return `${label} — will be sent as (from ${origin}):\n\n\`\`\`json\n${json(merged.bindVars[subject.key])}\n\`\`\``;
      }
      case 'variable': {
        const { variable } = subject;
        const at = new LineIndex(text).positionAt(subject.declaredAt.start);
        const source = variable.source === undefined ? '' : ` over \`${variable.source.kind === 'collection' ? variable.source.name : `@${variable.source.name}`}\``;
        const where = variable.kind === 'NEW' || variable.kind === 'OLD' ? `the document ${variable.kind === 'NEW' ? 'after' : 'before'} the operation at` : 'bound at';
        return `\`${variable.name}\` — ${variable.kind} variable${source}, ${where} line ${at.line + 1}, column ${at.character + 1}`;
      }
      default:
        return undefined;
    }
  }
}

export class AqlSignatureHelpProvider implements vscode.SignatureHelpProvider {
  provideSignatureHelp(document: vscode.TextDocument, position: vscode.Position): vscode.SignatureHelp | undefined {
    const text = document.getText();
    const offset = document.offsetAt(position);
    const at = queryAt(text, offset);
    if (at === undefined) return undefined;
    const help = signatureHelpAt(at.query, offset - at.start);
    if (help === undefined) return undefined;
    const { fn } = help;
    const information = new vscode.SignatureInformation(formatSignature(fn), new vscode.MarkdownString(`${fn.description}\n\n[Documentation](${fn.link})`));
    // Offsets into the label, so two parameters written alike are still told apart.
    let cursor = fn.name.length + 1;
    const parts = fn.signature.trim() === '' ? [] : fn.signature.split(', ');
    information.parameters = parts.map((part) => {
      const start = cursor;
      cursor += part.length + 2;
      return new vscode.ParameterInformation([start, start + part.length]);
    });
    const result = new vscode.SignatureHelp();
    result.signatures = [information];
    result.activeSignature = 0;
    result.activeParameter = help.activeParameter ?? parts.length;
    return result;
  }
}
