import { ResultStore } from '../results/resultStore';
import { AutoFetcher } from './autoFetcher';
import type { AutoFetcherOptions } from './autoFetcher';
import { errorLine } from './errorLine';
import { Emitter } from './events';
import type { Disposable } from './events';
import { JobActions } from './jobActions';
import type { FetchOutcome, JobConnection } from './jobActions';
import { JobActivityLog } from './jobNews';
import { JobStore } from './jobStore';
import type { JobLog } from './openSession';
import { OutageTracker } from './outageTracker';
import { Poller } from './poller';
import type { JobLists, PollerOptions } from './poller';
import { StatePersistence } from './statePersistence';
import type { KeyValueState } from './statePersistence';
import type { TrackedJob } from './trackedJob';

/** The settings the job layer follows while it runs. */
export interface JobLayerSettings {
  rowLimit: number;
  autoFetch: boolean;
  pollingIntervalMs: number;
}

/** What a person is told about the job layer's background work (the extension shows these; tests record them). */
export interface JobNotices {
  /** An automatic fetch failed; `willRetry` says whether it is tried again with back-off. */
  fetchFailed(job: Readonly<TrackedJob>, error: unknown, willRetry: boolean): void;
  /** Refreshing stopped reaching `coordinator` (once per outage). */
  coordinatorUnreachable(coordinator: string, error: unknown): void;
  /** `coordinator` answers again after an outage. */
  coordinatorReachable(coordinator: string): void;
}

export interface JobLayerOptions {
  /** The workspace state jobs are kept in (VS Code's `workspaceState`). */
  state: KeyValueState;
  /** The folder results are stored in (the extension's global storage `results` folder). */
  resultsDir: string;
  connection: JobConnection & JobLists;
  settings: () => JobLayerSettings;
  log: JobLog;
  notices: JobNotices;
  /** Overrides of the poller's fixed options (tests shorten the back-off, turn discovery off). */
  poller?: Partial<Omit<PollerOptions, 'intervalMs'>>;
  autoFetch?: AutoFetcherOptions;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The extension's job layer, wired once for the extension host and for the tests that run it in
 * plain Node: the job store over the workspace state, the result store, the actions, the poller,
 * the automatic fetches, the outage news and the job lines of the log. Everything here is free of
 * `vscode`.
 */
export class JobLayer implements Disposable {
  readonly store: JobStore;
  readonly results: ResultStore;
  readonly actions: JobActions;
  readonly poller: Poller;
  readonly autoFetcher: AutoFetcher;
  private readonly outages = new OutageTracker();
  private readonly fetched = new Emitter<FetchOutcome>();
  private readonly subscriptions: Disposable[] = [];

  /** Every automatic fetch that ended with an outcome (stored, failed, cancelled, lost). */
  readonly onDidAutoFetch = this.fetched.event;

  constructor(private readonly options: JobLayerOptions) {
    const { connection, log, notices } = options;
    const settings = options.settings();
    this.store = new JobStore(new StatePersistence(options.state));
    this.results = new ResultStore(options.resultsDir, { rowLimit: settings.rowLimit });
    // Files of a drain that a crash interrupted are never complete results: sweep them.
    this.results.removeStalePartials().catch((error: unknown) => log.warn(`Sweeping unfinished result files failed: ${String(error)}`));
    this.actions = new JobActions(this.store, this.results, () => connection);
    this.poller = new Poller(this.store, connection, {
      maxBackoffMs: MAX_BACKOFF_MS,
      ...options.poller,
      intervalMs: settings.pollingIntervalMs,
    });
    this.autoFetcher = new AutoFetcher(
      this.store,
      this.actions,
      () => options.settings().autoFetch,
      (job, error, willRetry) => notices.fetchFailed(job, error, willRetry),
      (outcome) => this.fetched.fire(outcome),
      options.autoFetch,
    );
    this.subscriptions.push(
      new JobActivityLog(this.store, log),
      this.poller.onDidRefresh((report) => {
        for (const { coordinator, error } of report.unreachable) {
          log.warn(`Refreshing jobs on ${coordinator} failed: ${errorLine(error)}`);
        }
        const { wentDown, cameBack } = this.outages.observe(report, connection.coordinators());
        for (const { coordinator, error } of wentDown) {
          notices.coordinatorUnreachable(coordinator, error);
        }
        for (const coordinator of cameBack) {
          notices.coordinatorReachable(coordinator);
        }
      }),
    );
  }

  /**
   * The connection was (re)built: reconcile what was tracked before (a reload, a restart, another
   * server) with the server, then fetch what finished meanwhile.
   */
  connectionChanged(): Promise<void> {
    if (this.options.connection.coordinators().length === 0) {
      return Promise.resolve();
    }
    return this.actions
      .recoverStored()
      // An unreadable results folder must not stop the refresh: the server's lists still count.
      .catch((error: unknown) => this.options.log.warn(`Reading stored results failed: ${errorLine(error)}`))
      .then(() => this.poller.refresh())
      .then(
        () => this.autoFetcher.catchUp(),
        () => undefined,
      );
  }

  /** Applies the settings the running parts follow (row limit, polling interval). */
  settingsChanged(): void {
    const settings = this.options.settings();
    this.results.setRowLimit(settings.rowLimit);
    this.poller.setInterval(settings.pollingIntervalMs);
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.dispose();
    }
    this.autoFetcher.dispose();
    this.poller.dispose();
    this.fetched.dispose();
    this.store.dispose();
  }
}

