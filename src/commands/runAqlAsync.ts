import * as vscode from 'vscode';
import type { Services } from '../services';
import type { TrackedJob } from '../jobs/trackedJob';
import { CommandId } from './commandIds';
import { resolveQueryRun } from './queryRun';

/**
 * ArangoDB: Run AQL Async. Submits what {@link resolveQueryRun} picks (a CodeLens's block when
 * given its `range`, the selection, the block at the cursor, or the whole .aql document) as an
 * async job, with its bind parameters and options;
 * `afterSubmit` sees each job submitted (the first of a window reveals the job explorer).
 */
export function registerRunAqlAsync(services: Services, afterSubmit: (job: TrackedJob) => Promise<void> = () => Promise.resolve()): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.runAqlAsync, async (uri?: vscode.Uri, range?: vscode.Range) => {
    const editor = await editorFor(uri);
    if (!editor) {
      void vscode.window.showErrorMessage('ArangoDB: open an .aql file, or select AQL in an editor, to run it.');
      return undefined;
    }
    const run = await resolveQueryRun(services, editor, range instanceof vscode.Range ? range : undefined);
    if (!run) {
      return undefined;
    }
    try {
      const job = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'ArangoDB: submitting query' },
        () => services.actions.submit({
          query: run.text,
          bindVars: run.bindVars,
          options: run.options,
          documentUri: run.document.uri.toString(),
          queryStart: { line: run.start.line, character: run.start.character },
          queryEnd: { line: run.range.end.line, character: run.range.end.character },
          ...(run.blockName !== undefined ? { blockName: run.blockName } : {}),
        }),
      );
      services.poller.wake();
      vscode.window.setStatusBarMessage(`ArangoDB: job ${job.id} submitted`, 4000);
      services.log.info(`Submitted job ${job.id} to ${job.coordinator} (${job.database})`);
      await afterSubmit(job);
      return job.key;
    } catch (error) {
      services.errors.report('Submitting the query failed', error);
      return undefined;
    }
  });
}

async function editorFor(uri: vscode.Uri | undefined): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor;
  if (!uri || active?.document.uri.toString() === uri.toString()) {
    return active;
  }
  return vscode.window.showTextDocument(uri);
}
