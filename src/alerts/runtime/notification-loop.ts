import type { FollowerHandler, RecordedEvent, StreamAppend } from '../../events/index.js';
import type { Logger } from '../../kernel/index.js';
import {
  type AlertAcknowledgedData,
  type AlertEscalatedData,
  AlertEvents,
  type AlertFiredData,
  type AlertFlappingData,
  type AlertInhibitedData,
  type AlertPendingData,
  type AlertResolvedData,
  type AlertSilencedData,
  type NotificationReason,
  type NotificationRequestedData,
} from '../alert-events.js';
import { AlertResourceKinds, type AlertResourceName, resourceChangeOf } from '../alert-resources.js';
import { AggregationGroups } from '../dispatch/aggregation-groups.js';
import type { AggregationState, GroupFlush } from '../dispatch/aggregation-types.js';
import type { RootRouteSettings } from '../dispatch/route-tree.js';
import { type EscalationState, EscalationTracker } from '../escalate/escalation-tracker.js';
import { HealingContract } from '../healing-contract.js';
import { DependencyView } from '../inhibit/dependency-view.js';
import { Inhibitor } from '../inhibit/inhibitor.js';
import { MonitorContract } from '../monitor-contract.js';
import { MaintenanceCalendar } from '../silence/maintenance-calendar.js';
import { SilenceIndex } from '../silence/silence-index.js';
import { AlertDefinitions, type DefinitionDocuments } from './alert-definitions.js';
import { monitorFactsOf, statusChangeOf } from './check-samples.js';
import { type HealingNotice, healingDeliveries, healingNoticeOf } from './healing-notices.js';
import { decideMutes } from './mute-decisions.js';
import { type NotificationDecision, notificationRequests, notifierEvent } from './notifier-events.js';
import { isMuted, notifiedAlert, type TrackedAlert, trackedAlertOf } from './tracked-alert.js';

/** What the notification loop reads: alert lifecycle and notification events, definitions, monitor status. */
export const NOTIFICATION_FILTER = {
  typePrefixes: [
    'alerts.alert_',
    'alerts.notification_',
    ...Object.values(AlertResourceKinds)
      .filter(({ kind }) => kind !== 'alert-rules')
      .map(({ eventPrefix }) => `${eventPrefix}_`),
    MonitorContract.definitionPrefix,
    MonitorContract.statusChanged,
    HealingContract.notificationRequested,
  ],
};

export interface NotificationSettings {
  root: RootRouteSettings;
  /** Announce recoveries (resolved notifications) to receivers that want them. Default true. */
  notifyRecovered: boolean;
  /** Inhibit alerts of services whose dependencies are down. Default true. */
  inhibitByDependency: boolean;
}

interface NotificationState {
  definitions: DefinitionDocuments;
  alerts: TrackedAlert[];
  groups: AggregationState;
  escalation: EscalationState;
  dependencies: ReturnType<DependencyView['exportState']>;
  unfinished: NotificationRequestedData[];
  flapNotices: string[];
  healingNotices?: HealingNotice[];
}

/** How long a resolved alert is kept for its recovery notification. */
const RESOLVED_KEPT_MS = 24 * 3_600_000;

/**
 * The notification side of alerting: follows alert lifecycle events and decides, once caught up
 * with the log, what to mute (silences, maintenance windows, inhibition), when each group is
 * notified (Alertmanager's group_wait / group_interval / repeat_interval), and when to escalate.
 * Every decision is an event it reads back, so after a crash it never decides the same thing twice.
 * Requests are handed to delivery only once recorded (`onRequested`).
 */
export class NotificationLoop implements FollowerHandler {
  readonly definitions: AlertDefinitions;
  private alerts = new Map<string, TrackedAlert>();
  private groups = new AggregationGroups();
  private escalation = new EscalationTracker();
  private dependencies = new DependencyView();
  private inhibitor: Inhibitor;
  private readonly silences = new SilenceIndex();
  private readonly calendar = new MaintenanceCalendar();
  private unfinished = new Map<string, NotificationRequestedData>();
  private flapNotices = new Set<string>();
  /** Messages healing asked to deliver, by healing event id. */
  private healingNotices = new Map<string, HealingNotice>();
  private muteDirty = true;
  private nextMuteChange: number | undefined;
  private resumeDeliveries = true;

  constructor(
    private readonly settings: NotificationSettings,
    private readonly onRequested: (requests: NotificationRequestedData[]) => void,
    private readonly logger: Logger,
  ) {
    this.definitions = new AlertDefinitions(settings.root, logger);
    this.inhibitor = new Inhibitor(this.dependencies, { byDependency: settings.inhibitByDependency });
  }

  /** The alerts it tracks now (pending, firing, and recently resolved). */
  trackedAlerts(): TrackedAlert[] {
    return [...this.alerts.values()];
  }

  restore(state: unknown): void {
    const saved = state as NotificationState | undefined;
    this.alerts = new Map((saved?.alerts ?? []).map((a) => [a.alertId, a]));
    this.groups = new AggregationGroups();
    this.escalation = new EscalationTracker();
    this.dependencies = new DependencyView();
    this.inhibitor = new Inhibitor(this.dependencies, { byDependency: this.settings.inhibitByDependency });
    this.definitions.import(saved?.definitions);
    this.definitionsChanged(['silences', 'maintenanceWindows', 'inhibitRules', 'escalationPolicies']);
    if (saved) {
      this.groups.importState(saved.groups);
      this.escalation.importState(saved.escalation);
      this.dependencies.importState(saved.dependencies);
    }
    this.unfinished = new Map((saved?.unfinished ?? []).map((n) => [n.notificationId, n]));
    this.flapNotices = new Set(saved?.flapNotices ?? []);
    this.healingNotices = new Map((saved?.healingNotices ?? []).map((n) => [n.eventId, n]));
    this.muteDirty = true;
    this.resumeDeliveries = true;
  }

  apply(events: ReadonlyArray<RecordedEvent>): StreamAppend[] {
    const changedDefinitions = new Set<AlertResourceName>();
    for (const event of events) {
      const change = resourceChangeOf(event.type);
      if (change) {
        const { id, doc } = event.data as { id: string; doc?: unknown };
        this.definitions.change(change.resource, id, change.deleted ? undefined : doc);
        changedDefinitions.add(change.resource);
      } else if (event.type.startsWith('alerts.')) {
        this.applyAlertEvent(event);
      } else if (event.type === HealingContract.notificationRequested) {
        const notice = healingNoticeOf(event);
        if (notice) this.healingNotices.set(notice.eventId, notice);
      } else if (event.type === MonitorContract.statusChanged) {
        const status = statusChangeOf(event);
        if (status) this.dependencies.setMonitorStatus(status.monitorId, status.status);
        this.muteDirty = true;
      } else if (event.type.startsWith(MonitorContract.definitionPrefix)) {
        const monitor = monitorFactsOf(event);
        if (monitor?.facts)
          this.dependencies.setMonitor(monitor.id, monitor.facts.service, monitor.facts.dependsOn);
        else if (monitor) this.dependencies.removeMonitor(monitor.id);
        this.muteDirty = true;
      }
    }
    if (changedDefinitions.size > 0) this.definitionsChanged([...changedDefinitions]);
    return [];
  }

  act(nowMs: number): StreamAppend[] {
    const appends: StreamAppend[] = [];
    if (this.resumeDeliveries) {
      // After a restart: notifications recorded but not finished are delivered again (same key).
      this.resumeDeliveries = false;
      if (this.unfinished.size > 0) this.onRequested([...this.unfinished.values()]);
    }
    if (this.muteDirty || (this.nextMuteChange !== undefined && nowMs >= this.nextMuteChange)) {
      appends.push(...this.updateMutes(nowMs));
    }
    appends.push(...this.escalate(nowMs));
    for (const flush of this.groups.due(nowMs, (alertId) => this.mutedById(alertId))) {
      const receivers = [...new Set([...flush.receivers, ...this.firstTierReceivers(flush)])];
      appends.push(...this.requestsFor(receivers, flush, flush.reason, flush.at));
      this.groups.markFlushed(flush, nowMs);
    }
    appends.push(...this.flapRequests(nowMs));
    appends.push(...this.healingRequests(nowMs));
    this.forgetOldResolved(nowMs);
    return appends;
  }

  committed(appends: ReadonlyArray<StreamAppend>): void {
    const requests: NotificationRequestedData[] = [];
    for (const append of appends) {
      for (const event of append.events) {
        if (event.type === AlertEvents.notificationRequested)
          requests.push(event.data as NotificationRequestedData);
      }
    }
    if (requests.length > 0) this.onRequested(requests);
  }

  snapshot(): NotificationState {
    return {
      definitions: this.definitions.export(),
      alerts: [...this.alerts.values()],
      groups: this.groups.exportState(),
      escalation: this.escalation.exportState(),
      dependencies: this.dependencies.exportState(),
      unfinished: [...this.unfinished.values()],
      flapNotices: [...this.flapNotices],
      healingNotices: [...this.healingNotices.values()],
    };
  }

  nextDueAt(): number | undefined {
    const times = [this.groups.nextDueAt(), this.escalation.nextDueAt(), this.nextMuteChange].filter(
      (t): t is number => t !== undefined,
    );
    if (this.muteDirty || this.flapNotices.size > 0 || this.healingNotices.size > 0) return 0;
    return times.length === 0 ? undefined : Math.min(...times);
  }

  private applyAlertEvent(event: RecordedEvent): void {
    const at = event.time.getTime();
    switch (event.type) {
      case AlertEvents.pending: {
        const data = event.data as AlertPendingData;
        this.alerts.set(data.alertId, { ...trackedAlertOf(data), status: 'pending' });
        return;
      }
      case AlertEvents.fired: {
        const data = event.data as AlertFiredData;
        const alert = this.alerts.get(data.alertId) ?? trackedAlertOf(data);
        const firedAt = Date.parse(data.firedAt);
        Object.assign(alert, { status: 'firing', value: data.value, annotations: data.annotations });
        alert.routes = this.definitions.match(alert.labels);
        this.alerts.set(alert.alertId, alert);
        for (const route of alert.routes) {
          this.groups.upsert(
            { alertId: alert.alertId, labels: alert.labels, status: 'firing', changedAt: firedAt },
            route,
            firedAt,
          );
          if (route.escalation) this.escalation.start(alert.alertId, route.escalation, firedAt);
        }
        this.muteDirty = true;
        return;
      }
      case AlertEvents.resolved: {
        const data = event.data as AlertResolvedData;
        const alert = this.alerts.get(data.alertId);
        if (!alert) return;
        const resolvedAt = Date.parse(data.resolvedAt);
        this.escalation.stop(alert.alertId);
        if (alert.status !== 'firing') {
          this.alerts.delete(alert.alertId);
          return;
        }
        Object.assign(alert, { status: 'resolved', resolvedAt: data.resolvedAt, value: data.value });
        for (const route of alert.routes) {
          this.groups.upsert(
            { alertId: alert.alertId, labels: alert.labels, status: 'resolved', changedAt: resolvedAt },
            route,
            resolvedAt,
          );
        }
        return;
      }
      case AlertEvents.acknowledged:
      case AlertEvents.unacknowledged: {
        const { alertId } = event.data as AlertAcknowledgedData;
        const alert = this.alerts.get(alertId);
        if (!alert) return;
        alert.acknowledged = event.type === AlertEvents.acknowledged;
        if (alert.acknowledged) this.escalation.acknowledge(alertId);
        else this.escalation.unacknowledge(alertId, at);
        return;
      }
      case AlertEvents.flapping: {
        const data = event.data as AlertFlappingData;
        const alert = this.alerts.get(data.alertId);
        if (alert) alert.flapping = true;
        this.flapNotices.add(data.alertId);
        return;
      }
      case AlertEvents.flapSettled: {
        const alert = this.alerts.get((event.data as { alertId: string }).alertId);
        if (alert) alert.flapping = false;
        return;
      }
      case AlertEvents.silenced:
      case AlertEvents.unsilenced: {
        const data = event.data as Partial<AlertSilencedData> & { alertId: string };
        const alert = this.alerts.get(data.alertId);
        if (!alert) return;
        alert.silencedBy = data.silenceIds ?? [];
        alert.maintenanceBy = data.maintenanceWindowIds ?? [];
        return;
      }
      case AlertEvents.inhibited:
      case AlertEvents.uninhibited: {
        const data = event.data as Partial<AlertInhibitedData> & { alertId: string };
        const alert = this.alerts.get(data.alertId);
        if (alert) alert.inhibitedBy = data.causes ?? [];
        return;
      }
      case AlertEvents.escalated: {
        const data = event.data as AlertEscalatedData;
        this.escalation.markNotified({ ...data, receivers: [], at: Date.parse(data.at) });
        return;
      }
      case AlertEvents.notificationRequested: {
        const data = event.data as NotificationRequestedData;
        this.unfinished.set(data.notificationId, data);
        if (data.reason === 'flapping') for (const a of data.alerts) this.flapNotices.delete(a.alertId);
        if (data.sourceEventId) this.healingNotices.delete(data.sourceEventId);
        return;
      }
      case AlertEvents.notificationDelivered:
      case AlertEvents.notificationFailed:
        this.unfinished.delete((event.data as { notificationId: string }).notificationId);
        return;
    }
  }

  private definitionsChanged(resources: AlertResourceName[]): void {
    const changed = new Set(resources);
    if (changed.has('silences')) this.silences.set(this.definitions.silences());
    if (changed.has('maintenanceWindows')) this.calendar.set(this.definitions.maintenanceWindows());
    if (changed.has('inhibitRules')) this.inhibitor.setRules(this.definitions.inhibitRules());
    if (changed.has('escalationPolicies')) this.escalation.setPolicies(this.definitions.escalationPolicies());
    this.muteDirty = true;
  }

  /** A route with an escalation policy notifies the policy's first tier with its group notifications. */
  private firstTierReceivers(flush: GroupFlush): string[] {
    for (const { alertId } of flush.alerts) {
      const route = this.alerts.get(alertId)?.routes.find((r) => r.routeKey === flush.routeKey);
      if (route?.escalation) return this.escalation.firstTierReceivers(route.escalation);
    }
    return [];
  }

  private mutedById(alertId: string): boolean {
    const alert = this.alerts.get(alertId);
    return alert === undefined ? false : isMuted(alert);
  }

  /** Records which firing alerts are silenced, in maintenance or inhibited now, where that changed. */
  private updateMutes(nowMs: number): StreamAppend[] {
    this.muteDirty = false;
    const firing = [...this.alerts.values()].filter((a) => a.status === 'firing');
    const { appends, nextChangeAt } = decideMutes(
      firing,
      { silences: this.silences, calendar: this.calendar, inhibitor: this.inhibitor },
      nowMs,
    );
    this.nextMuteChange = nextChangeAt;
    return appends;
  }

  private escalate(nowMs: number): StreamAppend[] {
    const appends: StreamAppend[] = [];
    for (const step of this.escalation.due(nowMs)) {
      this.escalation.markNotified(step);
      const alert = this.alerts.get(step.alertId);
      // A muted alert climbs its tiers without paging anyone; nothing is recorded for it.
      if (alert?.status !== 'firing' || isMuted(alert)) continue;
      const data: AlertEscalatedData = {
        alertId: step.alertId,
        policyId: step.policyId,
        tier: step.tier,
        round: step.round,
        at: new Date(step.at).toISOString(),
      };
      appends.push(notifierEvent(step.alertId, AlertEvents.escalated, data));
      const flush = {
        groupKey: `escalation:${step.alertId}`,
        groupLabels: {},
        alerts: [{ alertId: alert.alertId }],
      };
      appends.push(...this.requestsFor(step.receivers, flush, 'escalation', step.at));
    }
    return appends;
  }

  private flapRequests(nowMs: number): StreamAppend[] {
    const appends: StreamAppend[] = [];
    for (const alertId of this.flapNotices) {
      this.flapNotices.delete(alertId);
      const alert = this.alerts.get(alertId);
      if (!alert) continue;
      const receivers = [...new Set(this.definitions.match(alert.labels).flatMap((r) => r.receivers))];
      const flush = { groupKey: `flapping:${alertId}`, groupLabels: {}, alerts: [{ alertId }] };
      appends.push(...this.requestsFor(receivers, flush, 'flapping', nowMs));
    }
    return appends;
  }

  /** Healing's messages (see healingDeliveries), each once. */
  private healingRequests(nowMs: number): StreamAppend[] {
    const notices = [...this.healingNotices.values()];
    this.healingNotices.clear();
    const deliveries = healingDeliveries(
      notices,
      (alertId) => this.alerts.get(alertId),
      (labels) => this.definitions.match(labels).flatMap((r) => r.receivers),
    );
    return deliveries.flatMap((d) =>
      this.requestsFor(d.receivers, d.flush, 'remediation', nowMs, d.remediation),
    );
  }

  /** The notification requests of a flush or escalation step, to the receivers that exist. */
  private requestsFor(
    receiverNames: ReadonlyArray<string>,
    flush: Pick<GroupFlush, 'groupKey' | 'groupLabels'> & { alerts: ReadonlyArray<{ alertId: string }> },
    reason: NotificationReason,
    decidedAt: number,
    remediation?: NotificationDecision['remediation'],
  ): StreamAppend[] {
    const alerts = flush.alerts
      .map((a) => this.alerts.get(a.alertId))
      .filter((a): a is TrackedAlert => a !== undefined)
      .map(notifiedAlert);
    const receivers = receiverNames.flatMap((name) => {
      const receiver = this.definitions.receiverByName(name);
      if (!receiver) {
        this.logger.warn(
          { receiver: name, groupKey: flush.groupKey },
          'notification skipped: no such receiver',
        );
      }
      return receiver ? [receiver] : [];
    });
    const decision = {
      groupKey: flush.groupKey,
      groupLabels: flush.groupLabels,
      alerts,
      reason,
      decidedAt,
      ...(remediation && { remediation }),
    };
    return notificationRequests(receivers, decision, this.settings.notifyRecovered);
  }

  private forgetOldResolved(nowMs: number): void {
    for (const [id, alert] of this.alerts) {
      if (alert.status === 'resolved' && Date.parse(alert.resolvedAt ?? '') < nowMs - RESOLVED_KEPT_MS) {
        this.alerts.delete(id);
      }
    }
  }
}
