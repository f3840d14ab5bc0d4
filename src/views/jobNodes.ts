import type { JobState } from '../jobs/trackedJob';

/** The tree's two kinds of node: a state group, and a job inside it. */
export type JobNode = { kind: 'group'; state: JobState } | { kind: 'job'; key: string };

/**
 * One node object per group and per job for the tree's whole life. VS Code finds the node to
 * redraw by object identity (its extension host keeps a `Map` from element to tree node), so a
 * node passed to `onDidChangeTreeData` that `getChildren` never returned is silently ignored:
 * a fresh `{ kind: 'group', state: 'pending' }` redraws nothing.
 */
export class JobNodes {
  private readonly groups = new Map<JobState, JobNode>();
  private readonly jobs = new Map<string, JobNode>();

  group(state: JobState): JobNode {
    let node = this.groups.get(state);
    if (!node) {
      node = { kind: 'group', state };
      this.groups.set(state, node);
    }
    return node;
  }

  job(key: string): JobNode {
    let node = this.jobs.get(key);
    if (!node) {
      node = { kind: 'job', key };
      this.jobs.set(key, node);
    }
    return node;
  }

  /** The nodes already handed out for these jobs; a job the tree has not asked for has nothing to redraw. */
  handedOut(keys: Iterable<string>): JobNode[] {
    const nodes: JobNode[] = [];
    for (const key of keys) {
      const node = this.jobs.get(key);
      if (node) nodes.push(node);
    }
    return nodes;
  }

  /** Forgets the nodes of jobs no longer tracked (cleared), so the cache never outgrows the store. */
  retain(keys: Iterable<string>): void {
    const kept = new Set(keys);
    for (const key of this.jobs.keys()) {
      if (!kept.has(key)) this.jobs.delete(key);
    }
  }
}
