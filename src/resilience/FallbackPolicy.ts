import { invoke } from './CircuitBreakerPolicy.js';
import { type Guarded, type Policy, type PolicyContext, ROOT_CONTEXT } from './Policy.js';
import { PolicyBase } from './PolicyBase.js';

export interface FallbackOptions<F> {
  name?: string;
  /** The value to return instead, or a function computing it from the error. */
  fallback: F | ((error: unknown) => F | Promise<F>);
  /** Which errors fall back. Default: all. */
  when?: (error: unknown) => boolean;
}

/** Returns a stand-in value (or the result of a function) when the call fails with chosen errors. */
export class FallbackPolicy<F> extends PolicyBase implements Policy {
  private readonly fallback: F | ((error: unknown) => F | Promise<F>);
  private readonly when: (error: unknown) => boolean;

  constructor(options: FallbackOptions<F>) {
    super(options.name ?? 'fallback', 'fallback');
    if (!('fallback' in options)) throw new Error(`Fallback "${this.name}": option "fallback" is required`);
    this.fallback = options.fallback;
    this.when = options.when ?? (() => true);
  }

  /** Runs `fn`; on a chosen failure resolves to the fallback, which stands in for the result. */
  execute<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    return this.executeWithFallback(fn, context) as Promise<T>;
  }

  /** Like execute, with the fallback's type kept apart from the result's. */
  executeWithFallback<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T | F> {
    this.stats.calls++;
    return invoke(fn, context).then(
      (result) => {
        this.stats.successes++;
        return result;
      },
      (error: unknown) => {
        if (!this.when(error)) {
          this.stats.failures++;
          throw error;
        }
        this.stats.rejections++;
        if (this.hasListeners) this.emit({ type: 'fallback.used', policy: this.name, error });
        return typeof this.fallback === 'function'
          ? (this.fallback as (e: unknown) => F | Promise<F>)(error)
          : this.fallback;
      },
    );
  }
}
