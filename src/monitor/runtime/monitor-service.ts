import { hostname } from 'node:os';
import {
  type ConsumerStatus,
  catchUpSubscription,
  checkpointOf,
  compareCheckpoints,
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
import type { MetricSample } from '../ingest/index.js';
import {
  type HeartbeatReceivedData,
  MONITOR_DEFINITION_EVENT_PREFIX,
  MonitorEvents,
  type MonitorStatus,
  monitorRequestStream,
} from '../monitor-events.js';
import { LeasedShards } from '../ownership/leased-shards.js';
import { type ShardOwnership, SoleOwnership } from '../ownership/shard-ownership.js';
import { shardOf, stablePhase } from '../ownership/shards.js';
import { MonitorQueries } from '../read-models/monitor-queries.js';
import { monitorStatusProjection } from '../read-models/monitor-status-projection.js';
import { serviceGraphProjection } from '../read-models/service-graph-projection.js';
import { ServiceGraphQueries } from '../read-models/service-graph-queries.js';
import { CheckCompactor } from '../results/check-compactor.js';
import { ResultWriter } from '../results/result-writer.js';
import { CheckScheduler, type ScheduledCheck } from '../scheduler/check-scheduler.js';
import { CheckExecutor } from './check-executor.js';
import { HeartbeatSecrets } from './heartbeat-secrets.js';
import { type HeartbeatReport, HeartbeatTracker } from './heartbeat-tracker.js';

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
  /**
   * Several instances on PostgreSQL share the monitors through shard leases of this length (ms);
   * a dead instance's monitors move to the others within it plus a third of it. Default 6,000.
   */
  leaseMs?: number;
  /** This instance's name in the leases. Default host:pid:random. */
  instanceId?: string;
  /** Days raw check results are kept once folded into the minute rollups; unset keeps them for ever. */
  rawRetentionDays?: number;
  /** Receives the samples a check collected (prometheus scrapes); they are not stored with the result. */
  onSamples?: (samples: MetricSample[], monitorId: string) => void;
}

const DEFINITION_FILTER = { typePrefixes: [`${MONITOR_DEFINITION_EVENT_PREFIX}_`] };
const FOLLOW_FILTER = {
  typePrefixes: [
    `${MONITOR_DEFINITION_EVENT_PREFIX}_`,
    MonitorEvents.checkRequested,
    MonitorEvents.heartbeatReceived,
  ],
};

/**
 * Runs the monitors: follows the monitor definitions in the log (created, updated, paused,
 * deleted), schedules each one, runs its check through the resilience pipeline, appends the
 * results in batches, and keeps the read models (status, per-minute rollups, incidents, the
 * service dependency graph) up to date with durable consumers.
 *
 * With several instances on PostgreSQL, the monitors are split into shards and each shard is
 * run by the one instance holding its lease (see LeasedShards). Slots are derived from the
 * monitor id, so a monitor moving between instances keeps its rhythm. "Check now" and heartbeats
 * reaching an instance that does not run the monitor are forwarded as events to the one that does.
 */
export class MonitorService {
  private readonly definitions = new Map<string, MonitorDefinition>();
  private readonly abort = new AbortController();
  private readonly scheduler: CheckScheduler;
  private readonly writer: ResultWriter;
  private readonly executor: CheckExecutor;
  private readonly runner: ProjectionRunner;
  private readonly graphRunner: ProjectionRunner;
  private readonly compactor: CheckCompactor;
  private readonly ownership: ShardOwnership;
  /** The shards this instance runs (as last announced by the ownership). */
  private owned: ReadonlySet<number> = new Set();
  private adopting: Promise<void> = Promise.resolve();
  /** Forwarded requests up to here predate this start and are ignored. */
  private requestsFrom: LogCheckpoint = LOG_START;
  private following: Promise<void> | undefined;
  private readonly heartbeats: HeartbeatTracker;
  readonly queries: MonitorQueries;
  readonly graph: ServiceGraphQueries;
  readonly heartbeatSecrets: HeartbeatSecrets;

  constructor(private readonly options: MonitorServiceOptions) {
    const { store, clock, logger } = options;
    this.runner = new ProjectionRunner(store, monitorStatusProjection, { clock, logger });
    this.graphRunner = new ProjectionRunner(store, serviceGraphProjection, { clock, logger });
    this.compactor = new CheckCompactor({
      store,
      clock,
      logger,
      rawRetentionDays: options.rawRetentionDays,
      checkpointOf: () => this.runner.committedCheckpoint(),
    });
    this.heartbeatSecrets = new HeartbeatSecrets(store);
    this.queries = new MonitorQueries(store, this.runner, clock);
    this.graph = new ServiceGraphQueries(store, this.graphRunner);
    this.ownership =
      store.backend === 'postgres'
        ? new LeasedShards({
            store,
            clock,
            logger,
            owner:
              options.instanceId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
            leaseMs: options.leaseMs ?? 6000,
          })
        : new SoleOwnership();
    this.writer = new ResultWriter({ store, clock, logger, flushIntervalMs: options.flushIntervalMs });
    this.heartbeats = new HeartbeatTracker(this.writer, clock);
    this.executor = new CheckExecutor({
      clock,
      groupConcurrency: options.groupConcurrency ?? 32,
      signal: this.abort.signal,
    });
    this.scheduler = new CheckScheduler({
      clock,
      maxConcurrent: options.maxConcurrent ?? 256,
      run: (check) => this.runCheck(check),
      phaseOf: stablePhase,
    });
  }

  /** Number of monitors known (paused ones included). */
  get size(): number {
    return this.definitions.size;
  }

  /** Name of the read-model consumer (readiness watches it through `status`). */
  readonly name = monitorStatusProjection.name;

  /** Whether the read-model consumers run (the worse of the two). */
  get status(): ConsumerStatus {
    return this.runner.status === 'running' ? this.graphRunner.status : this.runner.status;
  }

  /** How many shards of the monitors this instance runs now (all of them with one instance). */
  get ownedShards(): number {
    return this.owned.size;
  }

  async start(): Promise<void> {
    await this.heartbeatSecrets.start();
    await this.runner.start();
    await this.graphRunner.start();
    this.compactor.start();
    await this.seedStatuses();
    this.requestsFrom = await this.options.store.endCheckpoint();
    const after = await this.loadDefinitions();
    this.scheduler.start();
    await this.ownership.start((owned) => this.ownShards(owned));
    await this.adopting;
    this.following = this.follow(after);
  }

  /**
   * Runs a monitor's check as soon as possible (after its current check, if one runs), here or,
   * when another instance runs it, there; false when there is no such active monitor.
   */
  async checkNow(monitorId: string): Promise<boolean> {
    const monitor = this.definitions.get(monitorId);
    if (!monitor || monitor.paused) return false;
    if (this.runsHere(monitorId)) return this.scheduler.checkNow(monitorId);
    await this.forward(monitorId, MonitorEvents.checkRequested, { monitorId });
    return true;
  }

  /**
   * Records a heartbeat of a heartbeat monitor (the caller has checked its secret); false when
   * there is no such active heartbeat monitor. A service may report itself down with a message.
   */
  async recordHeartbeat(monitorId: string, report: HeartbeatReport = {}): Promise<boolean> {
    const monitor = this.definitions.get(monitorId);
    if (monitor?.check.kind !== 'heartbeat' || monitor.paused) return false;
    if (this.runsHere(monitorId)) this.heartbeats.beat(monitorId, monitor, report);
    else await this.forward(monitorId, MonitorEvents.heartbeatReceived, { monitorId, ...report });
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
    await this.ownership.stop();
    await this.compactor.stop();
    await this.runner.stop();
    await this.graphRunner.stop();
  }

  /** Waits until every result written so far is in the read models (tests, the benchmark). */
  async settle(): Promise<void> {
    await this.writer.flush();
    await this.runner.waitUntilCaughtUp();
    await this.graphRunner.waitUntilCaughtUp();
  }

  /** Whether this instance runs the monitor (its shard is ours). */
  runsHere(monitorId: string): boolean {
    return this.owned.has(shardOf(monitorId));
  }

  private async forward(monitorId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.options.store.appendToStream(monitorRequestStream(monitorId), [{ type, data }]);
  }

  /** Applies a new set of owned shards: stops the monitors handed over, starts the ones taken over. */
  private ownShards(owned: ReadonlySet<number>): void {
    const previous = this.owned;
    const first = previous.size === 0;
    this.owned = owned;
    const adopted: string[] = [];
    for (const id of this.definitions.keys()) {
      const shard = shardOf(id);
      if (previous.has(shard) && !owned.has(shard)) {
        this.scheduler.unschedule(id);
        this.writer.forget(id);
        this.heartbeats.forget(id);
      } else if (!previous.has(shard) && owned.has(shard)) {
        adopted.push(id);
      }
    }
    if (adopted.length === 0) return;
    this.adopting = this.adopting
      .then(() => this.adopt(adopted, !first))
      .catch((error) => {
        this.options.logger.error({ err: error }, 'could not take over monitors');
      });
  }

  /** Starts monitors taken over, first learning their last status (and heartbeat) from the read model. */
  private async adopt(monitorIds: string[], learnStatuses: boolean): Promise<void> {
    if (learnStatuses) await this.learnStatuses(new Set(monitorIds));
    for (const id of monitorIds) {
      const monitor = this.definitions.get(id);
      if (monitor && this.runsHere(id)) this.activate(id, monitor);
    }
  }

  /** Learns the last status (and heartbeat) of the monitors from the read model: all, or those in `wanted`. */
  private async learnStatuses(wanted?: ReadonlySet<string>): Promise<void> {
    const statuses: Array<[string, MonitorStatus]> = [];
    for await (const row of this.queries.allStatuses()) {
      if (wanted && !wanted.has(row.monitorId)) continue;
      statuses.push([row.monitorId, row.status]);
      if (row.kind === 'heartbeat' && row.lastCheckAt)
        this.heartbeats.remember(row.monitorId, Date.parse(row.lastCheckAt));
    }
    this.writer.seedStatuses(statuses);
  }

  private async seedStatuses(): Promise<void> {
    try {
      await this.learnStatuses();
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
      filter: FOLLOW_FILTER,
      signal: this.abort.signal,
    });
    for await (const event of events) this.apply(event);
  }

  private apply(event: RecordedEvent): void {
    if (event.type === MonitorEvents.checkRequested || event.type === MonitorEvents.heartbeatReceived) {
      this.applyForwarded(event);
      return;
    }
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
    this.definitions.set(id, parsed.monitor);
    if (this.runsHere(id)) this.activate(id, parsed.monitor);
    else this.scheduler.unschedule(id);
  }

  /** A forwarded "check now" or heartbeat: acted on by the instance running the monitor, if it is new. */
  private applyForwarded(event: RecordedEvent): void {
    if (compareCheckpoints(checkpointOf(event), this.requestsFrom) <= 0) return;
    const data = event.data as HeartbeatReceivedData;
    const monitor = this.definitions.get(data.monitorId);
    if (!monitor || monitor.paused || !this.runsHere(data.monitorId)) return;
    if (event.type === MonitorEvents.checkRequested) this.scheduler.checkNow(data.monitorId);
    else if (monitor.check.kind === 'heartbeat') this.heartbeats.beat(data.monitorId, monitor, data);
  }

  /** Brings a monitor this instance runs in line with its definition: scheduled, or paused. */
  private activate(id: string, monitor: MonitorDefinition): void {
    const identity = { monitorId: id, monitor: monitor.name, service: monitor.service };
    if (monitor.paused) {
      this.scheduler.unschedule(id);
      this.writer.recordStatus(identity, 'paused', 'paused');
    } else {
      if (this.writer.statusOf(id) === 'paused') this.writer.recordStatus(identity, 'unknown', 'resumed');
      if (monitor.check.kind === 'heartbeat') this.heartbeats.watch(id);
      this.scheduler.schedule(id, monitor.intervalSeconds * 1000);
    }
  }

  private async runCheck(check: ScheduledCheck): Promise<void> {
    const monitor = this.definitions.get(check.monitorId);
    if (!monitor || this.abort.signal.aborted) return;
    // Our lease on the shard ran out (a stall, a lost database): another instance may run it now.
    if (!this.ownership.owns(shardOf(check.monitorId))) return;
    if (monitor.check.kind === 'heartbeat') {
      this.heartbeats.sweep(check, monitor, monitor.check.graceSeconds);
      return;
    }
    const { samples, ...result } = await this.executor.execute(monitor.check, monitor.group, {
      probe: check.requested === true,
    });
    if (this.abort.signal.aborted) return;
    if (samples && samples.length > 0) this.options.onSamples?.(samples, check.monitorId);
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
