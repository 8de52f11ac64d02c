import type { RecordedEvent } from '../../events/index.js';
import { ContextKeeper, type ContextKeeperOptions } from './context-keeper.js';
import { ObservedEvents } from './observed-events.js';

/** 2026-05-01T12:00:00Z: the start of every test timeline. */
export const T0 = Date.parse('2026-05-01T12:00:00Z');
export const MINUTE = 60_000;

/** Minutes after T0, as epoch ms. */
export const at = (minutes: number) => T0 + minutes * MINUTE;

/**
 * A hand-made log for tests: each helper appends an event (positions counting up) and feeds it
 * to the keeper, so a test reads like the story it tells.
 */
export class Timeline {
  readonly keeper: ContextKeeper;
  readonly events: RecordedEvent[] = [];

  constructor(options: ContextKeeperOptions = {}) {
    this.keeper = new ContextKeeper(options);
  }

  emit(type: string, data: unknown, atMs: number, streamId = 'test-stream'): RecordedEvent {
    const position = this.events.length + 1;
    const event: RecordedEvent = {
      position,
      streamId,
      streamVersion: position,
      id: `event-${position}`,
      type,
      time: new Date(atMs),
      data,
      metadata: {},
    };
    this.events.push(event);
    this.keeper.apply(event);
    return event;
  }

  defineMonitor(id: string, service: string, dependsOn: string[] = [], atMs = T0): RecordedEvent {
    const doc = { name: `${id}-check`, service, kind: 'http', dependsOn, labels: {} };
    return this.emit(ObservedEvents.monitorCreated, { id, doc }, atMs, `monitor-${id}`);
  }

  check(
    monitorId: string,
    service: string,
    status: 'up' | 'down' | 'degraded',
    atMs: number,
    message = '',
    latencyMs = 50,
  ) {
    const data = {
      monitorId,
      monitor: `${monitorId}-check`,
      service,
      kind: 'http',
      status,
      latencyMs,
      message,
      dueAt: new Date(atMs).toISOString(),
      startedAt: new Date(atMs).toISOString(),
    };
    return this.emit(ObservedEvents.checkCompleted, data, atMs, `monitor-results-${monitorId}`);
  }

  statusChanged(monitorId: string, service: string, from: string, to: string, atMs: number, message = '') {
    const data = { monitorId, monitor: `${monitorId}-check`, service, from, to, message };
    return this.emit(ObservedEvents.statusChanged, data, atMs, `monitor-results-${monitorId}`);
  }

  /** A check that changes the monitor's status, followed by its status change, as the monitor module writes them. */
  goes(
    monitorId: string,
    service: string,
    from: string,
    to: 'up' | 'down' | 'degraded',
    atMs: number,
    message = '',
  ) {
    this.check(monitorId, service, to, atMs, message);
    return this.statusChanged(monitorId, service, from, to, atMs, message);
  }

  samples(service: string, metric: string, points: ReadonlyArray<[number, number]>, atMs?: number) {
    const samples = points.map(([timestamp, value]) => ({
      name: metric,
      value,
      labels: { service },
      timestamp,
    }));
    const last = Math.max(...points.map(([timestamp]) => timestamp));
    return this.emit(
      ObservedEvents.samplesRecorded,
      { source: 'push', samples },
      atMs ?? last,
      'metrics-push-test',
    );
  }

  /** One sample per minute from `fromMinute` to `toMinute` (inclusive) at `value`. */
  steady(service: string, metric: string, fromMinute: number, toMinute: number, value: number) {
    for (let minute = fromMinute; minute <= toMinute; minute++)
      this.samples(service, metric, [[at(minute), value]]);
  }

  alertFired(alertId: string, service: string | undefined, atMs: number, ruleName = 'service-down') {
    const labels = { alertname: ruleName, severity: 'critical', ...(service ? { service } : {}) };
    const data = {
      alertId,
      ruleId: `rule-${ruleName}`,
      ruleName,
      fingerprint: `fp-${alertId}`,
      labels,
      severity: 'critical',
      activeSince: new Date(atMs).toISOString(),
      firedAt: new Date(atMs).toISOString(),
      value: 1,
      annotations: {},
    };
    return this.emit(ObservedEvents.alertFired, data, atMs, `alert-${alertId}`);
  }

  alertResolved(alertId: string, atMs: number) {
    return this.emit(ObservedEvents.alertResolved, { alertId }, atMs, `alert-${alertId}`);
  }

  change(
    changeId: string,
    kind: 'deploy' | 'config',
    service: string | undefined,
    atMs: number,
    description = '',
  ) {
    const data = {
      changeId,
      kind,
      ...(service ? { service } : {}),
      description,
      at: new Date(atMs).toISOString(),
    };
    return this.emit(ObservedEvents.changeRecorded, data, atMs, 'healing-changes');
  }

  breaker(policy: string, from: string, to: string, atMs: number, reason = 'failures') {
    return this.emit(
      ObservedEvents.circuitStateChanged,
      { policy, from, to, reason },
      atMs,
      `resilience-${policy}`,
    );
  }

  /** The alert to diagnose, as the coordinator passes it. */
  static alert(alertId: string, service: string | undefined, firedAt: number, ruleName = 'service-down') {
    return { alertId, labels: { alertname: ruleName, ...(service ? { service } : {}) }, firedAt, ruleName };
  }
}
