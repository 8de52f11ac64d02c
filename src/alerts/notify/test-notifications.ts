import type { NotificationRequestedData, NotifiedAlert } from '../alert-events.js';
import { parseReceiver } from './receiver-document.js';
import type { ReceiverDocument } from './receiver-types.js';

/** A firing alert of rule high-cpu for `instance`. Test support only. */
export function firingAlert(instance: string, annotations: Record<string, string> = {}): NotifiedAlert {
  return {
    alertId: `alert-${instance}`,
    status: 'firing',
    labels: { alertname: 'high-cpu', service: 'api', instance, severity: 'critical' },
    annotations: {
      summary: `CPU above 90% on ${instance}`,
      runbook_url: 'https://runbooks.example.org/high-cpu',
      ...annotations,
    },
    severity: 'critical',
    activeSince: '2026-01-01T00:00:00.000Z',
    value: 97.5,
  };
}

/** Two firing high-cpu alerts grouped by service=api. Test support only. */
export function testNotification(
  overrides: Partial<NotificationRequestedData> = {},
): NotificationRequestedData {
  return {
    notificationId: 'n-1',
    idempotencyKey: 'key-0001',
    receiverId: 'r-1',
    receiverName: 'ops',
    groupKey: 'route-0/{service="api"}',
    groupLabels: { alertname: 'high-cpu', service: 'api' },
    status: 'firing',
    reason: 'group',
    alerts: [firingAlert('api-1'), firingAlert('api-2')],
    decidedAt: '2026-01-01T00:05:00.000Z',
    ...overrides,
  };
}

/** Parses a receiver document that must be valid, and gives it an id. Test support only. */
export function testReceiver(doc: Record<string, unknown>, id = 'r-1'): ReceiverDocument & { id: string } {
  const parsed = parseReceiver(doc);
  if (!parsed.ok) throw new Error(`test receiver invalid: ${JSON.stringify(parsed.errors)}`);
  return { ...parsed.value, id };
}
