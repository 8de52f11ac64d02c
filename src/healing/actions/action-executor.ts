import { Agent } from 'undici';
import { type Clock, type Logger, ShuttingDownError, silentLogger, systemClock } from '../../kernel/index.js';
import {
  BreakersByDestination,
  type BreakerView,
  BrokenCircuitError,
  checkBackoffSettings,
  checkBreakerSettings,
  contextWithSignal,
  DecorrelatedJitterBackoff,
  integerOption,
  OperationAbortedError,
  ResilienceConfigError,
  RetryPolicy,
  TaskTimeoutError,
  TimeoutPolicy,
} from '../../resilience/index.js';
import { ActionAttemptError, ActionNotExecutableError, type AttemptReport } from './action-errors.js';
import { cleanExcerpt, describeError } from './attempt-detail.js';
import {
  type CommandSettings,
  checkCommandAllowed,
  checkCommandSettings,
  runCommandAction,
} from './command-action.js';
import { parseHttpAction, runHttpAction } from './http-action.js';
import type { ActionAttempt, ActionResult, AttemptOutcome, RenderedAction } from './rendered-action.js';
import { simulatorResetRequest } from './simulator-fault-action.js';

export interface ActionExecutorOptions {
  clock?: Clock;
  logger?: Logger;
  /** `healing.commands`; absent means commands are disabled. */
  commands?: CommandSettings;
  /** Attempts are min(retries + 1, maxAttempts); waits jittered from baseMs up to maxMs. Default 5, 1 s → 30 s. */
  retry?: { maxAttempts: number; baseMs: number; maxMs: number };
  /** One breaker per destination: opens after this many failures in a row, for openMs. Default 5, 60 s. */
  breaker?: { failureThreshold: number; openMs: number };
  /** Random numbers in [0, 1) for backoff jitter (tests make it deterministic). */
  random?: () => number;
}

export interface ExecuteOptions {
  /** Each attempt's limit; a command still running then gets SIGTERM, then SIGKILL. */
  timeoutMs: number;
  /** Attempts after the first (capped by `retry.maxAttempts`). */
  retries: number;
  /** Stops between attempts; an attempt under way runs to its end or its timeout. */
  signal?: AbortSignal;
  /** Records each attempt (the runtime appends an event); awaited before the next attempt. */
  onAttempt?: (attempt: ActionAttempt) => Promise<void>;
}

/** An executable action, checked: where it goes and how to make one attempt. */
interface PreparedAction {
  destination: string;
  run: (signal: AbortSignal) => Promise<AttemptReport>;
  /** A timed-out attempt's own report (command output) is worth keeping; an aborted HTTP request's is not. */
  keepsReportOnTimeout: boolean;
}

/** One attempt's outcome, thrown so RetryPolicy can decide whether to try again. */
class AttemptFailure extends Error {
  constructor(
    readonly attempt: ActionAttempt,
    readonly report: AttemptReport,
    readonly retryable: boolean,
    readonly retryAfterMs: number | undefined,
  ) {
    super(attempt.detail);
  }
}

/** The recorder itself failed: not an action problem, so execute() passes it on. */
class RecorderFailure extends Error {
  constructor(readonly error: unknown) {
    super('recording an action attempt failed', { cause: error });
  }
}

const DEFAULT_RETRY = { maxAttempts: 5, baseMs: 1_000, maxMs: 30_000 };
const DEFAULT_BREAKER = { failureThreshold: 5, openMs: 60_000 };

function checkOptions(
  retry: { maxAttempts: number; baseMs: number; maxMs: number },
  breaker: { failureThreshold: number; openMs: number },
): void {
  const policy = 'ActionExecutor';
  integerOption(policy, 'retry.maxAttempts', retry.maxAttempts, 1);
  checkBackoffSettings(policy, 'retry', retry);
  checkBreakerSettings(policy, breaker);
}

/**
 * Runs remediation actions (http, command, simulator_fault_off): each attempt bounded by its
 * timeout and judged by a circuit breaker per destination (HTTP origin or executable path),
 * retried with jittered backoff when retrying can help. Every attempt is recorded before the
 * next one starts. Refusals (a command not allowed, a non-loopback simulator, notify or
 * approval, a malformed action) throw an ActionRefusedError before any attempt.
 */
export class ActionExecutor {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly commands: CommandSettings | undefined;
  private readonly retrySettings: { maxAttempts: number; baseMs: number; maxMs: number };
  private readonly breakerSettings: { failureThreshold: number; openMs: number };
  private readonly random: (() => number) | undefined;
  private readonly breakers: BreakersByDestination;
  private readonly timeouts = new Map<number, TimeoutPolicy>();
  private readonly http: Agent;
  private closed = false;

  constructor(options: ActionExecutorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.retrySettings = options.retry ?? DEFAULT_RETRY;
    this.breakerSettings = options.breaker ?? DEFAULT_BREAKER;
    checkOptions(this.retrySettings, this.breakerSettings);
    this.breakers = new BreakersByDestination({
      purpose: 'action',
      ...this.breakerSettings,
      // A refusal (HTTP 404, a redirect, a malformed request) means the destination answered.
      isFailure: (error) =>
        error instanceof TaskTimeoutError || (error instanceof ActionAttemptError && error.destinationFault),
      clock: this.clock,
      logger: this.logger,
    });
    if (options.commands) checkCommandSettings(options.commands);
    this.commands = options.commands && { ...options.commands, allow: [...options.commands.allow] };
    this.random = options.random;
    // undici agents follow no redirects (that takes the redirect interceptor): a 3xx is an answer.
    this.http = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 10_000 } });
  }

  /**
   * Runs `action` until it succeeds, fails for good, or runs out of attempts. Throws only for a
   * refused action (ActionRefusedError), bad options, a closed executor, or a failing recorder.
   */
  async execute(action: RenderedAction, options: ExecuteOptions): Promise<ActionResult> {
    if (this.closed) throw new ShuttingDownError('remediation actions');
    if (!Number.isInteger(options.retries) || options.retries < 0) {
      throw new ResilienceConfigError('ActionExecutor', 'retries', 'an integer ≥ 0', options.retries);
    }
    const timeout = this.timeoutFor(options.timeoutMs);
    const prepared = this.prepare(action);
    const { signal, onAttempt } = options;
    if (signal?.aborted)
      return { outcome: 'failed', attempts: 0, detail: 'stopped before the first attempt' };
    const retry = new RetryPolicy({
      name: 'remediation-action',
      maxAttempts: Math.min(options.retries + 1, this.retrySettings.maxAttempts),
      backoff: new DecorrelatedJitterBackoff(this.retrySettings.baseMs, this.retrySettings.maxMs),
      maxDelayMs: this.retrySettings.maxMs,
      isRetryable: (error) => error instanceof AttemptFailure && error.retryable,
      retryAfterMs: (error) => (error instanceof AttemptFailure ? error.retryAfterMs : undefined),
      clock: this.clock,
      ...(this.random ? { random: this.random } : {}),
    });
    let attempts = 0;
    let last: { attempt: ActionAttempt; report: AttemptReport } | undefined;
    try {
      const report = await retry.execute(
        async () => {
          const number = ++attempts;
          const result = await this.attemptOnce(prepared, timeout, number);
          last = result;
          try {
            await onAttempt?.(result.attempt);
          } catch (error) {
            throw new RecorderFailure(error);
          }
          if (result.failure) throw result.failure;
          return result.report;
        },
        signal ? contextWithSignal(signal) : undefined,
      );
      return this.resultOf('succeeded', attempts, report.detail, report);
    } catch (error) {
      if (error instanceof RecorderFailure) throw error.error;
      if (!last) throw error;
      const outcome = last.attempt.outcome === 'timed_out' ? 'timed_out' : 'failed';
      const stopped = error instanceof OperationAbortedError || signal?.aborted === true;
      const detail = stopped
        ? cleanExcerpt(`stopped after ${attempts} attempt(s): ${last.attempt.detail}`)
        : last.attempt.detail;
      return this.resultOf(outcome, attempts, detail, last.report);
    }
  }

  /** The circuit of every destination used so far. */
  breakerStates(): Array<{ destination: string; state: BreakerView }> {
    return this.breakers.states();
  }

  /** Closes the HTTP connection pool; later calls to execute() throw ShuttingDownError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.http.close();
  }

  private resultOf(
    outcome: ActionResult['outcome'],
    attempts: number,
    detail: string,
    report: AttemptReport,
  ): ActionResult {
    return {
      outcome,
      attempts,
      detail,
      ...(report.exitCode === undefined ? {} : { exitCode: report.exitCode }),
      ...(report.status === undefined ? {} : { status: report.status }),
      ...(report.stdout === undefined ? {} : { stdout: report.stdout }),
      ...(report.stderr === undefined ? {} : { stderr: report.stderr }),
    };
  }

  /** Checks the action and says where it goes and how to attempt it; throws an ActionRefusedError. */
  private prepare(action: RenderedAction): PreparedAction {
    switch (action.kind) {
      case 'http': {
        const url = parseHttpAction(action);
        return {
          destination: url.origin,
          keepsReportOnTimeout: false,
          run: (signal) => runHttpAction(action, { signal, dispatcher: this.http, nowMs: this.clock.now() }),
        };
      }
      case 'simulator_fault_off': {
        const { url, resetUrl } = simulatorResetRequest(action);
        return {
          destination: url.origin,
          keepsReportOnTimeout: false,
          run: (signal) =>
            runHttpAction(
              { method: 'POST', url: resetUrl, headers: {} },
              { signal, dispatcher: this.http, nowMs: this.clock.now() },
            ),
        };
      }
      case 'command': {
        checkCommandAllowed(action, this.commands);
        const settings = this.commands;
        return {
          destination: action.executable,
          keepsReportOnTimeout: true,
          run: (signal) =>
            runCommandAction(action, {
              signal,
              clock: this.clock,
              ...(settings?.killGraceMs === undefined ? {} : { killGraceMs: settings.killGraceMs }),
              retryNonZeroExit: settings?.retryNonZeroExit === true,
            }),
        };
      }
      case 'notify':
      case 'approval':
        throw new ActionNotExecutableError(action.kind);
      default:
        throw new ActionNotExecutableError(String((action as { kind?: unknown }).kind));
    }
  }

  private async attemptOnce(
    prepared: PreparedAction,
    timeout: TimeoutPolicy,
    attempt: number,
  ): Promise<{ attempt: ActionAttempt; report: AttemptReport; failure?: AttemptFailure }> {
    const breaker = this.breakers.for(prepared.destination);
    const started = this.clock.now();
    try {
      const report = await breaker.execute(() => timeout.execute(({ signal }) => prepared.run(signal)));
      const durationMs = this.clock.now() - started;
      return { attempt: { attempt, outcome: 'succeeded', detail: report.detail, durationMs }, report };
    } catch (error) {
      const durationMs = this.clock.now() - started;
      const judged = this.judge(error, prepared, timeout.timeoutMs);
      const record: ActionAttempt = {
        attempt,
        outcome: judged.outcome,
        detail: judged.report.detail,
        durationMs,
      };
      this.logger.debug(
        { destination: prepared.destination, attempt, outcome: judged.outcome, detail: judged.report.detail },
        'remediation action attempt failed',
      );
      const failure = new AttemptFailure(record, judged.report, judged.retryable, judged.retryAfterMs);
      return { attempt: record, report: judged.report, failure };
    }
  }

  /** Any error of an attempt as an outcome, a report, and whether another attempt could help. */
  private judge(
    error: unknown,
    prepared: PreparedAction,
    timeoutMs: number,
  ): { outcome: AttemptOutcome; report: AttemptReport; retryable: boolean; retryAfterMs?: number } {
    if (error instanceof BrokenCircuitError) {
      return {
        outcome: 'circuit_open',
        report: {
          detail: `circuit open for ${prepared.destination} after repeated failures; not attempted`,
        },
        retryable: true,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      };
    }
    if (error instanceof TaskTimeoutError) {
      const head = `timed out after ${timeoutMs} ms`;
      const own = error.cause instanceof ActionAttemptError ? error.cause.report : undefined;
      const report: AttemptReport =
        own && prepared.keepsReportOnTimeout
          ? { ...own, detail: cleanExcerpt(`${head}; ${own.detail}`) }
          : { detail: head };
      return { outcome: 'timed_out', report, retryable: true };
    }
    if (error instanceof ActionAttemptError) {
      return {
        outcome: 'failed',
        report: error.report,
        retryable: error.retryable,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      };
    }
    return { outcome: 'failed', report: { detail: cleanExcerpt(describeError(error)) }, retryable: false };
  }

  private timeoutFor(timeoutMs: number): TimeoutPolicy {
    let timeout = this.timeouts.get(timeoutMs);
    if (!timeout) {
      // Cooperative: every action honours the signal, and a command is waited for until it is gone.
      timeout = new TimeoutPolicy({ name: 'remediation-action', timeoutMs, clock: this.clock });
      this.timeouts.set(timeoutMs, timeout);
    }
    return timeout;
  }
}
