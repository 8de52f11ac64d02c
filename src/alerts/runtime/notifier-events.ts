import type { StreamAppend } from '../../events/index.js';
import { newId } from '../../kernel/index.js';
import {
  AlertEvents,
  alertStream,
  type NotificationReason,
  type NotificationRequestedData,
  type NotifiedAlert,
  notificationStream,
} from '../alert-events.js';
import type { Receiver } from './alert-definitions.js';

/** Who the notification loop's events are from. */
export const NOTIFIER_ACTOR = 'system:alerts-notifier';

/** One event of the notification loop in an alert's stream (mutes, escalations). */
export function notifierEvent(alertId: string, type: string, data: unknown): StreamAppend {
  return {
    streamId: alertStream(alertId),
    events: [{ type, data, metadata: { actor: NOTIFIER_ACTOR, correlationId: alertId } }],
  };
}

/** What one flush or escalation step tells its receivers. */
export interface NotificationDecision {
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: ReadonlyArray<NotifiedAlert>;
  reason: NotificationReason;
  decidedAt: number;
  /** A message from healing: sent even about no alert (an event-started runbook), and about resolved ones. */
  remediation?: { message: string; sourceEventId: string; correlationId?: string };
}

/**
 * One `notification_requested` per receiver that has something to hear about: recoveries only
 * to receivers that want them (and only when `notifyRecovered`), nothing when nothing is left.
 */
export function notificationRequests(
  receivers: ReadonlyArray<Receiver>,
  decision: NotificationDecision,
  notifyRecovered: boolean,
): StreamAppend[] {
  const appends: StreamAppend[] = [];
  for (const receiver of receivers) {
    const told =
      (receiver.sendResolved && notifyRecovered) || decision.remediation
        ? decision.alerts
        : decision.alerts.filter((a) => a.status === 'firing');
    if (told.length === 0 && !decision.remediation) continue;
    const notificationId = newId();
    const firing = decision.remediation
      ? told.every((a) => a.status === 'firing')
      : told.some((a) => a.status === 'firing');
    const data: NotificationRequestedData = {
      notificationId,
      idempotencyKey: notificationId,
      receiverId: receiver.id,
      receiverName: receiver.name,
      groupKey: decision.groupKey,
      groupLabels: decision.groupLabels,
      status: firing ? 'firing' : 'resolved',
      reason: firing || decision.remediation ? decision.reason : 'resolved',
      alerts: [...told],
      decidedAt: new Date(decision.decidedAt).toISOString(),
      ...(decision.remediation && {
        message: decision.remediation.message,
        sourceEventId: decision.remediation.sourceEventId,
      }),
    };
    appends.push({
      streamId: notificationStream(notificationId),
      events: [
        {
          type: AlertEvents.notificationRequested,
          data,
          metadata: {
            actor: NOTIFIER_ACTOR,
            correlationId: told[0]?.alertId ?? decision.remediation?.correlationId,
          },
        },
      ],
    });
  }
  return appends;
}
