import * as vscode from 'vscode';
import type { JobStore } from '../jobs/jobStore';
import type { TrackedJob } from '../jobs/trackedJob';
import { findErrorRange } from '../language/errorPosition';

/**
 * Puts a failed query's error on the document it came from, at the position the server named
 * (or at the collection, function or parameter the error is about). A new run of the same
 * document, or clearing the job, removes it.
 */
export class QueryDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('arangodb');
  private readonly byDocument = new Map<string, string>();
  private readonly subscription: vscode.Disposable;

  constructor(store: JobStore) {
    this.subscription = store.onDidChange((changes) => {
      for (const change of changes) {
        const job = change.job;
        if (change.kind === 'removed') {
          this.forgetJob(job);
        } else if (change.kind === 'added' && job.documentUri !== undefined) {
          this.clearDocument(job.documentUri);
        } else if (job.state === 'failed' && change.previous?.state !== 'failed') {
          this.show(job);
        }
      }
    });
    for (const job of store.byState('failed')) {
      this.show(job);
    }
  }

  /** The diagnostics on a document, for tests. */
  diagnosticsFor(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  show(job: TrackedJob): void {
    if (job.documentUri === undefined || job.query === undefined || !job.error) {
      return;
    }
    const found = findErrorRange(
      { message: job.error.message, ...(job.error.errorNum !== undefined ? { errorNum: job.error.errorNum } : {}) },
      job.query,
      job.queryStart ?? { line: 0, character: 0 },
      job.bindVars,
    );
    const start = job.queryStart ?? { line: 0, character: 0 };
    const range = found
      ? new vscode.Range(found.start.line, found.start.character, found.end.line, found.end.character)
      : new vscode.Range(start.line, start.character, start.line, Number.MAX_SAFE_INTEGER);
    const number = job.error.errorNum !== undefined ? ` (errorNum ${job.error.errorNum})` : '';
    const diagnostic = new vscode.Diagnostic(range, `${job.error.message}${number}`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'ArangoDB';
    if (job.error.errorNum !== undefined) {
      diagnostic.code = job.error.errorNum;
    }
    const uri = vscode.Uri.parse(job.documentUri);
    this.collection.set(uri, [diagnostic]);
    this.byDocument.set(job.documentUri, job.key);
  }

  clearDocument(documentUri: string): void {
    this.collection.delete(vscode.Uri.parse(documentUri));
    this.byDocument.delete(documentUri);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }

  private forgetJob(job: Readonly<TrackedJob>): void {
    if (job.documentUri !== undefined && this.byDocument.get(job.documentUri) === job.key) {
      this.clearDocument(job.documentUri);
    }
  }
}
