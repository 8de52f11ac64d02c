import { type ConsumerStatus, type EventStore, LogFollower, ProjectionRunner } from '../../events/index.js';
import { type Clock, type Logger, silentLogger, systemClock, VigiaError } from '../../kernel/index.js';
import {
  type AlertAcknowledgedData,
  AlertEvents,
  type AlertUnacknowledgedData,
  alertStream,
} from '../alert-events.js';
import type { RootRouteSettings } from '../dispatch/route-tree.js';
import { NotificationDelivery, type NotificationDeliveryOptions } from '../notify/notification-delivery.js';
import { alertProjection } from '../read-models/alert-projection.js';
import { type AlertFilter, AlertQueries, type AlertView } from '../read-models/alert-queries.js';
import { DeliveryWorker } from './delivery-worker.js';
import { EVALUATION_FILTER, EvaluationLoop } from './evaluation-loop.js';
import { NOTIFICATION_FILTER, NotificationLoop } from './notification-loop.js';

/** Alerting settings from vigia.yaml (`alerts:`), after defaults. */
export interface AlertSettings {
  root: RootRouteSettings;
  notifyRecovered: boolean;
  inhibitByDependency: boolean;
  delivery?: Pick<NotificationDeliveryOptions, 'maxAttempts' | 'backoff' | 'breaker' | 'resolveSecret'>;
}

export interface AlertServiceOptions {
  store: EventStore;
  settings: AlertSettings;
  clock?: Clock;
  logger?: Logger;
  /** Lease length of the evaluation and notification loops (several instances). Default 15 s. */
  leaseMs?: number;
  /** How often the loops save their state (a crash replays the log since). Default 60 s. */
  snapshotIntervalMs?: number;
  instanceId?: string;
}

/** An acknowledgement refused: the alert does not exist, is resolved, or is already in that state. */
export class AlertStateError extends VigiaError {
  constructor(
    code: 'NOT_FOUND' | 'CONFLICT',
    message: string,
    readonly alertId: string,
  ) {
    super(code, message, { details: { alertId } });
  }
}

/**
 * Alerting, wired: the evaluation loop (rules × samples → alert lifecycle events), the
 * notification loop (silences, inhibition, grouping, escalation → notification requests), the
 * delivery worker (requests → receivers, every attempt recorded) and the alert read models.
 */
export class AlertService {
  readonly queries: AlertQueries;
  private readonly evaluation: EvaluationLoop;
  private readonly notification: NotificationLoop;
  private readonly evaluator: LogFollower;
  private readonly notifier: LogFollower;
  private readonly delivery: DeliveryWorker;
  private readonly projection: ProjectionRunner;
  private readonly clock: Clock;

  constructor(private readonly options: AlertServiceOptions) {
    const { store, settings } = options;
    this.clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger();
    const common = {
      store,
      clock: this.clock,
      leaseMs: options.leaseMs,
      snapshotIntervalMs: options.snapshotIntervalMs,
      instanceId: options.instanceId,
    };
    this.evaluation = new EvaluationLoop(logger.child({ loop: 'alerts-evaluation' }));
    this.evaluator = new LogFollower({
      ...common,
      name: 'alerts-evaluation',
      filter: EVALUATION_FILTER,
      handler: this.evaluation,
      logger,
    });
    const notifierLogger = logger.child({ loop: 'alerts-notification' });
    this.notification = new NotificationLoop(
      {
        root: settings.root,
        notifyRecovered: settings.notifyRecovered,
        inhibitByDependency: settings.inhibitByDependency,
      },
      (requests) => this.delivery.enqueue(requests),
      notifierLogger,
    );
    this.notifier = new LogFollower({
      ...common,
      name: 'alerts-notification',
      filter: NOTIFICATION_FILTER,
      handler: this.notification,
      logger,
    });
    const delivery = new NotificationDelivery({
      clock: this.clock,
      logger: notifierLogger,
      ...settings.delivery,
    });
    this.delivery = new DeliveryWorker(
      store,
      delivery,
      (name) => this.notification.definitions.receiverByName(name),
      notifierLogger,
    );
    this.projection = new ProjectionRunner(store, alertProjection, { clock: this.clock, logger });
    this.queries = new AlertQueries(store, this.projection);
  }

  /** The loops and the read model, for /health/ready. */
  get consumers(): ReadonlyArray<{ readonly name: string; readonly status: ConsumerStatus }> {
    const projection = this.projection;
    return [
      this.evaluator,
      this.notifier,
      {
        name: 'alerts-read-model',
        get status() {
          return projection.status;
        },
      },
    ];
  }

  async start(): Promise<void> {
    await this.projection.start();
    await this.evaluator.start();
    await this.notifier.start();
  }

  async stop(): Promise<void> {
    await this.evaluator.stop();
    await this.notifier.stop();
    await this.delivery.stop();
    await this.projection.stop();
  }

  /** Resolves once both loops and the read model have taken in everything committed before the call. */
  async waitUntilCaughtUp(): Promise<void> {
    await this.evaluator.waitUntilCaughtUp();
    await this.notifier.waitUntilCaughtUp();
    await this.projection.waitUntilCaughtUp();
  }

  /** Resolves once no delivery is under way (tests, benchmarks). */
  deliveriesIdle(): Promise<void> {
    return this.delivery.idle();
  }

  list(filter: AlertFilter) {
    return this.queries.list(filter);
  }

  /** Acknowledges a pending or firing alert: escalation stops, repeats are held back. */
  async acknowledge(alertId: string, by: string, comment?: string): Promise<AlertView> {
    const alert = await this.activeAlert(alertId);
    if (alert.acknowledged) {
      throw new AlertStateError(
        'CONFLICT',
        `Alert ${alertId} is already acknowledged by ${alert.acknowledged.by}`,
        alertId,
      );
    }
    const data: AlertAcknowledgedData = {
      alertId,
      by,
      at: new Date(this.clock.now()).toISOString(),
      ...(comment ? { comment } : {}),
    };
    await this.record(alertId, AlertEvents.acknowledged, data, by);
    return (await this.queries.get(alertId))!;
  }

  /** Withdraws an acknowledgement: escalation resumes from the current tier. */
  async unacknowledge(alertId: string, by: string): Promise<AlertView> {
    const alert = await this.activeAlert(alertId);
    if (!alert.acknowledged) {
      throw new AlertStateError('CONFLICT', `Alert ${alertId} is not acknowledged`, alertId);
    }
    const data: AlertUnacknowledgedData = { alertId, by, at: new Date(this.clock.now()).toISOString() };
    await this.record(alertId, AlertEvents.unacknowledged, data, by);
    return (await this.queries.get(alertId))!;
  }

  /** Dynamic rules' bands (median ± k × MAD per series) for the dashboard. */
  band(ruleId: string) {
    return this.evaluation.current.band(ruleId);
  }

  /** The evaluator's counters. */
  stats() {
    return { ...this.evaluation.current.stats(), deliveriesInFlight: this.delivery.pending };
  }

  private async activeAlert(alertId: string): Promise<AlertView> {
    await this.projection.waitUntilCaughtUp();
    const alert = await this.queries.get(alertId);
    if (!alert) throw new AlertStateError('NOT_FOUND', `Alert ${alertId} does not exist`, alertId);
    if (alert.state === 'resolved') {
      throw new AlertStateError(
        'CONFLICT',
        `Alert ${alertId} is resolved; only active alerts can change`,
        alertId,
      );
    }
    return alert;
  }

  private async record(alertId: string, type: string, data: unknown, actor: string): Promise<void> {
    await this.options.store.appendToStream(alertStream(alertId), [
      { type, data, metadata: { actor, correlationId: alertId } },
    ]);
    await this.projection.waitUntilCaughtUp();
  }
}
