import * as vscode from 'vscode';
import { CommandId } from '../../commands/commandIds';
import { resolveQueryRun } from '../../commands/queryRun';
import type { QueryRun } from '../../commands/queryRun';
import { errorLine } from '../../jobs/errorLine';
import type { TrackedJob } from '../../jobs/trackedJob';
import { explanationFromAnswer, profileFromExtra } from '../../plans/planModel';
import type { Services } from '../../services';
import type { JobNode } from '../../views/jobNodes';
import { explanationDocument, profileDocument } from '../../webview/plan/planDocument';
import type { PlanSubject } from '../../webview/plan/planDocument';
import type { PlanDocument } from '../messages/planMessages';
import { PlanPanel } from './planPanel';

/** The key of the one Explain tab: each explanation replaces the last one. */
export const EXPLAIN_PANEL = 'explain';

/** The key of a job's profile tab. */
export function profilePanelKey(jobKey: string): string {
  return `profile:${jobKey}`;
}

/** A query to explain, as the All Plans switch needs it again. */
interface ExplainSubject extends PlanSubject {
  readonly optimizerRules?: readonly string[];
}

/**
 * Explain Query, Profile Query and Show Profile, and the plan view tabs they open. A profile is
 * a job run with `profile: 2`: its figures are stored with its result, so the tab can be opened
 * again after a reload (Show Profile on the job).
 */
export class PlanViews implements vscode.Disposable {
  private readonly panels = new Map<string, PlanPanel>();
  /** Profile jobs whose tab opens once they are done, with their store subscription. */
  private readonly awaited = new Map<string, vscode.Disposable>();
  private explainSubject: ExplainSubject | undefined;

  constructor(
    private readonly services: Services,
    private readonly extensionUri: vscode.Uri,
    private readonly afterSubmit: (job: TrackedJob) => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Registers the three commands; each disposable is owned by the caller. */
  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(CommandId.explainQuery, (uri?: vscode.Uri, range?: vscode.Range) => this.explainFromEditor(uri, range)),
      vscode.commands.registerCommand(CommandId.profileQuery, (uri?: vscode.Uri, range?: vscode.Range) => this.profileFromEditor(uri, range)),
      vscode.commands.registerCommand(CommandId.showProfile, (target?: JobNode | string) => this.showProfile(target)),
      this,
    ];
  }

  /** The plan tab with this key (`explain`, or `profile:<job key>`), if open. */
  panel(key: string): PlanPanel | undefined {
    return this.panels.get(key);
  }

  private async explainFromEditor(uri: vscode.Uri | undefined, range: vscode.Range | undefined): Promise<PlanDocument | undefined> {
    const run = await this.queryRun(uri, range, 'explain');
    if (!run) {
      return undefined;
    }
    const subject: ExplainSubject = {
      query: run.text,
      database: this.services.connection.database,
      bindVars: run.bindVars,
      ...(run.options.optimizerRules !== undefined ? { optimizerRules: run.options.optimizerRules } : {}),
    };
    return this.explain(subject, false);
  }

  /** Explains `subject` and shows it in the Explain tab; undefined after reporting a failure. */
  private async explain(subject: ExplainSubject, allPlans: boolean): Promise<PlanDocument | undefined> {
    const held = this.services.connection.acquire();
    try {
      const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ArangoDB: explaining query' }, () =>
        held.session.databaseHandle(subject.database).explain(subject.query, {
          ...(subject.bindVars !== undefined ? { bindVars: subject.bindVars } : {}),
          ...(subject.optimizerRules !== undefined ? { optimizerRules: subject.optimizerRules } : {}),
          ...(allPlans ? { allPlans: true } : {}),
        }),
      );
      const document = explanationDocument(explanationFromAnswer(answer), subject);
      this.explainSubject = subject;
      this.open(EXPLAIN_PANEL, document, false);
      return document;
    } catch (error) {
      this.services.errors.report('Explaining the query failed', error);
      this.panels.get(EXPLAIN_PANEL)?.tell({ type: 'failed', text: `Explaining the query failed: ${errorLine(error)}` });
      return undefined;
    } finally {
      held.release();
    }
  }

  private async profileFromEditor(uri: vscode.Uri | undefined, range: vscode.Range | undefined): Promise<string | undefined> {
    const run = await this.queryRun(uri, range, 'profile');
    if (!run) {
      return undefined;
    }
    try {
      const job = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ArangoDB: submitting query to profile' }, () =>
        this.services.actions.submit({
          query: run.text,
          bindVars: run.bindVars,
          options: { ...run.options, profile: 2 },
          documentUri: run.document.uri.toString(),
          queryStart: { line: run.start.line, character: run.start.character },
          queryEnd: { line: run.range.end.line, character: run.range.end.character },
          ...(run.blockName !== undefined ? { blockName: run.blockName } : {}),
        }),
      );
      this.services.poller.wake();
      this.services.log.info(`Submitted job ${job.id} to ${job.coordinator} (${job.database}) with profile 2`);
      vscode.window.setStatusBarMessage(`ArangoDB: job ${job.id} submitted; its profile opens when it is done`, 5000);
      this.openWhenDone(job.key);
      await this.afterSubmit(job);
      return job.key;
    } catch (error) {
      this.services.errors.report('Submitting the query to profile failed', error);
      return undefined;
    }
  }

  /**
   * Opens the job's profile beside the editor, without taking the focus, once the job is done
   * (its result fetched first if the poller has not). A failed job says why in the job explorer.
   */
  private openWhenDone(jobKey: string): void {
    let settling = false;
    const check = (): void => {
      const job = this.services.store.get(jobKey);
      if (settling || job === undefined || job.state === 'pending') {
        if (job === undefined) {
          this.stopAwaiting(jobKey);
        }
        return;
      }
      settling = true;
      this.stopAwaiting(jobKey);
      if (job.state === 'done') {
        void this.showProfileOf(job, true);
      }
    };
    this.awaited.set(
      jobKey,
      this.services.store.onDidChange((changes) => {
        if (changes.some((change) => change.job.key === jobKey)) {
          check();
        }
      }),
    );
    check();
  }

  private stopAwaiting(jobKey: string): void {
    this.awaited.get(jobKey)?.dispose();
    this.awaited.delete(jobKey);
  }

  /** Show Profile on a job of the explorer (or a job key). */
  private async showProfile(target: JobNode | string | undefined): Promise<PlanDocument | undefined> {
    const key = typeof target === 'string' ? target : target?.kind === 'job' ? target.key : undefined;
    const job = key === undefined ? undefined : this.services.store.get(key);
    if (!job) {
      void vscode.window.showWarningMessage('ArangoDB: that job is no longer tracked.');
      return undefined;
    }
    return this.showProfileOf(job, false);
  }

  private async showProfileOf(job: TrackedJob, preserveFocus: boolean): Promise<PlanDocument | undefined> {
    try {
      if (!job.result) {
        const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `ArangoDB: fetching the result of job ${job.id}` }, () =>
          this.services.actions.fetchResult(job.key),
        );
        if (outcome.kind !== 'stored') {
          void vscode.window.showWarningMessage(`ArangoDB: job ${job.id} has no result to show a profile of (${outcome.kind}).`);
          return undefined;
        }
      }
      const stored = await this.services.results.get(job.key);
      if (stored === undefined || stored.kind === 'error' || stored.profile === undefined) {
        void vscode.window.showWarningMessage(
          `ArangoDB: job ${job.id} ran without profiling. Use ArangoDB: Profile Query, or turn on the arangodb.query.profile setting, to profile a query.`,
        );
        return undefined;
      }
      const profile = profileFromExtra({ profile: stored.profile, stats: stored.statistics, plan: stored.plan, warnings: stored.warnings });
      const document = profileDocument(profile, { query: stored.query, database: stored.database, ...(stored.bindVars ? { bindVars: stored.bindVars } : {}) }, `job ${job.id}`);
      this.open(profilePanelKey(job.key), document, preserveFocus);
      return document;
    } catch (error) {
      this.services.errors.report(`Showing the profile of job ${job.id} failed`, error);
      return undefined;
    }
  }

  private open(key: string, document: PlanDocument, preserveFocus: boolean): void {
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal(vscode.ViewColumn.Beside, preserveFocus);
    } else {
      const created = new PlanPanel(this.extensionUri, document.title, vscode.ViewColumn.Beside, preserveFocus, (on) => void this.switchAllPlans(on));
      created.onDidDispose(() => {
        if (this.panels.get(key) === created) {
          this.panels.delete(key);
        }
      });
      this.panels.set(key, created);
      panel = created;
    }
    panel.show(document);
  }

  private async switchAllPlans(on: boolean): Promise<void> {
    const subject = this.explainSubject;
    if (subject === undefined) {
      return;
    }
    this.panels.get(EXPLAIN_PANEL)?.tell({ type: 'busy', text: on ? 'Asking the optimizer for every plan…' : 'Explaining the chosen plan…' });
    await this.explain(subject, on);
  }

  private async queryRun(uri: vscode.Uri | undefined, range: vscode.Range | undefined, verb: string): Promise<QueryRun | undefined> {
    const active = vscode.window.activeTextEditor;
    const editor = !uri || active?.document.uri.toString() === uri.toString() ? active : await vscode.window.showTextDocument(uri);
    if (!editor) {
      void vscode.window.showErrorMessage(`ArangoDB: open an .aql file, or select AQL in an editor, to ${verb} it.`);
      return undefined;
    }
    return resolveQueryRun(this.services, editor, range instanceof vscode.Range ? range : undefined);
  }

  dispose(): void {
    for (const key of [...this.awaited.keys()]) {
      this.stopAwaiting(key);
    }
    for (const panel of [...this.panels.values()]) {
      panel.dispose();
    }
    this.panels.clear();
  }
}
