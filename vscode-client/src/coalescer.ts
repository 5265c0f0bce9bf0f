/**
 * Coalesces bursts of requests for one async task (restarting the server) into as few runs as possible:
 * requests within `delayMs` of each other make one run, runs never overlap, and a request that arrives
 * while a run is in progress makes exactly one more run after it. Pure logic with injectable timers.
 */

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Coalescer {
  private timer: unknown;
  private running = false;
  /** Requests not yet covered by a started run. */
  private waiting: Waiter[] = [];
  private reasons: string[] = [];
  private disposed = false;

  constructor(
    private readonly task: (reasons: string[]) => Promise<void>,
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Asks for a run; resolves when a run that started after this request has finished. */
  request(reason: string, immediate = false): Promise<void> {
    if (this.disposed) {
      return Promise.resolve();
    }
    this.reasons.push(reason);
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.running) {
      this.schedule(immediate ? 0 : this.delayMs);
    }
    return done;
  }

  get isRunning(): boolean {
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
    for (const waiter of this.waiting.splice(0)) {
      waiter.resolve();
    }
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
    }
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.running || this.disposed || this.waiting.length === 0) {
      return;
    }
    this.running = true;
    const covered = this.waiting.splice(0);
    const reasons = this.reasons.splice(0);
    let failure: unknown;
    let failed = false;
    try {
      await this.task(reasons);
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      this.running = false;
    }
    for (const waiter of covered) {
      if (failed) {
        waiter.reject(failure);
      } else {
        waiter.resolve();
      }
    }
    if (this.waiting.length > 0 && !this.disposed) {
      this.schedule(this.delayMs);
    }
  }
}
