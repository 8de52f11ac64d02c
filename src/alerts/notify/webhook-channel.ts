import type { NotificationRequestedData, NotifiedAlert } from '../alert-events.js';
import type { Channel } from './channel.js';
import { destinationUrl } from './destination-url.js';
import { postJson } from './http-post.js';
import type { WebhookReceiver } from './receiver-types.js';
import { signWebhook } from './webhook-signature.js';

/** The JSON document a webhook receives (payload format version 1). */
export interface WebhookPayload {
  version: 1;
  notificationId: string;
  /** The same on every retry of this notification: drop a second delivery with the same key. */
  idempotencyKey: string;
  /** The receiver's name. */
  receiver: string;
  status: 'firing' | 'resolved';
  reason: NotificationRequestedData['reason'];
  groupKey: string;
  groupLabels: Record<string, string>;
  alerts: NotifiedAlert[];
  /** Healing's message (reason `remediation`). */
  message?: string;
}

/** The webhook document for a notification. */
export function webhookPayload(notification: NotificationRequestedData): WebhookPayload {
  return {
    version: 1,
    notificationId: notification.notificationId,
    idempotencyKey: notification.idempotencyKey,
    receiver: notification.receiverName,
    status: notification.status,
    reason: notification.reason,
    groupKey: notification.groupKey,
    groupLabels: notification.groupLabels,
    alerts: notification.alerts,
    ...(notification.message === undefined ? {} : { message: notification.message }),
  };
}

/**
 * POSTs the payload as JSON with an `idempotency-key` header and, when the receiver has a
 * secret, an HMAC signature over `<timestamp>.<body>` (see verifyWebhookSignature).
 */
export const sendWebhook: Channel<WebhookReceiver> = async (receiver, notification, context) => {
  const url = await destinationUrl(receiver.url, context);
  const body = JSON.stringify(webhookPayload(notification));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(receiver.headers ?? {})) {
    headers[name] = typeof value === 'string' ? value : await context.secret(value);
  }
  headers['idempotency-key'] = notification.idempotencyKey;
  if (receiver.secret)
    Object.assign(headers, signWebhook(await context.secret(receiver.secret), body, context.nowMs));
  return { responseCode: await postJson(url, body, headers, context) };
};
