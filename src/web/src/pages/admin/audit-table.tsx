import { formatTime } from '../../ui/format.js';
import { type AuditEvent, actorText, describeAuditEvent } from './audit-model.js';

/** Audit events as a table: time, what happened, about whom, who did it, from where and with what. */
export function AuditTable({ events, names }: { events: AuditEvent[]; names: ReadonlyMap<string, string> }) {
  return (
    <div class="admin-table-wrap">
      <table class="admin-table admin-audit">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">About</th>
            <th scope="col">Actor</th>
            <th scope="col">Source IP</th>
            <th scope="col">User agent</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const line = describeAuditEvent(event, names);
            const agent = typeof event.metadata.userAgent === 'string' ? event.metadata.userAgent : '';
            return (
              <tr key={event.id} class={failed(event.type) ? 'admin-audit-failed' : undefined}>
                <td>
                  <time dateTime={event.time}>{formatTime(event.time)}</time>
                </td>
                <td>{line.what}</td>
                <td>{line.detail || '—'}</td>
                <td>{actorText(event.metadata)}</td>
                <td>{typeof event.metadata.sourceIp === 'string' ? event.metadata.sourceIp : '—'}</td>
                <td class="admin-agent" title={agent}>
                  {agent || '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function failed(type: string): boolean {
  return (
    type === 'auth.login_failed' || type === 'auth.permission_denied' || type === 'auth.authentication_failed'
  );
}
