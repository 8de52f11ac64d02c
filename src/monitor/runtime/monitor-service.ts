import {
  type ConsumerStatus,
  catchUpSubscription,
  checkpointOf,
  type EventStore,
  LOG_START,
  type LogCheckpoint,
  ProjectionNotReadyError,
  ProjectionRunner,
  type RecordedEvent,
} from '../../events/index.js';
import type { Clock, Logger } from '../../kernel/index.js';
import type { MonitorDefinition } from '../definition/monitor-definition.js';
import { parseMonitor } from '../definition/parse-monitor.js';
import { MONITOR_DEFINITION_EVENT_PREFIX, type MonitorStatus } from '../monitor-events.js';
import { MonitorQueries } from '../read-models/monitor-queries.js';
import { monitorStatusProjection } from '../read-models/monitor-status-projection.js';
import { ResultWriter } from '../results/result-writer.js';
import { CheckScheduler, type ScheduledCheck } from '../scheduler/check-scheduler.js';
import { CheckExecutor } from './check-executor.js';
import { HeartbeatSecrets } from './heartbeat-secrets.js';

export interface MonitorServiceOptions {
  store: EventStore;
  clock: Clock;
  logger: Logger;
  /** Checks running at once across all monitors. Default 256. */
  maxConcurrent?: number;
  /** Checks of one group running at once. Default 32. */
  groupConcurrency?: number;
  /** Check results are appended at least this often (ms). Default 250. */
  flushIntervalMs?: number;
}

const DEFINITION_FILTER = { typePrefixes: [`${MONITOR_DEFINITION_EVENT_PREFIX}_`] };

/**
 * Runs the monitors: follows the monitor definitions in the log (created, updated, paused,
 * deleted), schedules each one, runs its check through the resilience pipeline, appends the
 * results in batches, and keeps the read models (status, per-minute rollups, incidents) up to
 * date with a durable consumer.
 */
export class MonitorService {
  private readonly definitions = new Map<string, MonitorDefinition>();
  private readonly abort = new AbortController();
  private readonly scheduler: CheckScheduler;
  private readonly writer: ResultWriter;
  private readonly executor: CheckExecutor;
  private readonly runner: ProjectionRunner;
  private following: Promise<void> | undefined;
  /** Last heartbeat per heartbeat monitor (epoch ms). */
  private readonly lastBeats = new Map<string, number>();
  readonly queries: MonitorQueries;
  readonly heartbeatSecrets: HeartbeatSecrets;

  constructor(private readonly options: MonitorServiceOptions) {
    const { store, clock, logger } = options;
    this.runner = new ProjectionRunner(store, monitorStatusProjection, { clock, logger });
    this.heartbeatSecrets = new HeartbeatSecrets(store);
    this.queries = new MonitorQueries(store, this.runner, clock);
    this.writer = new ResultWriter({ store, clock, logger, flushIntervalMs: options.flushIntervalMs });
    this.executor = new CheckExecutor({
      clock,
      groupConcurrency: options.groupConcurrency ?? 32,
      signal: this.abort.signal,
    });
    this.scheduler = new CheckScheduler({
      clock,
      maxConcurrent: options.maxConcurrent ?? 256,
      run: (check) => this.runCheck(check),
    });
  }

  /** Number of monitors known (paused ones included). */
  get size(): number {
    return this.definitions.size;
  }

  /** Name of the read-model consumer (readiness watches it through `status`). */
  readonly name = monitorStatusProjection.name;

  /** Whether the read-model consumer runs. */
  get status(): ConsumerStatus {
    return this.runner.status;
  }

  async start(): Promise<void> {
    await this.heartbeatSecrets.start();
    await this.runner.start();
    await this.seedStatuses();
    const after = await this.loadDefinitions();
    this.scheduler.start();
    this.following = this.follow(after);
  }

  /** Runs a monitor's check as soon as possible; false when there is no such active monitor. */
  checkNow(monitorId: string): boolean {
    return this.scheduler.checkNow(monitorId);
  }

  /**
   * Records a heartbeat of a heartbeat monitor (the caller has checked its secret); false when
   * there is no such active heartbeat monitor. A service may report itself down with a message.
   */
  recordHeartbeat(monitorId: string, report: { status?: 'up' | 'down'; message?: string } = {}): boolean {
    const monitor = this.definitions.get(monitorId);
    if (monitor?.check.kind !== 'heartbeat' || monitor.paused) return false;
    const now = this.options.clock.now();
    this.lastBeats.set(monitorId, now);
    this.writer.record({
      monitorId,
      monitor: monitor.name,
      service: monitor.service,
      kind: 'heartbeat',
      dueAt: now,
      startedAt: now,
      result: {
        status: report.status ?? 'up',
        latencyMs: 0,
        message: report.message ?? 'heartbeat received',
      },
    });
    return true;
  }

  definition(monitorId: string): MonitorDefinition | undefined {
    return this.definitions.get(monitorId);
  }

  /** Stops scheduling, lets running checks finish, writes their results, stops the read models. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.scheduler.stop();
    await this.following?.catch(() => undefined);
    await this.writer.flush();
    await this.runner.stop();
  }

  /** Waits until every result written so far is in the read models (tests, the benchmark). */
  async settle(): Promise<void> {
    await this.writer.flush();
    await this.runner.waitUntilCaughtUp();
  }

  /** A heartbeat monitor's turn: down when no beat came within interval + grace (the beats themselves are the up results). */
  private sweepHeartbeat(check: ScheduledCheck, monitor: MonitorDefinition, graceSeconds: number): void {
    const now = this.options.clock.now();
    const last = this.lastBeats.get(check.monitorId) ?? now;
    const allowedMs = (monitor.intervalSeconds + graceSeconds) * 1000;
    if (now - last <= allowedMs) return;
    this.writer.record({
      monitorId: check.monitorId,
      monitor: monitor.name,
      service: monitor.service,
      kind: 'heartbeat',
      dueAt: check.dueAt,
      startedAt: check.startedAt,
      result: {
        status: 'down',
        latencyMs: 0,
        message: `no heartbeat for ${Math.round((now - last) / 1000)} s (allowed ${allowedMs / 1000} s)`,
      },
    });
  }

  private async seedStatuses(): Promise<void> {
    try {
      const statuses: Array<[string, MonitorStatus]> = [];
      for await (const row of this.queries.allStatuses()) {
        statuses.push([row.monitorId, row.status]);
        if (row.kind === 'heartbeat' && row.lastCheckAt)
          this.lastBeats.set(row.monitorId, Date.parse(row.lastCheckAt));
      }
      this.writer.seedStatuses(statuses);
    } catch (error) {
      // A first build of the read models is still running: statuses start unknown.
      if (!(error instanceof ProjectionNotReadyError)) throw error;
    }
  }

  private async loadDefinitions(): Promise<LogCheckpoint> {
    let after: LogCheckpoint = LOG_START;
    for (;;) {
      const page = await this.options.store.readAllPage(after, 1000, DEFINITION_FILTER);
      if (page.length === 0) return after;
      for (const event of page) this.apply(event);
      after = checkpointOf(page[page.length - 1]!);
    }
  }

  private async follow(after: LogCheckpoint): Promise<void> {
    const events = catchUpSubscription(this.options.store, {
      after,
      filter: DEFINITION_FILTER,
      signal: this.abort.signal,
    });
    for await (const event of events) this.apply(event);
  }

  private apply(event: RecordedEvent): void {
    const { id, doc } = event.data as { id: string; doc?: unknown };
    if (event.type === `${MONITOR_DEFINITION_EVENT_PREFIX}_deleted`) {
      this.definitions.delete(id);
      this.scheduler.unschedule(id);
      this.writer.forget(id);
      return;
    }
    const parsed = parseMonitor(doc);
    if (!parsed.ok) {
      this.options.logger.warn(
        { monitorId: id, errors: parsed.errors },
        'ignoring an invalid monitor definition',
      );
      return;
    }
    const monitor = parsed.monitor;
    this.definitions.set(id, monitor);
    const identity = { monitorId: id, monitor: monitor.name, service: monitor.service };
    if (monitor.paused) {
      this.scheduler.unschedule(id);
      this.writer.recordStatus(identity, 'paused', 'paused');
    } else {
      if (this.writer.statusOf(id) === 'paused') this.writer.recordStatus(identity, 'unknown', 'resumed');
      if (monitor.check.kind === 'heartbeat' && !this.lastBeats.has(id))
        this.lastBeats.set(id, this.options.clock.now());
      this.scheduler.schedule(id, monitor.intervalSeconds * 1000);
    }
  }

  private async runCheck(check: ScheduledCheck): Promise<void> {
    const monitor = this.definitions.get(check.monitorId);
    if (!monitor || this.abort.signal.aborted) return;
    if (monitor.check.kind === 'heartbeat') {
      this.sweepHeartbeat(check, monitor, monitor.check.graceSeconds);
      return;
    }
    const result = await this.executor.execute(monitor.check, monitor.group);
    if (this.abort.signal.aborted) return;
    this.writer.record({
      monitorId: check.monitorId,
      monitor: monitor.name,
      service: monitor.service,
      kind: monitor.check.kind,
      dueAt: check.dueAt,
      startedAt: check.startedAt,
      result,
    });
  }
}
