import { type Clock, systemClock, type TimerHandle } from '../kernel/index.js';
import { invoke } from './CircuitBreakerPolicy.js';
import { LatencyHistogram } from './LatencyHistogram.js';
import { type Guarded, type Policy, type PolicyContext, ROOT_CONTEXT } from './Policy.js';
import { PolicyBase } from './PolicyBase.js';
import { durationOption, integerOption, ratioOption } from './validate-options.js';

export interface HedgingOptions {
  name?: string;
  /** Start a hedge after this delay … */
  delayMs?: number;
  /** … or after this latency percentile of past successful calls (0..1), e.g. 0.95. */
  percentile?: number;
  /** Samples needed before the percentile is trusted; `delayMs` (default 100 ms) is used until then. Default 20. */
  minSamples?: number;
  /** Extra attempts at most. Default 1. */
  maxHedges?: number;
  clock?: Clock;
}

/**
 * Tail-latency insurance: if the first attempt is slow, start another; the first success
 * wins and the others are aborted through their signals.
 */
export class HedgingPolicy extends PolicyBase implements Policy {
  private readonly delayMs: number;
  private readonly percentile: number | undefined;
  private readonly minSamples: number;
  private readonly maxHedges: number;
  private readonly clock: Clock;
  private readonly latencies = new LatencyHistogram();

  constructor(options: HedgingOptions = {}) {
    super(options.name ?? 'hedging', 'hedging');
    const p = `Hedging "${this.name}"`;
    this.delayMs = durationOption(p, 'delayMs', options.delayMs, 100, 0);
    this.percentile =
      options.percentile === undefined
        ? undefined
        : ratioOption(p, 'percentile', options.percentile, 0.95, 0.01);
    this.minSamples = integerOption(p, 'minSamples', options.minSamples, 20, 1);
    this.maxHedges = integerOption(p, 'maxHedges', options.maxHedges, 1, 1);
    this.clock = options.clock ?? systemClock;
  }

  /** The delay before a hedge starts, now. */
  get currentDelayMs(): number {
    if (this.percentile === undefined || this.latencies.count < this.minSamples) return this.delayMs;
    return this.latencies.quantile(this.percentile) ?? this.delayMs;
  }

  execute<T>(fn: Guarded<T>, context: PolicyContext = ROOT_CONTEXT): Promise<T> {
    this.stats.calls++;
    const delay = this.currentDelayMs;
    return new Promise<T>((resolve, reject) => {
      const controllers: AbortController[] = [];
      let timer: TimerHandle | undefined;
      let pending = 0;
      let settled = false;
      let lastError: unknown;
      const onParentAbort = () => {
        for (const c of controllers) c.abort(context.signal.reason);
      };
      const parent = context.signal !== ROOT_CONTEXT.signal ? context.signal : undefined;
      parent?.addEventListener('abort', onParentAbort, { once: true });
      const finish = () => {
        settled = true;
        timer?.cancel();
        parent?.removeEventListener('abort', onParentAbort);
      };
      const start = (attempt: number) => {
        const controller = new AbortController();
        controllers.push(controller);
        pending++;
        const started = this.clock.now();
        invoke(fn, { signal: controller.signal, attempt }).then(
          (result) => {
            pending--;
            if (settled) return;
            finish();
            this.latencies.record(this.clock.now() - started);
            this.stats.successes++;
            for (const other of controllers) if (other !== controller) other.abort(new Error('hedge lost'));
            resolve(result);
          },
          (error: unknown) => {
            pending--;
            lastError = error;
            if (settled) return;
            if (pending === 0 && (attempt > this.maxHedges || parent?.aborted)) {
              finish();
              this.stats.failures++;
              reject(lastError);
            } else if (pending === 0) {
              // Every running attempt failed before the hedge delay: hedge at once.
              timer?.cancel();
              hedge(attempt + 1);
            }
          },
        );
      };
      const hedge = (attempt: number) => {
        if (settled || attempt > this.maxHedges + 1) return;
        if (this.hasListeners)
          this.emit({ type: 'hedge.started', policy: this.name, attempt, delayMs: delay });
        start(attempt);
        if (attempt <= this.maxHedges) timer = this.clock.setTimer(delay, () => hedge(attempt + 1));
      };
      start(1);
      timer = this.clock.setTimer(delay, () => hedge(2));
    });
  }
}
