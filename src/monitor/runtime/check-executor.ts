import { setMaxListeners } from 'node:events';
import type { Clock } from '../../kernel/index.js';
import {
  BrokenCircuitError,
  BulkheadPolicy,
  CircuitBreakerPolicy,
  TaskTimeoutError,
  TimeoutPolicy,
} from '../../resilience/index.js';
import type { ActiveCheckSpec, CheckResult } from '../checks/check-types.js';
import { runCheck } from '../checks/run-check.js';

export interface CheckExecutorOptions {
  clock: Clock;
  /** Checks of one group (bulkhead) running at once. */
  groupConcurrency: number;
  /** Stops every check when Vigia stops. */
  signal: AbortSignal;
}

/** The host a check talks to (the circuit breaker's key). */
function hostOf(spec: ActiveCheckSpec): string {
  switch (spec.kind) {
    case 'http':
    case 'prometheus':
      return URL.canParse(spec.url) ? new URL(spec.url).host : spec.url;
    case 'dns':
      return spec.server ?? 'system-resolver';
    default:
      return `${spec.host}:${spec.port}`;
  }
}

/**
 * Runs each check through a resilience pipeline: a bulkhead per monitor group (so one group
 * cannot take every slot), a circuit breaker per target host (five down results in a row open
 * it for 30 s: checks of a dead host then cost a rejection, not a hung socket), and a timeout
 * (the check's own, plus a second as a backstop). Always resolves to a result. A probe (a check
 * someone asked for: "check now", healing verifying its work) goes through an open breaker, and
 * closes it when the host answers.
 */
export class CheckExecutor {
  private readonly bulkheads = new Map<string, BulkheadPolicy>();
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly timeouts = new Map<number, TimeoutPolicy>();

  constructor(private readonly options: CheckExecutorOptions) {
    // Every running check listens to the stop signal: hundreds at once is expected, not a leak.
    setMaxListeners(0, options.signal);
  }

  async execute(
    spec: ActiveCheckSpec,
    group: string,
    options: { probe?: boolean } = {},
  ): Promise<CheckResult> {
    const host = hostOf(spec);
    const started = performance.now();
    const check = () => this.timeout(spec.timeoutMs).execute((context) => this.run(spec, context.signal));
    try {
      if (!options.probe) return await this.bulkhead(group).execute(() => this.breaker(host).execute(check));
      const result = await this.bulkhead(group).execute(check);
      const breaker = this.breakers.get(host);
      if (result.status !== 'down' && breaker && breaker.state !== 'closed') breaker.reset();
      return result;
    } catch (error) {
      const latencyMs = performance.now() - started;
      if (error instanceof BrokenCircuitError) {
        return {
          status: 'down',
          latencyMs,
          message: `not checked: ${host} failed repeatedly (circuit open)`,
        };
      }
      if (error instanceof TaskTimeoutError) {
        return { status: 'down', latencyMs, message: `timed out after ${spec.timeoutMs} ms` };
      }
      return { status: 'down', latencyMs, message: `check failed: ${(error as Error).message}` };
    }
  }

  /**
   * Runs the check under a signal that aborts on its timeout or when Vigia stops. Listeners,
   * not AbortSignal.any: on Node 20 `any` keeps every derived signal alive as long as the
   * long-lived stop signal, a leak at 1,000 checks a second.
   */
  private async run(spec: ActiveCheckSpec, timeoutSignal: AbortSignal): Promise<CheckResult> {
    const controller = new AbortController();
    const abort = (source: AbortSignal) => () => controller.abort(source.reason);
    const onTimeout = abort(timeoutSignal);
    const onStop = abort(this.options.signal);
    timeoutSignal.addEventListener('abort', onTimeout, { once: true });
    this.options.signal.addEventListener('abort', onStop, { once: true });
    try {
      return await runCheck(spec, { signal: controller.signal, now: () => this.options.clock.now() });
    } finally {
      timeoutSignal.removeEventListener('abort', onTimeout);
      this.options.signal.removeEventListener('abort', onStop);
    }
  }

  /** Open circuits right now, by host (for the API and metrics). */
  openCircuits(): string[] {
    return [...this.breakers].filter(([, b]) => b.state !== 'closed').map(([host]) => host);
  }

  private bulkhead(group: string): BulkheadPolicy {
    let policy = this.bulkheads.get(group);
    if (!policy) {
      policy = new BulkheadPolicy({
        name: `monitor_group_${group}`,
        maxConcurrent: this.options.groupConcurrency,
        maxQueue: 100_000,
        clock: this.options.clock,
      });
      this.bulkheads.set(group, policy);
    }
    return policy;
  }

  private breaker(host: string): CircuitBreakerPolicy {
    let policy = this.breakers.get(host);
    if (!policy) {
      policy = new CircuitBreakerPolicy({
        name: `monitor_host_${host}`,
        isResultFailure: (result) => (result as CheckResult).status === 'down',
        breakDurationMs: 30_000,
        clock: this.options.clock,
      });
      this.breakers.set(host, policy);
    }
    return policy;
  }

  private timeout(timeoutMs: number): TimeoutPolicy {
    let policy = this.timeouts.get(timeoutMs);
    if (!policy) {
      policy = new TimeoutPolicy({
        name: `monitor_timeout_${timeoutMs}`,
        timeoutMs: timeoutMs + 1000,
        strategy: 'aggressive',
        clock: this.options.clock,
      });
      this.timeouts.set(timeoutMs, policy);
    }
    return policy;
  }
}
