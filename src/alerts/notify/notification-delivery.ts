import { Agent } from 'undici';
import { type Clock, formatDuration, type Logger, silentLogger, systemClock } from '../../kernel/index.js';
import {
  BreakersByDestination,
  type BreakerView,
  BrokenCircuitError,
  checkBackoffSettings,
  checkBreakerSettings,
  contextWithSignal,
  DecorrelatedJitterBackoff,
  OperationAbortedError,
  RetryPolicy,
  TaskTimeoutError,
  TimeoutPolicy,
} from '../../resilience/index.js';
import type { NotificationAttemptedData, NotificationRequestedData } from '../alert-events.js';
import { AttemptFailedError } from './attempt-failure.js';
import { AttemptSecrets } from './attempt-secrets.js';
import { type ChannelSet, defaultChannels, sendThrough } from './channels.js';
import { breakerKeyOf, describeDestination } from './describe-destination.js';
import { describeNetworkError } from './http-post.js';
import { receiverTimeoutMs } from './receiver-document.js';
import type { ReceiverDocument } from './receiver-types.js';
import { resolveSecretFromEnvironment, type SecretResolver } from './secret-ref.js';

/** Records one attempt (the runtime appends it as an event); awaited before the next attempt. */
export type AttemptRecorder = (attempt: NotificationAttemptedData) => Promise<void>;

export interface NotificationDeliveryOptions {
  clock?: Clock;
  logger?: Logger;
  /** Reads a secret reference at delivery time. Default: the environment variable or file, trimmed. */
  resolveSecret?: SecretResolver;
  /** Attempts per delivery, the first included. Default 6. */
  maxAttempts?: number;
  /** Delay between attempts: jittered, growing from baseMs to maxMs. Default 1 s → 2 min. */
  backoff?: { baseMs: number; maxMs: number };
  /** One breaker per destination: opens after this many retryable failures in a row. Default 5, 60 s. */
  breaker?: { failureThreshold: number; openMs: number };
  /** Called with every attempt, unless deliver() is given its own recorder. */
  onAttempt?: AttemptRecorder;
  /** Replaces the channel of a kind (tests, other transports). */
  channels?: Partial<ChannelSet>;
  /** Random numbers in [0, 1) for backoff jitter (tests make it deterministic). */
  random?: () => number;
}

/** How a delivery ended. `skipped`: nothing to send (a resolved notification to a receiver with sendResolved false). */
export interface DeliveryOutcome {
  delivered: boolean;
  attempts: number;
  error?: string;
  retryable: boolean;
  skipped?: boolean;
}

/** The recorder itself failed: not a delivery problem, so deliver() passes it on. */
class RecorderFailure extends Error {
  constructor(readonly error: unknown) {
    super('recording a notification attempt failed', { cause: error });
  }
}

/** The notification as this receiver wants it: without resolved alerts when sendResolved is false. */
function notificationFor(
  receiver: ReceiverDocument,
  notification: NotificationRequestedData,
): NotificationRequestedData | undefined {
  if (receiver.sendResolved) return notification;
  if (notification.status === 'resolved') return undefined;
  const firing = notification.alerts.filter((alert) => alert.status === 'firing');
  if (firing.length === 0) return undefined;
  return firing.length === notification.alerts.length ? notification : { ...notification, alerts: firing };
}

/** Refuses bad settings at construction rather than at the first delivery. */
function checkOptions(
  backoff: { baseMs: number; maxMs: number },
  breaker: { failureThreshold: number; openMs: number },
): void {
  const policy = 'NotificationDelivery';
  checkBackoffSettings(policy, 'backoff', backoff);
  checkBreakerSettings(policy, breaker);
}

/**
 * Delivers notifications to receivers: each attempt bounded by the receiver's timeout, judged
 * by a circuit breaker per destination, retried with jittered backoff. Every attempt is
 * recorded before the next one starts. Deliveries share nothing but the HTTP connection pool
 * (per origin), so a slow destination never holds up another.
 */
export class NotificationDelivery {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly resolveSecret: SecretResolver;
  private readonly onAttempt: AttemptRecorder | undefined;
  private readonly channels: ChannelSet;
  private readonly retry: RetryPolicy;
  private readonly breakerSettings: { failureThreshold: number; openMs: number };
  private readonly breakers: BreakersByDestination;
  private readonly timeouts = new Map<number, TimeoutPolicy>();
  // undici agents follow no redirects (that takes the redirect interceptor): a 3xx is an answer.
  private readonly http = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 10_000 } });
  private closed = false;

  constructor(options: NotificationDeliveryOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.resolveSecret = options.resolveSecret ?? resolveSecretFromEnvironment;
    this.onAttempt = options.onAttempt;
    this.channels = { ...defaultChannels, ...options.channels };
    this.breakerSettings = options.breaker ?? { failureThreshold: 5, openMs: 60_000 };
    const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 120_000 };
    checkOptions(backoff, this.breakerSettings);
    this.breakers = new BreakersByDestination({
      purpose: 'notify',
      ...this.breakerSettings,
      // A refusal (4xx, SMTP 5xx, missing secret) means the destination answered: not a failure of it.
      isFailure: (error) => !(error instanceof AttemptFailedError) || error.retryable,
      clock: this.clock,
      logger: this.logger,
    });
    this.retry = new RetryPolicy({
      name: 'notification-delivery',
      maxAttempts: options.maxAttempts ?? 6,
      backoff: new DecorrelatedJitterBackoff(backoff.baseMs, backoff.maxMs),
      maxDelayMs: backoff.maxMs,
      isRetryable: (error) => error instanceof AttemptFailedError && error.retryable,
      // Retry-After from the destination; an open circuit waits on the backoff like any failure.
      retryAfterMs: (error) => (error instanceof AttemptFailedError ? error.retryAfterMs : undefined),
      clock: this.clock,
      ...(options.random ? { random: options.random } : {}),
    });
  }

  /**
   * Sends `notification` to `receiver`, retrying until delivered, refused for good, or out of
   * attempts. Never throws for delivery problems (only if recording an attempt fails). Aborting
   * `signal` stops between attempts; an attempt under way runs to its end or its timeout.
   */
  async deliver(
    receiver: ReceiverDocument & { id: string },
    notification: NotificationRequestedData,
    signal?: AbortSignal,
    onAttempt?: AttemptRecorder,
  ): Promise<DeliveryOutcome> {
    const wanted = notificationFor(receiver, notification);
    if (!wanted) {
      return {
        delivered: false,
        attempts: 0,
        retryable: false,
        skipped: true,
        error: `not sent: receiver "${receiver.name}" does not send resolved notifications (sendResolved: false)`,
      };
    }
    if (signal?.aborted)
      return { delivered: false, attempts: 0, retryable: true, error: 'stopped before the first attempt' };
    const record = onAttempt ?? this.onAttempt;
    let attempts = 0;
    let last: AttemptFailedError | undefined;
    try {
      await this.retry.execute(
        async () => {
          const attempt = ++attempts;
          const result = await this.attemptOnce(receiver, wanted, attempt);
          try {
            await record?.(result.record);
          } catch (error) {
            throw new RecorderFailure(error);
          }
          if (result.failure) {
            last = result.failure;
            throw result.failure;
          }
        },
        signal ? contextWithSignal(signal) : undefined,
      );
      return { delivered: true, attempts, retryable: false };
    } catch (error) {
      if (error instanceof RecorderFailure) throw error.error;
      const message = last?.message ?? describeNetworkError(error);
      if (error instanceof OperationAbortedError || signal?.aborted) {
        return {
          delivered: false,
          attempts,
          retryable: true,
          error: `stopped after ${attempts} attempt(s): ${message}`,
        };
      }
      return { delivered: false, attempts, retryable: last?.retryable ?? true, error: message };
    }
  }

  /** The circuit of every destination used so far. */
  breakerStates(): Array<{ destination: string; state: BreakerView }> {
    return this.breakers.states();
  }

  /** Closes the HTTP connection pool (e-mail transports live for one attempt only). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.http.close();
  }

  private async attemptOnce(
    receiver: ReceiverDocument & { id: string },
    notification: NotificationRequestedData,
    attempt: number,
  ): Promise<{ record: NotificationAttemptedData; failure?: AttemptFailedError }> {
    const key = breakerKeyOf(receiver);
    const breaker = this.breakers.for(key);
    const timeoutMs = receiverTimeoutMs(receiver);
    const timeout = this.timeoutFor(timeoutMs);
    const secrets = new AttemptSecrets(this.resolveSecret);
    const started = this.clock.now();
    const base = {
      notificationId: notification.notificationId,
      receiverId: receiver.id,
      attempt,
      destination: describeDestination(receiver),
    };
    try {
      const result = await breaker.execute(() =>
        timeout.execute(({ signal }) =>
          sendThrough(this.channels, receiver, notification, {
            signal,
            timeoutMs,
            nowMs: this.clock.now(),
            secret: (ref) => secrets.get(ref),
            http: this.http,
          }),
        ),
      );
      const durationMs = this.clock.now() - started;
      const code = result.responseCode === undefined ? {} : { code: result.responseCode };
      return { record: { ...base, outcome: 'delivered', ...code, durationMs } };
    } catch (error) {
      const durationMs = this.clock.now() - started;
      const failure = this.failureOf(error, key, timeoutMs, secrets);
      this.logger.debug({ ...base, error: failure.message }, 'notification attempt failed');
      const outcome = error instanceof BrokenCircuitError ? 'circuit_open' : 'failed';
      const code = failure.responseCode === undefined ? {} : { code: failure.responseCode };
      return { record: { ...base, outcome, ...code, error: failure.message, durationMs }, failure };
    }
  }

  /** Any error of an attempt as an AttemptFailedError whose message holds no secret. */
  private failureOf(
    error: unknown,
    key: string,
    timeoutMs: number,
    secrets: AttemptSecrets,
  ): AttemptFailedError {
    if (error instanceof BrokenCircuitError) {
      return new AttemptFailedError(`circuit open for ${key} after repeated failures; not attempted`, {
        retryable: true,
        code: 'NOTIFICATION_CIRCUIT_OPEN',
      });
    }
    if (error instanceof TaskTimeoutError) {
      return new AttemptFailedError(`timed out after ${formatDuration(timeoutMs)}`, { retryable: true });
    }
    if (error instanceof AttemptFailedError) {
      const message = secrets.redact(error.message);
      if (message === error.message) return error;
      return new AttemptFailedError(message, {
        retryable: error.retryable,
        code: error.code,
        ...(error.responseCode === undefined ? {} : { responseCode: error.responseCode }),
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      });
    }
    return new AttemptFailedError(secrets.redact(describeNetworkError(error)), { retryable: true });
  }

  private timeoutFor(timeoutMs: number): TimeoutPolicy {
    let timeout = this.timeouts.get(timeoutMs);
    if (!timeout) {
      // Aggressive: the attempt ends at its deadline even if a transport ignores the abort.
      timeout = new TimeoutPolicy({
        name: 'notification-attempt',
        timeoutMs,
        strategy: 'aggressive',
        clock: this.clock,
      });
      this.timeouts.set(timeoutMs, timeout);
    }
    return timeout;
  }
}
