import type { Projection, ProjectionTables, RecordedEvent, SqlTransaction } from '../../events/index.js';
import { floorToMinute, LatencyHistogram } from '../ingest/index.js';
import {
  type CheckCompletedData,
  MONITOR_DEFINITION_EVENT_PREFIX,
  MonitorEvents,
  type StatusChangedData,
} from '../monitor-events.js';

/** Logical tables of the monitor read models (physical names are versioned by the ProjectionRunner). */
export const MonitorTables = {
  status: 'monitor_status',
  minutes: 'monitor_minutes',
  incidents: 'monitor_incidents',
} as const;

interface MinuteAccumulator {
  monitorId: string;
  minute: number;
  up: number;
  degraded: number;
  down: number;
  latency: LatencyHistogram;
}

/**
 * The monitor read models, built from `monitor.*` events by one durable consumer:
 * - `monitor_status`: each monitor's current status, since when, and its last check;
 * - `monitor_minutes`: per monitor and minute, the count of up / degraded / down checks and
 *   a latency histogram (p50/p95/p99 within 2.5 %), from which uptime and latency over any
 *   window are summed;
 * - `monitor_incidents`: down periods, opened by a change to down and closed by the next
 *   change away from it.
 * A batch of results touches each monitor's row and each minute's row once.
 */
export const monitorStatusProjection: Projection = {
  name: 'monitor_read_models',
  version: 1,
  tables: Object.values(MonitorTables),
  eventTypePrefixes: ['monitor.'],
  async setup(tx: SqlTransaction, t: ProjectionTables) {
    await tx.execute(`CREATE TABLE ${t.table(MonitorTables.status)} (
      monitor_id TEXT PRIMARY KEY, monitor TEXT NOT NULL, service TEXT NOT NULL, kind TEXT NOT NULL,
      status TEXT NOT NULL, since BIGINT NOT NULL, last_check_at BIGINT, last_latency_ms DOUBLE PRECISION,
      last_message TEXT NOT NULL DEFAULT '', checks BIGINT NOT NULL DEFAULT 0)`);
    await tx.execute(
      `CREATE INDEX ${t.table(MonitorTables.status)}_service ON ${t.table(MonitorTables.status)} (service, monitor_id)`,
    );
    await tx.execute(`CREATE TABLE ${t.table(MonitorTables.minutes)} (
      monitor_id TEXT NOT NULL, minute BIGINT NOT NULL, up INTEGER NOT NULL, degraded INTEGER NOT NULL,
      down INTEGER NOT NULL, latency TEXT NOT NULL, PRIMARY KEY (monitor_id, minute))`);
    await tx.execute(`CREATE TABLE ${t.table(MonitorTables.incidents)} (
      incident_id TEXT PRIMARY KEY, monitor_id TEXT NOT NULL, monitor TEXT NOT NULL, service TEXT NOT NULL,
      started_at BIGINT NOT NULL, ended_at BIGINT, message TEXT NOT NULL)`);
    await tx.execute(
      `CREATE INDEX ${t.table(MonitorTables.incidents)}_service ON ${t.table(MonitorTables.incidents)} (service, started_at)`,
    );
  },
  async apply(events: ReadonlyArray<RecordedEvent>, tx: SqlTransaction, t: ProjectionTables) {
    const status = t.table(MonitorTables.status);
    const minutes = new Map<string, MinuteAccumulator>();
    const lastCheck = new Map<string, { data: CheckCompletedData; at: number; count: number }>();
    for (const event of events) {
      if (event.type === MonitorEvents.checkCompleted) {
        const data = event.data as CheckCompletedData;
        const at = Date.parse(data.startedAt);
        const minute = floorToMinute(at);
        const key = `${data.monitorId}@${minute}`;
        let acc = minutes.get(key);
        if (!acc) {
          acc = {
            monitorId: data.monitorId,
            minute,
            up: 0,
            degraded: 0,
            down: 0,
            latency: new LatencyHistogram(),
          };
          minutes.set(key, acc);
        }
        acc[data.status] += 1;
        acc.latency.record(data.latencyMs);
        const previous = lastCheck.get(data.monitorId);
        lastCheck.set(data.monitorId, { data, at, count: (previous?.count ?? 0) + 1 });
      } else if (event.type === MonitorEvents.statusChanged) {
        await flushChecks(tx, status, lastCheck);
        await applyStatusChange(tx, t, event);
      } else if (event.type === `${MONITOR_DEFINITION_EVENT_PREFIX}_deleted`) {
        await flushChecks(tx, status, lastCheck);
        const { id } = event.data as { id: string };
        await tx.execute(`DELETE FROM ${status} WHERE monitor_id = $1`, [id]);
      }
    }
    await flushChecks(tx, status, lastCheck);
    await mergeMinutes(tx, t.table(MonitorTables.minutes), minutes.values());
  },
};

/** Writes the last check of each monitor seen so far in the batch (the row must exist: created by its first status change). */
async function flushChecks(
  tx: SqlTransaction,
  status: string,
  lastCheck: Map<string, { data: CheckCompletedData; at: number; count: number }>,
): Promise<void> {
  for (const [monitorId, { data, at, count }] of lastCheck) {
    await tx.execute(
      `UPDATE ${status} SET last_check_at = $1, last_latency_ms = $2, last_message = $3, checks = checks + $4,
         kind = $5 WHERE monitor_id = $6`,
      [at, data.latencyMs, data.message, count, data.kind, monitorId],
    );
  }
  lastCheck.clear();
}

async function applyStatusChange(
  tx: SqlTransaction,
  t: ProjectionTables,
  event: RecordedEvent,
): Promise<void> {
  const data = event.data as StatusChangedData;
  const at = event.time.getTime();
  await tx.execute(
    `INSERT INTO ${t.table(MonitorTables.status)} (monitor_id, monitor, service, kind, status, since, last_message)
     VALUES ($1, $2, $3, '', $4, $5, $6)
     ON CONFLICT (monitor_id) DO UPDATE SET monitor = excluded.monitor, service = excluded.service,
       status = excluded.status, since = excluded.since, last_message = excluded.last_message`,
    [data.monitorId, data.monitor, data.service, data.to, at, data.message],
  );
  const incidents = t.table(MonitorTables.incidents);
  if (data.from === 'down') {
    await tx.execute(`UPDATE ${incidents} SET ended_at = $1 WHERE monitor_id = $2 AND ended_at IS NULL`, [
      at,
      data.monitorId,
    ]);
  }
  if (data.to === 'down') {
    // One open incident per monitor, even if a status change was lost (from "unknown" to down again).
    const open = await tx.query(`SELECT 1 FROM ${incidents} WHERE monitor_id = $1 AND ended_at IS NULL`, [
      data.monitorId,
    ]);
    if (open.length > 0) return;
    await tx.execute(
      `INSERT INTO ${incidents} (incident_id, monitor_id, monitor, service, started_at, message)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.id, data.monitorId, data.monitor, data.service, at, data.message],
    );
  }
}

async function mergeMinutes(
  tx: SqlTransaction,
  table: string,
  minutes: Iterable<MinuteAccumulator>,
): Promise<void> {
  for (const acc of minutes) {
    const existing = await tx.query<{ up: number; degraded: number; down: number; latency: string }>(
      `SELECT up, degraded, down, latency FROM ${table} WHERE monitor_id = $1 AND minute = $2`,
      [acc.monitorId, acc.minute],
    );
    const row = existing[0];
    if (row) acc.latency.merge(LatencyHistogram.fromJSON(JSON.parse(row.latency)));
    await tx.execute(
      `INSERT INTO ${table} (monitor_id, minute, up, degraded, down, latency) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (monitor_id, minute) DO UPDATE SET up = excluded.up, degraded = excluded.degraded,
         down = excluded.down, latency = excluded.latency`,
      [
        acc.monitorId,
        acc.minute,
        acc.up + Number(row?.up ?? 0),
        acc.degraded + Number(row?.degraded ?? 0),
        acc.down + Number(row?.down ?? 0),
        JSON.stringify(acc.latency.toJSON()),
      ],
    );
  }
}
