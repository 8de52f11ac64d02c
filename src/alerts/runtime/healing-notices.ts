import type { RecordedEvent } from '../../events/index.js';
import type { HealingNotificationFields } from '../healing-contract.js';
import type { TrackedAlert } from './tracked-alert.js';

/** A message healing asked alerting to deliver, not delivered yet. */
export interface HealingNotice extends HealingNotificationFields {
  /** The healing event: the notification records it, so a replay knows the notice was handled. */
  eventId: string;
  correlationId?: string;
}

const MAX_MESSAGE = 2000;

/** The notice in a `healing.notification_requested` event, or undefined when its data is not one. */
export function healingNoticeOf(event: RecordedEvent): HealingNotice | undefined {
  const data = event.data as Partial<Record<keyof HealingNotificationFields, unknown>> | null;
  if (typeof data !== 'object' || data === null) return undefined;
  if (typeof data.message !== 'string' || (data.kind !== 'step' && data.kind !== 'escalation'))
    return undefined;
  const receivers = Array.isArray(data.receivers)
    ? data.receivers.filter((r): r is string => typeof r === 'string')
    : [];
  return {
    eventId: event.id,
    ...(event.metadata.correlationId === undefined ? {} : { correlationId: event.metadata.correlationId }),
    ...(typeof data.alertId === 'string' ? { alertId: data.alertId } : {}),
    labels: stringRecord(data.labels),
    receivers,
    message: data.message.slice(0, MAX_MESSAGE),
    kind: data.kind,
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** Where one of healing's messages goes, and what it says. */
export interface HealingDelivery {
  receivers: string[];
  flush: { groupKey: string; groupLabels: Record<string, string>; alerts: Array<{ alertId: string }> };
  remediation: { message: string; sourceEventId: string; correlationId?: string };
}

/**
 * Healing's messages, to the receivers named or else where the labels route (`routeReceivers`).
 * A message about an alert that is silenced or in maintenance is not sent (silences mute people,
 * not healing).
 */
export function healingDeliveries(
  notices: Iterable<HealingNotice>,
  alertOf: (alertId: string) => TrackedAlert | undefined,
  routeReceivers: (labels: Record<string, string>) => string[],
): HealingDelivery[] {
  const deliveries: HealingDelivery[] = [];
  for (const notice of notices) {
    const alert = notice.alertId === undefined ? undefined : alertOf(notice.alertId);
    if (alert && (alert.silencedBy.length > 0 || alert.maintenanceBy.length > 0)) continue;
    deliveries.push({
      receivers: notice.receivers.length > 0 ? notice.receivers : [...new Set(routeReceivers(notice.labels))],
      flush: {
        groupKey: `remediation:${notice.alertId ?? notice.correlationId ?? notice.eventId}`,
        groupLabels: {},
        alerts: alert ? [{ alertId: alert.alertId }] : [],
      },
      remediation: {
        message: notice.message,
        sourceEventId: notice.eventId,
        ...(notice.correlationId === undefined ? {} : { correlationId: notice.correlationId }),
      },
    });
  }
  return deliveries;
}
