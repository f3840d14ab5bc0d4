import type { RefreshReport } from './poller';

export interface OutageChanges {
  /** Coordinators that just stopped answering, with the error each gave: say so once. */
  wentDown: Array<{ coordinator: string; error: unknown }>;
  /** Coordinators that answer again after an outage. */
  cameBack: string[];
}

/**
 * Turns the poller's refresh reports into outage news: a coordinator that stops answering is news
 * once, not at every refresh while it stays down, and again only after it has answered in between.
 */
export class OutageTracker {
  private readonly down = new Set<string>();

  observe(report: RefreshReport, coordinators: readonly string[]): OutageChanges {
    const failed = new Set(report.unreachable.map(({ coordinator }) => coordinator));
    const wentDown = report.unreachable.filter(({ coordinator }) => !this.down.has(coordinator));
    for (const { coordinator } of wentDown) {
      this.down.add(coordinator);
    }
    const cameBack = coordinators.filter((coordinator) => !failed.has(coordinator) && this.down.delete(coordinator));
    return { wentDown, cameBack };
  }
}
