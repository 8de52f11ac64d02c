import { type Clock, systemClock } from '../kernel/index.js';
import { invoke } from './CircuitBreakerPolicy.js';
import { type Deadline, DeadlineList } from './DeadlineList.js';
import { BulkheadRejectedError, OperationAbortedError } from './errors/rejections.js';
import { type Guarded, type Policy, type PolicyContext, ROOT_CONTEXT } from './Policy.js';
import { PolicyBase } from './PolicyBase.js';
import { durationOption, integerOption } from './validate-options.js';

export interface BulkheadOptions {
  name?: string;
  /** Calls running at once. */
  maxConcurrent: number;
  /** Calls waiting for a slot; more are rejected at once. Default 0. */
  maxQueue?: number;
  /** Longest a call waits in the queue before it is rejected. Default: no limit. */
  maxQueueWaitMs?: number;
  clock?: Clock;
}

interface Waiter {
  start: () => void;
  fail: (error: unknown) => void;
  deadline: Deadline | undefined;
  unlinkAbort: (() => void) | undefined;
  done: boolean;
}

/** Bounds concurrent calls (and the queue in front of them), so one slow dependency cannot take every resource. */
export class BulkheadPolicy extends PolicyBase implements Policy {
  private readonly maxConcurrent: number;
  private readonly maxQueue: number;
  private readonly queueDeadlines: DeadlineList | undefined;
  private running = 0;
  private readonly queue: Waiter[] = [];
  private queueHead = 0;
  private waiting = 0;

  constructor(options: BulkheadOptions) {
    super(options.name ?? 'bulkhead', 'bulkhead');
    const p = `Bulkhead "${this.name}"`;
    this.maxConcurrent = integerOption(p, 'maxConcurrent', options.maxConcurrent, Number.NaN, 1);
    this.maxQueue = integerOption(p, 'maxQueue', options.maxQueue, 0, 0);
    this.queueDeadlines =
      options.maxQueueWaitMs === undefined
        ? undefined
        : new DeadlineList(
            options.clock ?? systemClock,
            durationOption(p, 'maxQueueWaitMs', options.maxQueueWaitMs, 0, 0),
          );
  }

  /** Calls running now. */
  get executing(): number {
    return this.running;
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.waiting;
  }

  execute<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    this.stats.calls++;
    if (this.running < this.maxConcurrent) return this.run(fn, context);
    if (this.queued >= this.maxQueue) return this.reject('queue_full');
    if (context.signal.aborted)
      return Promise.reject(new OperationAbortedError(this.name, context.signal.reason));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        done: false,
        deadline: undefined,
        unlinkAbort: undefined,
        start: () => this.run(fn, context).then(resolve, reject),
        fail: reject,
      };
      if (this.queueDeadlines) {
        waiter.deadline = this.queueDeadlines.add(() =>
          this.leaveQueue(waiter, BulkheadRejectedError.create(this.name, 'queue_timeout')),
        );
      }
      if (context.signal !== ROOT_CONTEXT.signal) {
        const onAbort = () =>
          this.leaveQueue(waiter, new OperationAbortedError(this.name, context.signal.reason));
        context.signal.addEventListener('abort', onAbort, { once: true });
        waiter.unlinkAbort = () => context.signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(waiter);
      this.waiting++;
    });
  }

  private run<T>(fn: Guarded<T>, context: PolicyContext): Promise<T> {
    this.running++;
    const promise = invoke(fn, context);
    // The slot is released on a side branch: the caller gets the call's own promise, one hop shorter.
    promise.then(this.ranOk, this.ranWithError);
    return promise;
  }

  private readonly ranOk = (): void => {
    this.stats.successes++;
    this.release();
  };

  private readonly ranWithError = (): void => {
    this.stats.failures++;
    this.release();
  };

  private release(): void {
    this.running--;
    while (this.queueHead < this.queue.length) {
      const next = this.queue[this.queueHead]!;
      this.queue[this.queueHead++] = undefined as unknown as Waiter;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      if (next.done) continue;
      this.settle(next);
      next.start();
      return;
    }
  }

  private leaveQueue(waiter: Waiter, error: unknown): void {
    if (waiter.done) return;
    this.settle(waiter);
    if (error instanceof BulkheadRejectedError) {
      this.stats.rejections++;
      if (this.hasListeners)
        this.emit({ type: 'bulkhead.rejected', policy: this.name, reason: error.reason });
    }
    waiter.fail(error);
    // Leave the slot in the queue array; `release` skips settled waiters.
  }

  private settle(waiter: Waiter): void {
    waiter.done = true;
    this.waiting--;
    if (waiter.deadline) this.queueDeadlines?.remove(waiter.deadline);
    waiter.unlinkAbort?.();
  }

  private reject<T>(reason: 'queue_full'): Promise<T> {
    this.stats.rejections++;
    if (this.hasListeners) this.emit({ type: 'bulkhead.rejected', policy: this.name, reason });
    return Promise.reject(BulkheadRejectedError.create(this.name, reason));
  }
}
