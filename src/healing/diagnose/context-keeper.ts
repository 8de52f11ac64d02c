import type { RecordedEvent } from '../../events/index.js';
import type { EvidenceRef } from '../healing-events.js';
import type {
  ActiveAlertFact,
  BreakerFact,
  ChangeFact,
  DiagnosisContext,
  InhibitionFact,
} from './diagnosis-context.js';
import { DiagnosisOptionError } from './diagnosis-errors.js';
import { clockTime, evidenceRef, shortNumber } from './evidence.js';
import { type KeeperState, type MonitorRecord, parseKeeperState, type SeriesRecord } from './keeper-state.js';
import { addSample, dropMinutesBefore, MINUTE_MS, meansBetween } from './metric-window.js';
import { CheckSeries } from './observed-events.js';
import { type Observation, readObservation } from './read-observation.js';
import { serviceFactsOf } from './service-graph.js';

/** How much the keeper remembers; every bound has a default. */
export interface ContextKeeperOptions {
  /** Check results kept per monitor. Default 20. */
  checksPerMonitor?: number;
  /** How long per-minute metric means are kept, in ms. Default 30 minutes. */
  metricWindowMs?: number;
  /** How long changes (deploys, configuration) are kept, in ms. Default 24 hours. */
  changeRetentionMs?: number;
  /** Monitors remembered; the least recently heard of go first. Default 10,000. */
  maxMonitors?: number;
  /** Series (service × metric) remembered; the least recently fed go first. Default 20,000. */
  maxSeries?: number;
  /** Firing alerts remembered; the oldest go first. Default 10,000. */
  maxActiveAlerts?: number;
  /** Changes remembered; the oldest go first. Default 1,000. */
  maxChanges?: number;
  /** Open (or half-open) circuit breakers remembered. Default 1,000. */
  maxOpenBreakers?: number;
}

/** The alert to gather context for: its id, labels (`service` among them) and when it fired (epoch ms). */
export interface AlertToDiagnose {
  alertId: string;
  labels: Record<string, string>;
  firedAt: number;
  ruleName?: string;
}

const DEFAULTS: Required<ContextKeeperOptions> = {
  checksPerMonitor: 20,
  metricWindowMs: 30 * 60_000,
  changeRetentionMs: 24 * 60 * 60_000,
  maxMonitors: 10_000,
  maxSeries: 20_000,
  maxActiveAlerts: 10_000,
  maxChanges: 1_000,
  maxOpenBreakers: 1_000,
};

/**
 * Learns from the log what diagnosis needs, in bounded memory: monitors (definitions, status, last
 * check results), per-service metric minutes, firing alerts and their inhibitions, recent changes and
 * open circuit breakers. Apply events in log order, each once; snapshot with `exportState` beside
 * the checkpoint of the last event applied.
 */
export class ContextKeeper {
  private readonly limits: Required<ContextKeeperOptions>;
  private readonly monitors = new Map<string, MonitorRecord>();
  private readonly series = new Map<string, SeriesRecord>();
  private readonly alerts = new Map<string, ActiveAlertFact>();
  private readonly inhibitions = new Map<string, InhibitionFact[]>();
  private changes: ChangeFact[] = [];
  private readonly breakers = new Map<string, BreakerFact>();
  private watermarkMs = 0;
  private sweptMinute = 0;

  constructor(options: ContextKeeperOptions = {}) {
    this.limits = { ...DEFAULTS };
    for (const [key, value] of Object.entries(options) as Array<[keyof ContextKeeperOptions, unknown]>) {
      if (value === undefined) continue;
      if (!(key in DEFAULTS)) throw new DiagnosisOptionError(key, value, 'a known option');
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
        throw new DiagnosisOptionError(key, value, 'a whole number of at least 1');
      this.limits[key] = value;
    }
  }

  /** Folds one event; events of other types and payloads without the needed fields are ignored. */
  apply(event: RecordedEvent): void {
    const observation = readObservation(event);
    if (!observation) return;
    this.advance(event.time.getTime());
    this.fold(observation, event);
  }

  /** The ids of the monitors known to watch `service`. */
  monitorIdsOf(service: string): string[] {
    return [...this.monitors.values()]
      .filter((m) => m.defined && m.service === service)
      .map((m) => m.monitorId);
  }

  /** What the ranking rules read about `alert`, as of `nowMs`. The result is a copy: change it freely. */
  contextFor(alert: AlertToDiagnose, nowMs: number): DiagnosisContext {
    const service = alert.labels.service ? alert.labels.service : null;
    const fired = this.alerts.get(alert.alertId);
    const windowFrom = nowMs - this.limits.metricWindowMs;
    const monitors = [...this.monitors.values()];
    const own = service === null ? [] : monitors.filter((m) => m.service === service);
    const context: DiagnosisContext = {
      alert: {
        alertId: alert.alertId,
        ruleName: alert.ruleName ?? fired?.ruleName ?? alert.labels.alertname ?? '',
        service,
        labels: { ...alert.labels },
        firedAtMs: alert.firedAt,
        ref: fired?.ref ?? null,
      },
      nowMs,
      services: serviceFactsOf(monitors),
      checks: own
        .flatMap((m) => m.checks.filter((c) => c.atMs >= windowFrom && c.atMs <= nowMs))
        .sort((a, b) => a.atMs - b.atMs),
      metrics: [...this.series.values()]
        .filter((s) => s.service === service)
        .map((s) => ({
          service: s.service,
          metric: s.metric,
          minutes: meansBetween(s.minutes, windowFrom, nowMs),
        }))
        .filter((s) => s.minutes.length > 0),
      activeAlerts: [...this.alerts.values()].sort((a, b) => a.firedAtMs - b.firedAtMs),
      changes: this.changes.filter((c) => c.atMs <= nowMs && c.atMs >= nowMs - this.limits.changeRetentionMs),
      openBreakers: [...this.breakers.values()],
      inhibitions: this.inhibitions.get(alert.alertId) ?? [],
    };
    return structuredClone(context);
  }

  /** The whole state as JSON, old data dropped first. */
  exportState(): KeeperState {
    this.sweep();
    return structuredClone({
      version: 1 as const,
      watermarkMs: this.watermarkMs,
      monitors: [...this.monitors.values()],
      series: [...this.series.values()],
      alerts: [...this.alerts.values()],
      inhibitions: [...this.inhibitions].map(([alertId, causes]) => ({ alertId, causes })),
      changes: this.changes,
      breakers: [...this.breakers.values()],
    });
  }

  /** Replaces the state with one `exportState` wrote; throws DiagnosisStateError (changing nothing) if it is not one. */
  importState(input: unknown): void {
    const state = parseKeeperState(input);
    this.monitors.clear();
    this.series.clear();
    this.alerts.clear();
    this.inhibitions.clear();
    this.breakers.clear();
    for (const m of state.monitors) {
      m.checks = m.checks.slice(-this.limits.checksPerMonitor);
      this.monitors.set(m.monitorId, m);
    }
    for (const s of state.series) this.series.set(seriesKey(s.service, s.metric), s);
    for (const a of [...state.alerts].sort((x, y) => x.firedAtMs - y.firedAtMs))
      this.alerts.set(a.alertId, a);
    for (const i of state.inhibitions) this.inhibitions.set(i.alertId, i.causes);
    for (const b of state.breakers) this.breakers.set(b.policy, b);
    this.changes = [...state.changes].sort((a, b) => a.atMs - b.atMs);
    this.watermarkMs = state.watermarkMs;
    this.sweep();
  }

  private fold(o: Observation, event: RecordedEvent): void {
    const eventMs = event.time.getTime();
    switch (o.kind) {
      case 'monitor_defined': {
        const m = this.monitor(o.monitorId, o.name, o.service);
        Object.assign(m, { name: o.name, service: o.service, dependsOn: o.dependsOn, defined: true });
        return;
      }
      case 'monitor_deleted':
        this.monitors.delete(o.monitorId);
        return;
      case 'check': {
        const m = this.monitor(o.monitorId, o.monitor, o.service);
        if (!m.defined) Object.assign(m, { name: o.monitor, service: o.service });
        const detail = o.message
          ? ` (${o.message})`
          : o.status === 'up'
            ? ` in ${Math.round(o.latencyMs)} ms`
            : '';
        const ref = evidenceRef(event, `${o.service}: monitor ${o.monitor} ${o.status}${detail}`);
        const { monitorId, monitor, service, status, latencyMs, message, atMs } = o;
        m.checks.push({ monitorId, monitor, service, status, latencyMs, message, atMs, ref });
        if (m.checks.length > this.limits.checksPerMonitor) m.checks.shift();
        if (m.status !== o.status) Object.assign(m, { status: o.status, sinceMs: o.atMs, ref });
        this.addSample(o.service, CheckSeries.latencyMs, o.latencyMs, o.atMs, () => ref);
        this.addSample(o.service, CheckSeries.failureRatio, o.status === 'up' ? 0 : 1, o.atMs, () => ref);
        return;
      }
      case 'status': {
        const m = this.monitor(o.monitorId, o.monitor, o.service);
        if (m.status !== o.to) Object.assign(m, { status: o.to, sinceMs: eventMs });
        m.ref = evidenceRef(
          event,
          `${o.service}: monitor ${o.monitor} ${o.to}${o.message ? ` (${o.message})` : ''}`,
        );
        return;
      }
      case 'samples':
        for (const s of o.samples) {
          const summary = `${s.service}: ${s.metric} ${shortNumber(s.value)} at ${clockTime(s.timestampMs)}`;
          this.addSample(s.service, s.metric, s.value, s.timestampMs, () => evidenceRef(event, summary));
        }
        return;
      case 'alert_fired': {
        const where = o.service === null ? '' : ` on ${o.service}`;
        const ref = evidenceRef(event, `alert ${o.ruleName || o.alertId} fired${where}`);
        const { alertId, ruleName, service, severity, firedAtMs } = o;
        this.alerts.delete(alertId);
        this.alerts.set(alertId, { alertId, ruleName, service, severity, firedAtMs, ref });
        evictOldest(this.alerts, this.limits.maxActiveAlerts);
        return;
      }
      case 'alert_resolved':
        this.alerts.delete(o.alertId);
        this.inhibitions.delete(o.alertId);
        return;
      case 'alert_inhibited': {
        const causes = o.causes.map((c) => ({
          ...c,
          ref: evidenceRef(event, `${c.service}: alert inhibited, its dependency ${c.dependency} is down`),
        }));
        this.inhibitions.delete(o.alertId);
        if (causes.length > 0) this.inhibitions.set(o.alertId, causes);
        evictOldest(this.inhibitions, this.limits.maxActiveAlerts);
        return;
      }
      case 'alert_uninhibited':
        this.inhibitions.delete(o.alertId);
        return;
      case 'breaker': {
        this.breakers.delete(o.policy);
        if (o.to === 'closed') return;
        const ref = evidenceRef(event, `circuit ${o.policy} ${o.to}${o.reason ? ` (${o.reason})` : ''}`);
        this.breakers.set(o.policy, {
          policy: o.policy,
          state: o.to,
          reason: o.reason,
          sinceMs: eventMs,
          ref,
        });
        evictOldest(this.breakers, this.limits.maxOpenBreakers);
        return;
      }
      case 'change': {
        if (o.atMs < this.watermarkMs - this.limits.changeRetentionMs) return;
        const where = o.service ?? 'all services';
        const ref = evidenceRef(event, `${o.change} on ${where}: ${o.description || o.changeId}`);
        const { changeId, service, description, atMs } = o;
        this.changes = this.changes.filter((c) => c.changeId !== changeId);
        let index = this.changes.length;
        while (index > 0 && this.changes[index - 1]!.atMs > atMs) index--;
        this.changes.splice(index, 0, { changeId, kind: o.change, service, description, atMs, ref });
        if (this.changes.length > this.limits.maxChanges) this.changes.shift();
        return;
      }
    }
  }

  /** The monitor's record (created if new), moved to the most recently heard of. */
  private monitor(monitorId: string, name: string, service: string | null): MonitorRecord {
    const found = this.monitors.get(monitorId);
    this.monitors.delete(monitorId);
    const m: MonitorRecord = found ?? {
      monitorId,
      name,
      service,
      dependsOn: [],
      defined: false,
      status: 'unknown',
      sinceMs: null,
      ref: null,
      checks: [],
    };
    this.monitors.set(monitorId, m);
    evictOldest(this.monitors, this.limits.maxMonitors);
    return m;
  }

  private addSample(
    service: string,
    metric: string,
    value: number,
    atMs: number,
    ref: () => EvidenceRef,
  ): void {
    if (atMs < this.watermarkMs - this.limits.metricWindowMs) return;
    const key = seriesKey(service, metric);
    const series = this.series.get(key) ?? { service, metric, minutes: [] };
    this.series.delete(key);
    this.series.set(key, series);
    const maxBuckets = Math.ceil(this.limits.metricWindowMs / MINUTE_MS) + 1;
    addSample(series.minutes, atMs, value, ref, maxBuckets);
    evictOldest(this.series, this.limits.maxSeries);
  }

  /** Moves the keeper's "now" forward; once per minute of log time, drops what has aged out. */
  private advance(eventMs: number): void {
    if (eventMs <= this.watermarkMs) return;
    this.watermarkMs = eventMs;
    if (Math.floor(eventMs / MINUTE_MS) !== this.sweptMinute) this.sweep();
  }

  private sweep(): void {
    this.sweptMinute = Math.floor(this.watermarkMs / MINUTE_MS);
    const metricCutoff = this.watermarkMs - this.limits.metricWindowMs;
    for (const [key, series] of this.series) {
      dropMinutesBefore(series.minutes, metricCutoff);
      if (series.minutes.length === 0) this.series.delete(key);
    }
    const changeCutoff = this.watermarkMs - this.limits.changeRetentionMs;
    this.changes = this.changes.filter((c) => c.atMs >= changeCutoff).slice(-this.limits.maxChanges);
    evictOldest(this.monitors, this.limits.maxMonitors);
    evictOldest(this.series, this.limits.maxSeries);
    evictOldest(this.alerts, this.limits.maxActiveAlerts);
    evictOldest(this.inhibitions, this.limits.maxActiveAlerts);
    evictOldest(this.breakers, this.limits.maxOpenBreakers);
  }
}

function seriesKey(service: string, metric: string): string {
  return `${service}\u0000${metric}`;
}

/** Drops a map's first (oldest inserted) entries until it holds at most `max`. */
function evictOldest(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}
