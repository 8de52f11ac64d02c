import { type Clock, systemClock } from '../kernel/index.js';
import { invoke } from './CircuitBreakerPolicy.js';
import { ChaosInjectedError } from './errors/rejections.js';
import { type Guarded, type Policy, type PolicyContext, ROOT_CONTEXT } from './Policy.js';
import { PolicyBase } from './PolicyBase.js';
import { durationOption, ratioOption } from './validate-options.js';

/** What a chaos policy injects; every rate is 0..1. Change it at run time with `configure`. */
export interface ChaosSettings {
  enabled?: boolean;
  /** Share of calls that fail without running. */
  faultRate?: number;
  /** The error to fail with. Default ChaosInjectedError. */
  fault?: () => unknown;
  /** Share of calls delayed by `latencyMs` before running. */
  latencyRate?: number;
  latencyMs?: number;
  /** Share of calls whose result is replaced by `result(original)`. */
  resultRate?: number;
  result?: (original: unknown) => unknown;
}

export interface ChaosOptions extends ChaosSettings {
  name?: string;
  clock?: Clock;
  random?: () => number;
}

/** Injects faults, latency or wrong results at a rate, for drills and tests. Off unless enabled. */
export class ChaosPolicy extends PolicyBase implements Policy {
  private settings: Required<ChaosSettings>;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(options: ChaosOptions = {}) {
    super(options.name ?? 'chaos', 'chaos');
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.settings = this.validate({
      enabled: false,
      faultRate: 0,
      fault: () => new ChaosInjectedError(this.name),
      latencyRate: 0,
      latencyMs: 0,
      resultRate: 0,
      result: (original) => original,
      ...options,
    });
  }

  /** Changes what is injected, effective for the next call. */
  configure(settings: ChaosSettings): void {
    this.settings = this.validate({ ...this.settings, ...settings });
  }

  get enabled(): boolean {
    return this.settings.enabled;
  }

  execute<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    this.stats.calls++;
    const s = this.settings;
    if (!s.enabled) return invoke(fn, context);
    if (s.faultRate > 0 && this.random() < s.faultRate) {
      this.injected('error');
      return Promise.reject(s.fault());
    }
    const run = (): Promise<T> => {
      const promise = invoke(fn, context);
      if (s.resultRate > 0 && this.random() < s.resultRate) {
        return promise.then((result) => {
          this.injected('result');
          return s.result(result) as T;
        });
      }
      return promise;
    };
    if (s.latencyRate > 0 && this.random() < s.latencyRate) {
      this.injected('latency');
      return this.clock
        .sleep(s.latencyMs, context.signal === ROOT_CONTEXT.signal ? undefined : context.signal)
        .then(run);
    }
    return run();
  }

  private injected(fault: 'error' | 'latency' | 'result'): void {
    this.stats.rejections++;
    if (this.hasListeners) this.emit({ type: 'chaos.injected', policy: this.name, fault });
  }

  private validate(s: Required<ChaosSettings>): Required<ChaosSettings> {
    const p = `Chaos "${this.name}"`;
    ratioOption(p, 'faultRate', s.faultRate, 0);
    ratioOption(p, 'latencyRate', s.latencyRate, 0);
    ratioOption(p, 'resultRate', s.resultRate, 0);
    durationOption(p, 'latencyMs', s.latencyMs, 0, 0);
    return s;
  }
}
