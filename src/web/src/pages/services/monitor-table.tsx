import { onLinkClick, withQuery } from '../../router.js';
import { servicePath } from '../../routes.js';
import { formatAgo, formatDuration, formatTime } from '../../ui/format.js';
import { VirtualList } from '../../ui/virtual-list.js';
import type { MonitorRow } from './monitor-rows.js';
import { StatusBadge } from './status-badge.js';

/** Row height in px: the CSS (`.monitor-table tr`) gives every row exactly this height. */
export const MONITOR_ROW_HEIGHT = 40;
const HEADER_HEIGHT = 40;
const COLUMNS = 7;

/**
 * The monitors as a table of which only the rows in view are in the page (10,000 rows scroll as
 * smoothly as 10); nearing the end of the loaded rows asks for the next page.
 */
export function MonitorTable(props: {
  rows: readonly MonitorRow[];
  nowMs: number;
  onNearEnd: () => void;
  label: string;
}) {
  return (
    <VirtualList
      items={props.rows}
      rowHeight={MONITOR_ROW_HEIGHT}
      headerHeight={HEADER_HEIGHT}
      label={props.label}
      class="monitor-list"
      onNearEnd={props.onNearEnd}
    >
      {(rows, shown) => (
        <table class="monitor-table" aria-rowcount={props.rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">Status</th>
              <th scope="col">Monitor</th>
              <th scope="col">Service</th>
              <th scope="col">Kind</th>
              <th scope="col">Last check</th>
              <th scope="col">Latency</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {shown.before > 0 && <Spacer height={shown.before} />}
            {rows.map((row, i) => (
              <MonitorTableRow key={row.monitorId} row={row} index={shown.start + i} nowMs={props.nowMs} />
            ))}
            {shown.after > 0 && <Spacer height={shown.after} />}
          </tbody>
        </table>
      )}
    </VirtualList>
  );
}

function Spacer({ height }: { height: number }) {
  return (
    <tr class="spacer" style={{ height: `${height}px` }}>
      <td colSpan={COLUMNS} />
    </tr>
  );
}

function MonitorTableRow({ row, index, nowMs }: { row: MonitorRow; index: number; nowMs: number }) {
  const detail = withQuery(servicePath(row.service), { monitor: row.monitorId });
  return (
    <tr aria-rowindex={index + 2} data-monitor={row.monitor}>
      <td>
        <StatusBadge status={row.status} />
      </td>
      <td title={row.monitor}>
        <a href={detail} onClick={onLinkClick}>
          {row.monitor}
        </a>
      </td>
      <td title={row.service}>
        <a href={servicePath(row.service)} onClick={onLinkClick}>
          {row.service}
        </a>
      </td>
      <td>{row.kind || '—'}</td>
      <td title={formatTime(row.lastCheckAt)}>
        {row.lastCheckAt ? formatAgo(row.lastCheckAt, nowMs) : 'never'}
      </td>
      <td>{row.lastLatencyMs === null ? '—' : formatDuration(row.lastLatencyMs)}</td>
      <td title={row.lastMessage}>{row.lastMessage || '—'}</td>
    </tr>
  );
}
