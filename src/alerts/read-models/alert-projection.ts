import type { Projection, ProjectionTables, RecordedEvent, SqlTransaction } from '../../events/index.js';
import {
  type AlertAcknowledgedData,
  AlertEvents,
  type AlertFiredData,
  type AlertInhibitedData,
  type AlertPendingData,
  type AlertResolvedData,
  type AlertSilencedData,
  type NotificationAttemptedData,
  type NotificationFailedData,
  type NotificationRequestedData,
} from '../alert-events.js';

export const AlertTables = {
  alerts: 'alerts',
  timeline: 'alert_timeline',
  notifications: 'alert_notifications',
} as const;

/**
 * The alert read models: every alert occurrence with its current state (active alerts and
 * history), each alert's timeline (every lifecycle and notification event about it, in log order)
 * and the notifications with their delivery state.
 */
export const alertProjection: Projection = {
  name: 'alerts',
  version: 1,
  tables: Object.values(AlertTables),
  eventTypePrefixes: ['alerts.alert_', 'alerts.notification_'],
  async setup(tx: SqlTransaction, t: ProjectionTables) {
    await tx.execute(`CREATE TABLE ${t.table(AlertTables.alerts)} (
      alert_id TEXT PRIMARY KEY, rule_id TEXT NOT NULL, rule_name TEXT NOT NULL, fingerprint TEXT NOT NULL,
      labels TEXT NOT NULL, severity TEXT NOT NULL, service TEXT NOT NULL, state TEXT NOT NULL,
      active_since BIGINT NOT NULL, fired_at BIGINT, resolved_at BIGINT, value DOUBLE PRECISION,
      annotations TEXT NOT NULL, acknowledged_by TEXT, acknowledged_at BIGINT,
      silenced_by TEXT NOT NULL DEFAULT '[]', inhibited_by TEXT NOT NULL DEFAULT '[]',
      flapping INTEGER NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL)`);
    await tx.execute(
      `CREATE INDEX ${t.table(AlertTables.alerts)}_state ON ${t.table(AlertTables.alerts)} (state, active_since)`,
    );
    await tx.execute(
      `CREATE INDEX ${t.table(AlertTables.alerts)}_rule ON ${t.table(AlertTables.alerts)} (rule_id, active_since)`,
    );
    await tx.execute(`CREATE TABLE ${t.table(AlertTables.timeline)} (
      alert_id TEXT NOT NULL, position BIGINT NOT NULL, type TEXT NOT NULL, at BIGINT NOT NULL,
      actor TEXT, detail TEXT NOT NULL, PRIMARY KEY (alert_id, position))`);
    await tx.execute(`CREATE TABLE ${t.table(AlertTables.notifications)} (
      notification_id TEXT PRIMARY KEY, receiver_name TEXT NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL,
      state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, alert_ids TEXT NOT NULL,
      requested_at BIGINT NOT NULL, finished_at BIGINT)`);
  },
  async apply(events: ReadonlyArray<RecordedEvent>, tx: SqlTransaction, t: ProjectionTables) {
    for (const event of events) await applyEvent(event, tx, t);
  },
};

async function applyEvent(event: RecordedEvent, tx: SqlTransaction, t: ProjectionTables): Promise<void> {
  const alerts = t.table(AlertTables.alerts);
  const at = event.time.getTime();
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case AlertEvents.pending:
    case AlertEvents.fired: {
      const d = data as unknown as AlertPendingData & Partial<AlertFiredData>;
      const firing = event.type === AlertEvents.fired;
      await tx.execute(
        `INSERT INTO ${alerts} (alert_id, rule_id, rule_name, fingerprint, labels, severity, service, state,
           active_since, fired_at, value, annotations, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (alert_id) DO UPDATE SET state = excluded.state, fired_at = excluded.fired_at,
           value = excluded.value, annotations = excluded.annotations, updated_at = excluded.updated_at`,
        [
          d.alertId,
          d.ruleId,
          d.ruleName,
          d.fingerprint,
          JSON.stringify(d.labels),
          d.severity,
          d.labels?.service ?? '',
          firing ? 'firing' : 'pending',
          Date.parse(d.activeSince),
          firing && d.firedAt ? Date.parse(d.firedAt) : null,
          d.value,
          JSON.stringify(d.annotations ?? {}),
          at,
        ],
      );
      break;
    }
    case AlertEvents.resolved: {
      const d = data as unknown as AlertResolvedData;
      await tx.execute(
        `UPDATE ${alerts} SET state = 'resolved', resolved_at = $2, value = $3, updated_at = $4 WHERE alert_id = $1`,
        [d.alertId, Date.parse(d.resolvedAt), d.value, at],
      );
      break;
    }
    case AlertEvents.acknowledged: {
      const d = data as unknown as AlertAcknowledgedData;
      await tx.execute(
        `UPDATE ${alerts} SET acknowledged_by = $2, acknowledged_at = $3, updated_at = $4 WHERE alert_id = $1`,
        [d.alertId, d.by, Date.parse(d.at), at],
      );
      break;
    }
    case AlertEvents.unacknowledged:
      await tx.execute(
        `UPDATE ${alerts} SET acknowledged_by = NULL, acknowledged_at = NULL, updated_at = $2 WHERE alert_id = $1`,
        [data.alertId, at],
      );
      break;
    case AlertEvents.silenced:
    case AlertEvents.unsilenced: {
      const d = data as unknown as Partial<AlertSilencedData>;
      const by = [...(d.silenceIds ?? []), ...(d.maintenanceWindowIds ?? [])];
      await tx.execute(`UPDATE ${alerts} SET silenced_by = $2, updated_at = $3 WHERE alert_id = $1`, [
        data.alertId,
        JSON.stringify(by),
        at,
      ]);
      break;
    }
    case AlertEvents.inhibited:
    case AlertEvents.uninhibited: {
      const d = data as unknown as Partial<AlertInhibitedData>;
      await tx.execute(`UPDATE ${alerts} SET inhibited_by = $2, updated_at = $3 WHERE alert_id = $1`, [
        data.alertId,
        JSON.stringify(d.causes ?? []),
        at,
      ]);
      break;
    }
    case AlertEvents.flapping:
    case AlertEvents.flapSettled:
      await tx.execute(`UPDATE ${alerts} SET flapping = $2, updated_at = $3 WHERE alert_id = $1`, [
        data.alertId,
        event.type === AlertEvents.flapping ? 1 : 0,
        at,
      ]);
      break;
    default:
      await applyNotificationEvent(event, tx, t);
      return;
  }
  if (typeof data.alertId === 'string')
    await addToTimeline(tx, t, data.alertId, event, timelineDetail(event));
}

async function applyNotificationEvent(event: RecordedEvent, tx: SqlTransaction, t: ProjectionTables) {
  const notifications = t.table(AlertTables.notifications);
  const at = event.time.getTime();
  if (event.type === AlertEvents.notificationRequested) {
    const d = event.data as NotificationRequestedData;
    const alertIds = d.alerts.map((a) => a.alertId);
    await tx.execute(
      `INSERT INTO ${notifications} (notification_id, receiver_name, reason, status, state, alert_ids, requested_at)
       VALUES ($1, $2, $3, $4, 'requested', $5, $6) ON CONFLICT (notification_id) DO NOTHING`,
      [d.notificationId, d.receiverName, d.reason, d.status, JSON.stringify(alertIds), at],
    );
    for (const alertId of alertIds) {
      await addToTimeline(tx, t, alertId, event, {
        notificationId: d.notificationId,
        receiver: d.receiverName,
        reason: d.reason,
        status: d.status,
      });
    }
    return;
  }
  const d = event.data as Partial<NotificationAttemptedData & NotificationFailedData>;
  if (typeof d.notificationId !== 'string') return;
  const rows = await tx.query<{ alert_ids: string; receiver_name: string }>(
    `SELECT alert_ids, receiver_name FROM ${notifications} WHERE notification_id = $1`,
    [d.notificationId],
  );
  const row = rows[0];
  if (!row) return;
  if (event.type === AlertEvents.notificationAttempted) {
    await tx.execute(
      `UPDATE ${notifications} SET attempts = attempts + 1, last_error = $2 WHERE notification_id = $1`,
      [d.notificationId, d.outcome === 'delivered' ? null : (d.error ?? d.outcome ?? null)],
    );
    return;
  }
  const delivered = event.type === AlertEvents.notificationDelivered;
  if (!delivered && event.type !== AlertEvents.notificationFailed) return;
  await tx.execute(
    `UPDATE ${notifications} SET state = $2, finished_at = $3, last_error = $4 WHERE notification_id = $1`,
    [d.notificationId, delivered ? 'delivered' : 'failed', at, delivered ? null : (d.error ?? null)],
  );
  for (const alertId of JSON.parse(row.alert_ids) as string[]) {
    await addToTimeline(tx, t, alertId, event, {
      notificationId: d.notificationId,
      receiver: row.receiver_name,
      ...(delivered ? { attempts: d.attempts } : { attempts: d.attempts, error: d.error }),
    });
  }
}

async function addToTimeline(
  tx: SqlTransaction,
  t: ProjectionTables,
  alertId: string,
  event: RecordedEvent,
  detail: Record<string, unknown>,
): Promise<void> {
  await tx.execute(
    `INSERT INTO ${t.table(AlertTables.timeline)} (alert_id, position, type, at, actor, detail)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (alert_id, position) DO NOTHING`,
    [
      alertId,
      event.position,
      event.type,
      event.time.getTime(),
      typeof event.metadata.actor === 'string' ? event.metadata.actor : null,
      JSON.stringify(detail),
    ],
  );
}

/** What the timeline shows of a lifecycle event beyond its type and time. */
function timelineDetail(event: RecordedEvent): Record<string, unknown> {
  const {
    alertId: _alertId,
    labels: _labels,
    annotations: _annotations,
    ...rest
  } = event.data as Record<string, unknown>;
  const { ruleId: _ruleId, ruleName: _ruleName, fingerprint: _fp, severity: _severity, ...detail } = rest;
  return detail;
}
