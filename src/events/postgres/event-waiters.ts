import { type Clock, type Logger, type TimerHandle, toError } from '../../kernel/index.js';

/** A place in the PostgreSQL log order: (transaction id, position). */
export interface LogPlace {
  transactionId: bigint;
  position: number;
}

interface Waiter {
  after: LogPlace;
  resolve: () => void;
}

/** True when `a` comes after `b` in the log order. */
export function isAfter(a: LogPlace, b: LogPlace): boolean {
  return (
    a.transactionId > b.transactionId || (a.transactionId === b.transactionId && a.position > b.position)
  );
}

/**
 * The callers of waitForEvents. One shared probe reads the last readable place in the log
 * and releases every waiter it is after; probes run on notifications, in-process commits and
 * a safety interval, never more than one at a time.
 */
export class EventWaiters {
  private readonly waiters = new Set<Waiter>();
  private probing = false;
  private probeAgain = false;
  private safetyTimer: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly readHead: () => Promise<LogPlace | undefined>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Re-reads the head this often while anyone waits, in case a notification was missed. */
    private readonly recheckMs: number,
  ) {}

  /** Resolves when the log holds a readable event after `after`, or when `signal` aborts. */
  wait(after: LogPlace, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter: Waiter = {
        after,
        resolve: () => {
          this.waiters.delete(waiter);
          signal.removeEventListener('abort', waiter.resolve);
          resolve();
        },
      };
      this.waiters.add(waiter);
      signal.addEventListener('abort', waiter.resolve, { once: true });
      this.armSafetyTimer();
      this.wake();
    });
  }

  /** Something may have committed: probe the head for the current waiters. */
  wake(): void {
    if (this.waiters.size === 0) return;
    if (this.probing) {
      this.probeAgain = true;
      return;
    }
    this.probing = true;
    void this.probe();
  }

  /**
   * This process just committed events: release every waiter at once, without the probe's
   * round trip. A waiter that finds nothing readable (an older transaction still running)
   * simply waits again; that transaction's commit wakes it.
   */
  releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.resolve();
  }

  /** Releases every waiter (the store is closing). */
  close(): void {
    this.closed = true;
    this.safetyTimer?.cancel();
    this.safetyTimer = undefined;
    for (const waiter of [...this.waiters]) waiter.resolve();
  }

  private async probe(): Promise<void> {
    try {
      do {
        this.probeAgain = false;
        const head = await this.readHead();
        if (head === undefined) continue;
        for (const waiter of [...this.waiters]) if (isAfter(head, waiter.after)) waiter.resolve();
      } while (this.probeAgain && this.waiters.size > 0);
    } catch (error) {
      // The safety interval probes again; consumers keep waiting rather than fail on a blip.
      if (!this.closed)
        this.logger.warn({ err: toError(error) }, 'event store could not check for new events; retrying');
    } finally {
      this.probing = false;
    }
  }

  private armSafetyTimer(): void {
    if (this.safetyTimer) return;
    this.safetyTimer = this.clock.setTimer(this.recheckMs, () => {
      this.safetyTimer = undefined;
      if (this.waiters.size === 0) return;
      this.armSafetyTimer();
      this.wake();
    });
  }
}
