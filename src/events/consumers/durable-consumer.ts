import { type Clock, type Logger, newId, silentLogger, systemClock, toError } from '../../kernel/index.js';
import {
  checkpointOf,
  LOG_START,
  type LogCheckpoint,
  laterCheckpoint,
  type RecordedEvent,
} from '../envelope.js';
import { LeaseLostError } from '../errors.js';
import type { EventStore } from '../event-store.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoints.js';
import { type ConsumerMetrics, consumerMetrics } from './consumer-metrics.js';
import type { ConsumerContext, ConsumerStatus, DurableConsumerOptions } from './consumer-options.js';
import { ensureConsumerTables } from './consumer-tables.js';
import { acquireLease, releaseLease, renewLeaseOrThrow } from './lease.js';
import { recordParkedEvent } from './parked-events.js';

export type {
  ConsumerContext,
  ConsumerHandler,
  ConsumerStatus,
  DurableConsumerOptions,
} from './consumer-options.js';

/**
 * A named, durable reader of the log. Its checkpoint commits in the same transaction as its
 * read-model writes (exactly-once effects on the read model), one instance at a time holds
 * its lease, a failing batch is split to find the failing event, which is retried with
 * backoff and parked after `maxAttempts` without holding back other consumers.
 */
export class DurableConsumer {
  readonly name: string;
  private readonly owner: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly metrics: ConsumerMetrics | undefined;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private holdsLease = false;
  private lastRenewal = 0;
  private checkpoint: LogCheckpoint = LOG_START;
  private failures = 0;
  private isolateRemaining = 0;
  private readSequence = 0;
  private caughtUpWaiters: Array<{ after: number; resolve: () => void }> = [];
  private currentStatus: ConsumerStatus = 'stopped';
  private idleWake: AbortController | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: DurableConsumerOptions,
  ) {
    if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(options.name)) {
      throw new Error(`Consumer name "${options.name}" must be 1-200 letters, digits, _ . : or -`);
    }
    this.name = options.name;
    this.owner = options.instanceId ?? newId();
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger()).child({ consumer: options.name });
    this.metrics = options.metrics ? consumerMetrics(options.metrics) : undefined;
    this.batchSize = options.batchSize ?? 500;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.leaseMs = options.leaseMs ?? 15_000;
  }

  get status(): ConsumerStatus {
    return this.currentStatus;
  }

  /** The checkpoint after the last committed batch. */
  get position(): LogCheckpoint {
    return this.checkpoint;
  }

  /** Starts processing in the background; resolves once the consumer tables exist. */
  async start(): Promise<void> {
    if (this.loop) return;
    await ensureConsumerTables(this.store);
    this.abort = new AbortController();
    this.currentStatus = 'waiting-for-lease';
    this.loop = this.run(this.abort.signal);
  }

  /** Finishes the batch in flight, releases the lease and stops. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort?.abort();
    await this.loop;
    this.loop = undefined;
    if (this.holdsLease) {
      this.holdsLease = false;
      await this.store
        .withTransaction((tx) => releaseLease(tx, this.name, this.owner))
        .catch((error) => {
          this.logger.warn({ err: error }, 'could not release the lease; it will expire');
        });
    }
    this.currentStatus = 'stopped';
    for (const waiter of this.caughtUpWaiters) waiter.resolve();
    this.caughtUpWaiters = [];
  }

  /** Resolves once the consumer has processed every event committed before this call. */
  waitUntilCaughtUp(): Promise<void> {
    const caughtUp = new Promise<void>((resolve) =>
      this.caughtUpWaiters.push({ after: this.readSequence, resolve }),
    );
    // An idle consumer re-reads at once instead of waiting for the next append.
    this.idleWake?.abort();
    return caughtUp;
  }

  /** Events in the log after this consumer's checkpoint (approximate on PostgreSQL). */
  async lag(): Promise<number> {
    return Math.max(0, (await this.store.headPosition()) - this.checkpoint.position);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let infrastructureFailures = 0;
    while (!signal.aborted) {
      try {
        if (!this.holdsLease) {
          if (!(await this.takeLease())) {
            this.currentStatus = 'waiting-for-lease';
            await this.pause(this.leaseMs / 3, signal);
            continue;
          }
        }
        this.currentStatus = 'running';
        const sequence = ++this.readSequence;
        const limit = this.isolateRemaining > 0 ? 1 : this.batchSize;
        // With a filter, wait from the end seen before this read (see catchUpSubscription).
        const end = this.options.filter ? await this.store.endCheckpoint() : undefined;
        const page = await this.store.readAllPage(this.checkpoint, limit, this.options.filter);
        if (page.length === 0) {
          this.resolveCaughtUp(sequence);
          await this.reportLag();
          await this.idle(signal, end ? laterCheckpoint(this.checkpoint, end) : this.checkpoint);
        } else {
          await this.process(page, signal);
          await this.reportLag();
        }
        infrastructureFailures = 0;
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof LeaseLostError) {
          this.logger.warn('lease lost to another instance; standing by');
          this.holdsLease = false;
          continue;
        }
        infrastructureFailures++;
        this.logger.error({ err: error }, 'consumer loop failed; retrying');
        await this.pause(this.retryDelay(infrastructureFailures), signal);
      }
    }
  }

  private async takeLease(): Promise<boolean> {
    const now = this.clock.now();
    const acquired = await this.store.withTransaction((tx) =>
      acquireLease(tx, this.name, this.owner, now, this.leaseMs),
    );
    if (!acquired) return false;
    this.holdsLease = true;
    this.lastRenewal = now;
    this.checkpoint =
      (await this.store.withTransaction((tx) => loadCheckpoint(tx, this.name))) ??
      (await this.initialCheckpoint());
    this.logger.info({ checkpoint: this.checkpoint }, 'lease acquired');
    return true;
  }

  private async initialCheckpoint(): Promise<LogCheckpoint> {
    return this.options.startAt === 'end' ? this.store.endCheckpoint() : LOG_START;
  }

  private async process(page: ReadonlyArray<RecordedEvent>, signal: AbortSignal): Promise<void> {
    const effects: Array<() => void | Promise<void>> = [];
    const replaying = this.options.replaying?.() ?? false;
    const context: ConsumerContext = {
      consumer: this.name,
      replaying,
      afterCommit: (effect) => {
        if (!replaying) effects.push(effect);
      },
    };
    const next = checkpointOf(page[page.length - 1]!);
    try {
      await this.store.withTransaction(async (tx) => {
        // Read models are derived data: losing the last commits in a server crash only makes the
        // consumer redo them (checkpoint and writes are lost together), so skip the WAL flush wait.
        // A batch that appends events switches back to a durable commit (StoreTransaction).
        if (tx.dialect === 'postgres') await tx.execute('SET LOCAL synchronous_commit = off');
        const now = this.clock.now();
        await renewLeaseOrThrow(tx, this.name, this.owner, now, this.leaseMs);
        await this.options.handle(page, tx, context);
        await saveCheckpoint(tx, this.name, next, now);
        this.lastRenewal = now;
      });
    } catch (error) {
      if (error instanceof LeaseLostError || isInfrastructureError(error)) throw error;
      await this.onHandlerFailure(page, toError(error), signal);
      return;
    }
    this.committed(page.length, next);
    for (const effect of effects) {
      try {
        await effect();
      } catch (error) {
        this.logger.error({ err: error }, 'an afterCommit effect failed; the batch stays committed');
      }
    }
  }

  private committed(count: number, next: LogCheckpoint): void {
    this.checkpoint = next;
    this.failures = 0;
    if (this.isolateRemaining > 0) this.isolateRemaining = Math.max(0, this.isolateRemaining - count);
    this.metrics?.processed.inc({ consumer: this.name }, count);
  }

  private async onHandlerFailure(
    page: ReadonlyArray<RecordedEvent>,
    error: Error,
    signal: AbortSignal,
  ): Promise<void> {
    this.metrics?.failures.inc({ consumer: this.name });
    if (page.length > 1) {
      // Retry the batch one event at a time so one bad event cannot block its neighbours.
      this.isolateRemaining = page.length;
      this.logger.warn({ err: error, events: page.length }, 'batch failed; retrying event by event');
      return;
    }
    this.failures++;
    const event = page[0]!;
    if (this.failures < this.maxAttempts) {
      const delay = this.retryDelay(this.failures);
      this.logger.warn(
        { err: error, position: event.position, attempt: this.failures, delay },
        'handler failed; retrying',
      );
      await this.pause(delay, signal);
      return;
    }
    await this.park(event, error);
  }

  private async park(event: RecordedEvent, error: Error): Promise<void> {
    const next = checkpointOf(event);
    await this.store.withTransaction(async (tx) => {
      const now = this.clock.now();
      await renewLeaseOrThrow(tx, this.name, this.owner, now, this.leaseMs);
      await recordParkedEvent(tx, this.name, event, error, this.failures, now);
      await saveCheckpoint(tx, this.name, next, now);
    });
    this.logger.error(
      { err: error, position: event.position, eventId: event.id },
      'event parked after repeated failures',
    );
    this.metrics?.parked.inc({ consumer: this.name });
    this.committed(1, next);
  }

  /** Waits for new events, waking in time to renew the lease. */
  private async idle(signal: AbortSignal, from: LogCheckpoint): Promise<void> {
    if (signal.aborted) return;
    const wake = new AbortController();
    this.idleWake = wake;
    const onAbort = () => wake.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = this.clock.setTimer(this.leaseMs / 3, () => wake.abort());
    try {
      await this.store.waitForEvents(from, wake.signal);
    } finally {
      this.idleWake = undefined;
      timer.cancel();
      signal.removeEventListener('abort', onAbort);
    }
    if (!signal.aborted && this.clock.now() - this.lastRenewal >= this.leaseMs / 3) {
      const now = this.clock.now();
      this.holdsLease = await this.store.withTransaction((tx) =>
        acquireLease(tx, this.name, this.owner, now, this.leaseMs),
      );
      this.lastRenewal = now;
    }
  }

  private resolveCaughtUp(sequence: number): void {
    if (this.caughtUpWaiters.length === 0) return;
    const ready = this.caughtUpWaiters.filter((w) => w.after < sequence);
    this.caughtUpWaiters = this.caughtUpWaiters.filter((w) => w.after >= sequence);
    for (const waiter of ready) waiter.resolve();
  }

  private async reportLag(): Promise<void> {
    if (this.metrics) this.metrics.lag.set({ consumer: this.name }, await this.lag());
  }

  private retryDelay(attempt: number): number {
    const base = this.options.retryBaseMs ?? 200;
    const max = this.options.retryMaxMs ?? 30_000;
    return Math.min(max, base * 2 ** (attempt - 1));
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    await this.clock.sleep(ms, signal).catch(() => undefined);
  }
}

function isInfrastructureError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'STORE_UNAVAILABLE' || code === 'STORE_CLOSED';
}
