import type { Projection, ProjectionTables, RecordedEvent, SqlTransaction } from '../../events/index.js';
import { parseMonitor } from '../definition/parse-monitor.js';
import { MONITOR_DEFINITION_EVENT_PREFIX } from '../monitor-events.js';

/** Logical table of the service dependency graph: each monitor's service and the services it depends on. */
export const SERVICE_GRAPH_TABLE = 'monitor_dependencies';

/**
 * The dependency graph read model (web → api → db), from the monitor definitions: one row per
 * monitor with its service and its `dependsOn` list. The graph (nodes, edges, cycles) is assembled
 * from these rows by ServiceGraphQueries; alert inhibition and diagnosis read it there.
 */
export const serviceGraphProjection: Projection = {
  name: 'monitor_service_graph',
  version: 1,
  tables: [SERVICE_GRAPH_TABLE],
  eventTypePrefixes: [`${MONITOR_DEFINITION_EVENT_PREFIX}_`],
  async setup(tx: SqlTransaction, t: ProjectionTables) {
    await tx.execute(`CREATE TABLE ${t.table(SERVICE_GRAPH_TABLE)} (
      monitor_id TEXT PRIMARY KEY, service TEXT NOT NULL, depends_on TEXT NOT NULL)`);
  },
  async apply(events: ReadonlyArray<RecordedEvent>, tx: SqlTransaction, t: ProjectionTables) {
    const table = t.table(SERVICE_GRAPH_TABLE);
    for (const event of events) {
      const { id, doc } = event.data as { id: string; doc?: unknown };
      const parsed = event.type.endsWith('_deleted') ? undefined : parseMonitor(doc);
      if (!parsed?.ok) {
        await tx.execute(`DELETE FROM ${table} WHERE monitor_id = $1`, [id]);
        continue;
      }
      const { service, dependsOn } = parsed.monitor;
      await tx.execute(
        `INSERT INTO ${table} (monitor_id, service, depends_on) VALUES ($1, $2, $3)
         ON CONFLICT (monitor_id) DO UPDATE SET service = excluded.service, depends_on = excluded.depends_on`,
        [id, service, JSON.stringify(dependsOn)],
      );
    }
  },
};
