import { type EventStore, type EventToAppend, InvalidEventError } from '../../events/index.js';
import type { Clock, Logger } from '../../kernel/index.js';
import type { CheckResult } from '../checks/check-types.js';
import {
  type CheckCompletedData,
  MonitorEvents,
  type MonitorStatus,
  monitorResultStream,
  type StatusChangedData,
} from '../monitor-events.js';

export interface CompletedCheck {
  monitorId: string;
  monitor: string;
  service: string;
  kind: string;
  dueAt: number;
  startedAt: number;
  result: CheckResult;
}

export interface ResultWriterOptions {
  store: EventStore;
  clock: Clock;
  logger: Logger;
  /** Results are appended at least this often… */
  flushIntervalMs?: number;
  /** …or as soon as this many are waiting. */
  maxBatch?: number;
  /**
   * While the store cannot take results, failed batches are kept and retried with the next flush,
   * up to this many events; beyond it the oldest are dropped (and counted). Default 100,000.
   */
  maxRetained?: number;
}

/**
 * Appends check results in batches — many results, one append, one transaction — so 1,000
 * checks a second never means 1,000 transactions a second. It remembers each monitor's last
 * status and adds a `monitor.status_changed` event to the batch when it changes. When an append
 * fails (the database is away), the batch is kept and retried, within `maxRetained` events.
 */
export class ResultWriter {
  /** Queued events by stream (one entry per monitor, so a batch appends to each stream once). */
  private pending = new Map<string, EventToAppend[]>();
  private queued = 0;
  private readonly statuses = new Map<string, MonitorStatus>();
  private timer: ReturnType<Clock['setTimer']> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly maxRetained: number;
  private droppedEvents = 0;

  constructor(private readonly options: ResultWriterOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxRetained = options.maxRetained ?? 100_000;
  }

  /** Events dropped because the store was unavailable for longer than `maxRetained` events. */
  get dropped(): number {
    return this.droppedEvents;
  }

  /** Events waiting to be appended (queued or kept after a failed append). */
  get waiting(): number {
    return this.queued;
  }

  /** Seeds the last known statuses (from the status read model) so a restart does not re-announce them. */
  seedStatuses(statuses: Iterable<[string, MonitorStatus]>): void {
    for (const [id, status] of statuses) this.statuses.set(id, status);
  }

  statusOf(monitorId: string): MonitorStatus {
    return this.statuses.get(monitorId) ?? 'unknown';
  }

  /** Queues a result (and a status change, if any); resolves when it is queued, not written. */
  record(check: CompletedCheck): void {
    const data: CheckCompletedData = {
      monitorId: check.monitorId,
      monitor: check.monitor,
      service: check.service,
      kind: check.kind,
      status: check.result.status,
      latencyMs: Math.round(check.result.latencyMs * 1000) / 1000,
      message: check.result.message,
      dueAt: new Date(check.dueAt).toISOString(),
      startedAt: new Date(check.startedAt).toISOString(),
    };
    if (check.result.details) data.details = check.result.details;
    // A status change goes first: the read model opens the monitor's row from it, then the check fills it.
    const change = this.changeTo(check, check.result.status, check.result.message);
    const events: EventToAppend[] = change ? [change] : [];
    events.push({ type: MonitorEvents.checkCompleted, data: { ...data } });
    this.enqueue(check.monitorId, events);
  }

  /** Records a status that no check produced: paused, resumed (unknown), or a heartbeat gone missing. */
  recordStatus(
    monitor: Omit<CompletedCheck, 'result' | 'dueAt' | 'startedAt' | 'kind'>,
    to: MonitorStatus,
    message: string,
  ): void {
    const change = this.changeTo(monitor, to, message);
    if (change) this.enqueue(monitor.monitorId, [change]);
  }

  /** Forgets a deleted monitor. */
  forget(monitorId: string): void {
    this.statuses.delete(monitorId);
  }

  /** Writes everything queued; resolves once it is in the store. */
  async flush(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    const batch = [...this.pending].map(([streamId, events]) => ({
      streamId,
      events,
      expectedVersion: 'any' as const,
    }));
    this.pending = new Map();
    this.queued = 0;
    const previous = this.flushing;
    this.flushing = (async () => {
      await previous;
      if (batch.length === 0) return;
      try {
        await this.options.store.appendToStreams(batch);
      } catch (error) {
        if (error instanceof InvalidEventError) {
          // Retrying cannot help an event the store refuses: say so and go on.
          this.options.logger.error(
            { err: error, streams: batch.length },
            'check results refused by the store',
          );
          return;
        }
        this.options.logger.error(
          { err: error, streams: batch.length },
          'could not append check results; keeping them for the next flush',
        );
        this.retain(batch);
      }
    })();
    await this.flushing;
  }

  /** Puts a failed batch back in front of what was queued since, dropping the oldest beyond the bound. */
  private retain(batch: ReadonlyArray<{ streamId: string; events: EventToAppend[] }>): void {
    const newer = this.pending;
    this.pending = new Map();
    this.queued = 0;
    for (const { streamId, events } of batch) this.pending.set(streamId, [...events]);
    for (const [streamId, events] of newer) {
      const kept = this.pending.get(streamId);
      if (kept) kept.push(...events);
      else this.pending.set(streamId, events);
    }
    for (const events of this.pending.values()) this.queued += events.length;
    while (this.queued > this.maxRetained) {
      // Drop the oldest stream's oldest events; its status is forgotten so the next check re-announces it.
      const [streamId, events] = this.pending.entries().next().value!;
      const excess = Math.min(events.length, this.queued - this.maxRetained);
      events.splice(0, excess);
      this.queued -= excess;
      this.droppedEvents += excess;
      if (events.length === 0) this.pending.delete(streamId);
      this.statuses.delete(streamId.slice(monitorResultStream('').length));
    }
    this.timer ??= this.options.clock.setTimer(this.flushIntervalMs, () => void this.flush());
  }

  private changeTo(
    monitor: { monitorId: string; monitor: string; service: string },
    to: MonitorStatus,
    message: string,
  ): EventToAppend | undefined {
    const from = this.statusOf(monitor.monitorId);
    if (from === to) return undefined;
    this.statuses.set(monitor.monitorId, to);
    const data: StatusChangedData = {
      monitorId: monitor.monitorId,
      monitor: monitor.monitor,
      service: monitor.service,
      from,
      to,
      message,
    };
    return { type: MonitorEvents.statusChanged, data: { ...data } };
  }

  private enqueue(monitorId: string, events: EventToAppend[]): void {
    const streamId = monitorResultStream(monitorId);
    const queued = this.pending.get(streamId);
    if (queued) queued.push(...events);
    else this.pending.set(streamId, events);
    this.queued += events.length;
    if (this.queued >= this.maxBatch) void this.flush();
    else this.timer ??= this.options.clock.setTimer(this.flushIntervalMs, () => void this.flush());
  }
}
