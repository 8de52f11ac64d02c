import type { RecordedEvent } from '../../events/index.js';
import type { HealingNotificationFields } from '../healing-contract.js';

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
