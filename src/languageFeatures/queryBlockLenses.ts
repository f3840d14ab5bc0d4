import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import { parseQueryBlocks } from '../language/queryBlocks';

/**
 * CodeLens above each query block of a file with `// @query` headers: *Run Async* (the block, with
 * its header's bind values and options), and *Explain* and *Profile* once commands of those names
 * exist. A file without headers gets none: it is one query, which the editor's title button and
 * Ctrl+Alt+Enter already run, and a lens over its first line would only repeat them.
 */
export class QueryBlockLenses implements vscode.CodeLensProvider {
  /** Whether Explain and Profile are registered; asked until they are (they may register after this). */
  #plansReady = false;

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const blocks = parseQueryBlocks(document.getText());
    if (blocks.every((block) => block.header === undefined)) {
      return [];
    }
    const withPlans = await this.#hasPlanCommands();
    const lenses: vscode.CodeLens[] = [];
    for (const block of blocks) {
      if (block.queryText.trim().length === 0) continue;
      const { start, end } = block.span.range;
      const blockRange = new vscode.Range(start.line, start.character, end.line, end.character);
      // Above the header, or above the query's first line for text before the first header.
      const firstLine = block.header?.range.start.line ?? document.positionAt(block.querySpan.start + (block.queryText.length - block.queryText.trimStart().length)).line;
      const at = new vscode.Range(firstLine, 0, firstLine, 0);
      const what = block.name === undefined ? 'the query above the first // @query line' : `block ${block.name}`;
      lenses.push(
        new vscode.CodeLens(at, {
          title: '$(play) Run Async',
          tooltip: `Run ${what} as a server-side async job, with its header's bind values and options`,
          command: CommandId.runAqlAsync,
          arguments: [document.uri, blockRange],
        }),
      );
      if (withPlans) {
        lenses.push(
          new vscode.CodeLens(at, { title: 'Explain', tooltip: `Show the execution plan of ${what}`, command: CommandId.explainQuery, arguments: [document.uri, blockRange] }),
          new vscode.CodeLens(at, { title: 'Profile', tooltip: `Run ${what} with profiling and show its plan with runtimes`, command: CommandId.profileQuery, arguments: [document.uri, blockRange] }),
        );
      }
    }
    return lenses;
  }

  async #hasPlanCommands(): Promise<boolean> {
    if (!this.#plansReady) {
      const commands = new Set(await vscode.commands.getCommands(true));
      this.#plansReady = commands.has(CommandId.explainQuery) && commands.has(CommandId.profileQuery);
    }
    return this.#plansReady;
  }
}

/** Registers the lenses for AQL documents. */
export function registerQueryBlockLenses(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider({ language: 'aql' }, new QueryBlockLenses());
}
