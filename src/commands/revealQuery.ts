import * as vscode from 'vscode';
import type { Services } from '../services';
import { locateQuery } from '../language/queryBlocks';
import type { JobNode } from '../views/jobTreeItem';
import { CommandId } from './commandIds';

/**
 * Reveal Query (a job's context menu): opens the file the job's query was run from and selects
 * it, found again if lines moved; says so when the file no longer holds it.
 */
export function registerRevealQuery(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.revealQuery, (target?: JobNode | string) => revealQuery(services, target));
}

async function revealQuery(services: Services, target: JobNode | string | undefined): Promise<vscode.TextEditor | undefined> {
  const key = typeof target === 'string' ? target : target?.kind === 'job' ? target.key : undefined;
  const job = key === undefined ? undefined : services.store.get(key);
  if (job === undefined) {
    void vscode.window.showWarningMessage('ArangoDB: that job is no longer tracked.');
    return undefined;
  }
  if (job.query === undefined || job.documentUri === undefined) {
    void vscode.window.showInformationMessage(
      job.origin === 'discovered'
        ? `ArangoDB: job ${job.id} was submitted elsewhere; its query is in no file here.`
        : `ArangoDB: job ${job.id} was not run from a file (History's Run Again, or an older version).`,
    );
    return undefined;
  }
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(vscode.Uri.parse(job.documentUri));
  } catch {
    void vscode.window.showWarningMessage(`ArangoDB: the file job ${job.id} was run from is gone (${vscode.Uri.parse(job.documentUri).fsPath}).`);
    return undefined;
  }
  const location = locateQuery(document.getText(), job.query, job.queryStart ?? { line: 0, character: 0 }, job.blockName);
  if (location.kind === 'gone') {
    void vscode.window.showWarningMessage(`ArangoDB: ${document.uri.fsPath || document.uri.toString()} no longer holds the query of job ${job.id}.`);
    return vscode.window.showTextDocument(document);
  }
  const selection = new vscode.Selection(document.positionAt(location.start), document.positionAt(location.end));
  const editor = await vscode.window.showTextDocument(document, { selection });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (location.kind === 'block-changed') {
    void vscode.window.showInformationMessage(`ArangoDB: the query of block ${job.blockName ?? ''} was edited since job ${job.id} ran; showing the block as it is now.`);
  } else if (location.moved) {
    vscode.window.setStatusBarMessage(`ArangoDB: the query of job ${job.id} has moved to line ${selection.start.line + 1}`, 5000);
  }
  return editor;
}
