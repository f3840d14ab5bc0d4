import * as vscode from 'vscode';
import type { ResultStore } from '../results/resultStore';
import type { TrackedJob } from '../jobs/trackedJob';

/**
 * Opens a job's stored result (or stored error) in an editor tab. Everything shown comes from the
 * copy on disk, so opening a result again never asks the server for it.
 */
export class ResultEditor {
  constructor(private readonly results: ResultStore) {}

  /** Opens the job's stored entry; resolves to the editor, or undefined when nothing is stored. */
  async open(job: TrackedJob): Promise<vscode.TextEditor | undefined> {
    const entry = await this.results.get(job.key);
    if (!entry) {
      return undefined;
    }
    if (entry.kind === 'jsonl' && entry.previewPath !== undefined) {
      const editor = await this.show(entry.previewPath);
      const shown = entry.previewRows ?? 0;
      void vscode.window
        .showInformationMessage(
          `Job ${job.id}: showing the first ${shown} of ${entry.rows} rows. The whole result is in ${entry.path} (JSON Lines).`,
          'Open Full Result',
          'Reveal File',
        )
        .then(async (choice) => {
          if (choice === 'Open Full Result') {
            await this.show(entry.path);
          } else if (choice === 'Reveal File') {
            await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(entry.path));
          }
        });
      return editor;
    }
    return this.show(entry.path);
  }

  private async show(path: string): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    return vscode.window.showTextDocument(document, { preview: false });
  }
}
