import type { NotificationRequestedData } from '../alert-events.js';
import type { Channel, ChannelContext, ChannelResult } from './channel.js';
import { sendEmail } from './email-channel.js';
import type { EmailReceiver, ReceiverDocument, SlackReceiver, WebhookReceiver } from './receiver-types.js';
import { sendSlack } from './slack-channel.js';
import { sendWebhook } from './webhook-channel.js';

/** One channel per receiver kind. */
export interface ChannelSet {
  webhook: Channel<WebhookReceiver>;
  slack: Channel<SlackReceiver>;
  email: Channel<EmailReceiver>;
}

export const defaultChannels: ChannelSet = { webhook: sendWebhook, slack: sendSlack, email: sendEmail };

/** Sends through the channel of the receiver's kind. */
export function sendThrough(
  channels: ChannelSet,
  receiver: ReceiverDocument,
  notification: NotificationRequestedData,
  context: ChannelContext,
): Promise<ChannelResult> {
  switch (receiver.kind) {
    case 'webhook':
      return channels.webhook(receiver, notification, context);
    case 'slack':
      return channels.slack(receiver, notification, context);
    case 'email':
      return channels.email(receiver, notification, context);
  }
}
