import { type Clock, systemClock } from '../kernel/index.js';
import { type Deadline, DeadlineList } from './DeadlineList.js';
import { TaskTimeoutError } from './errors/rejections.js';
import { type Guarded, type Policy, type PolicyContext, ROOT_CONTEXT } from './Policy.js';
import { PolicyBase } from './PolicyBase.js';
import { durationOption } from './validate-options.js';

export interface TimeoutOptions {
  name?: string;
  timeoutMs: number;
  /**
   * cooperative (default): at the deadline the function's signal aborts and the call fails
   * with TaskTimeoutError once the function gives up. aggressive: the call fails at the
   * deadline even if the function ignores its signal (its work goes on in the background).
   */
  strategy?: 'cooperative' | 'aggressive';
  clock?: Clock;
}

/**
 * The context a timed call receives. Its AbortController is created only if the function
 * reads `signal`, so a function that ignores the signal costs no controller and no abort.
 */
class TimedContext implements PolicyContext {
  expired = false;
  private controller: AbortController | undefined;
  private unlinkParent: (() => void) | undefined;

  constructor(
    private readonly parent: PolicyContext,
    private readonly reason: () => Error,
  ) {}

  get attempt(): number {
    return this.parent.attempt;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.expired) this.controller.abort(this.reason());
      const parentSignal = this.parent.signal;
      if (parentSignal.aborted) this.controller.abort(parentSignal.reason);
      else if (parentSignal !== ROOT_CONTEXT.signal) {
        const onAbort = () => this.controller?.abort(parentSignal.reason);
        parentSignal.addEventListener('abort', onAbort, { once: true });
        this.unlinkParent = () => parentSignal.removeEventListener('abort', onAbort);
      }
    }
    return this.controller.signal;
  }

  expire(): void {
    this.expired = true;
    this.controller?.abort(this.reason());
  }

  dispose(): void {
    this.unlinkParent?.();
    this.unlinkParent = undefined;
  }
}

/** Bounds how long a call may take. One shared timer serves every pending deadline. */
export class TimeoutPolicy extends PolicyBase implements Policy {
  readonly timeoutMs: number;
  private readonly strategy: 'cooperative' | 'aggressive';
  private readonly deadlines: DeadlineList;

  constructor(options: TimeoutOptions) {
    super(options.name ?? 'timeout', 'timeout');
    this.timeoutMs = durationOption(`Timeout "${this.name}"`, 'timeoutMs', options.timeoutMs, Number.NaN, 1);
    if (
      options.strategy !== undefined &&
      options.strategy !== 'cooperative' &&
      options.strategy !== 'aggressive'
    ) {
      throw new Error(`Timeout "${this.name}": option "strategy" must be cooperative or aggressive`);
    }
    this.strategy = options.strategy ?? 'cooperative';
    this.deadlines = new DeadlineList(options.clock ?? systemClock, this.timeoutMs);
  }

  /** Deadlines not yet settled (for leak checks). */
  get pendingDeadlines(): number {
    return this.deadlines.pending;
  }

  execute<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    this.stats.calls++;
    const timed = new TimedContext(context, () => new TaskTimeoutError(this.name, this.timeoutMs));
    let rejectAtDeadline: ((error: Error) => void) | undefined;
    const deadline = this.deadlines.add(() => {
      timed.expire();
      this.stats.failures++;
      if (this.hasListeners)
        this.emit({ type: 'timeout.timed_out', policy: this.name, timeoutMs: this.timeoutMs });
      rejectAtDeadline?.(new TaskTimeoutError(this.name, this.timeoutMs));
    });
    let promise: Promise<T>;
    try {
      promise = Promise.resolve(fn(timed));
    } catch (error) {
      promise = Promise.reject(error);
    }
    const settled = promise.then(
      (result) => this.finish(deadline, timed, result),
      (error: unknown) => {
        this.finish(deadline, timed, undefined);
        if (timed.expired && !(error instanceof TaskTimeoutError)) {
          throw Object.assign(new TaskTimeoutError(this.name, this.timeoutMs), { cause: error });
        }
        throw error;
      },
    );
    if (this.strategy === 'cooperative') return settled;
    return new Promise<T>((resolve, reject) => {
      rejectAtDeadline = reject;
      settled.then(resolve, reject);
    });
  }

  private finish<T>(deadline: Deadline, timed: TimedContext, result: T): T {
    this.deadlines.remove(deadline);
    timed.dispose();
    if (!timed.expired) this.stats.successes++;
    return result;
  }
}
