/**
 * The bounded FIFO queue and worker pool that async requests run on (arangod's scheduler with
 * `--server.maximal-queue-size`): a task waits in the queue until one of `workers` is free.
 */

export interface QueuedTask {
  /** Runs the task; it must not reject (failures are part of its stored response). */
  run(): Promise<void>;
}

interface Entry {
  task: QueuedTask;
  enqueuedAt: number;
}

export class RequestQueue {
  private waiting: Entry[] = [];
  private busy = 0;
  /** Bumped by `drop()`: tasks of an older generation no longer count. */
  private generation = 0;
  private lastDequeueWaitMs = 0;

  constructor(
    private readonly workers: number,
    private readonly maxQueueSize: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Queues a task; false when the queue is full (arangod answers 503/21003 then). */
  tryEnqueue(task: QueuedTask): boolean {
    if (this.waiting.length >= this.maxQueueSize) {
      return false;
    }
    this.waiting.push({ task, enqueuedAt: this.now() });
    this.pump();
    return true;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get running(): number {
    return this.busy;
  }

  /**
   * The queue time a new request would face, in seconds, for the `x-arango-queue-time-seconds`
   * check and header. arangod reports how long the last dequeued request waited; the sandbox also
   * counts how long the oldest waiting one has waited, so a stuck queue shows at once.
   */
  currentQueueTimeSeconds(): number {
    const oldest = this.waiting[0];
    if (oldest === undefined && this.busy < this.workers) {
      return 0;
    }
    const oldestWait = oldest === undefined ? 0 : this.now() - oldest.enqueuedAt;
    return Math.max(oldestWait, this.lastDequeueWaitMs) / 1000;
  }

  /** Forgets every waiting task and stops counting running ones (a process restart). */
  drop(): void {
    this.waiting = [];
    this.busy = 0;
    this.generation += 1;
    this.lastDequeueWaitMs = 0;
  }

  private pump(): void {
    while (this.busy < this.workers) {
      const entry = this.waiting.shift();
      if (entry === undefined) {
        return;
      }
      this.lastDequeueWaitMs = this.now() - entry.enqueuedAt;
      this.busy += 1;
      const generation = this.generation;
      void entry.task
        .run()
        .catch(() => undefined)
        .finally(() => {
          if (generation === this.generation) {
            this.busy -= 1;
            this.pump();
          }
        });
    }
  }
}
