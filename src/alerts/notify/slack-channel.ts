import type { NotificationRequestedData, NotifiedAlert } from '../alert-events.js';
import type { Channel } from './channel.js';
import { destinationUrl } from './destination-url.js';
import { postJson } from './http-post.js';
import {
  alertSummary,
  listedAlerts,
  notificationPlainText,
  notificationTitle,
  oneLine,
  runbookUrl,
} from './notification-text.js';
import type { SlackReceiver } from './receiver-types.js';

// Slack refuses a section text longer than 3000 characters and a message of more than 50 blocks.
const SECTION_LIMIT = 3000;
const MAX_SECTIONS = 40;

/** Slack mrkdwn treats &, < and > as markup: label values must not make links or mentions. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function alertMarkdown(alert: NotifiedAlert): string {
  const runbook = runbookUrl(alert);
  // `|` ends the URL part of a Slack link, so it is percent-encoded inside it.
  const link = runbook ? ` — <${runbook.replace(/\|/g, '%7C')}|runbook>` : '';
  return `• *${alert.status === 'firing' ? 'FIRING' : 'RESOLVED'}* ${escapeSlack(alert.severity)}: ${escapeSlack(alertSummary(alert))}${link}`;
}

/** Lines packed into section texts no longer than Slack accepts. */
function sections(lines: string[]): string[] {
  const packed: string[] = [];
  let current = '';
  for (const line of lines) {
    const fitted = line.length > SECTION_LIMIT ? `${line.slice(0, SECTION_LIMIT - 1)}…` : line;
    if (current && current.length + 1 + fitted.length > SECTION_LIMIT) {
      packed.push(current);
      current = '';
    }
    current = current ? `${current}\n${fitted}` : fitted;
  }
  if (current) packed.push(current);
  return packed.slice(0, MAX_SECTIONS);
}

/** The message Slack receives: `text` (shown in notifications) and blocks with one line per alert. */
export function slackMessage(
  receiver: SlackReceiver,
  notification: NotificationRequestedData,
): Record<string, unknown> {
  const { alerts, more } = listedAlerts(notification);
  const lines = alerts.map(alertMarkdown);
  if (notification.message) lines.unshift(escapeSlack(oneLine(notification.message)));
  if (more > 0) lines.push(`… and ${more} more`);
  const blocks = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(notificationTitle(notification))}*` } },
    ...sections(lines).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  return {
    text: escapeSlack(notificationPlainText(notification)).slice(0, 3000),
    blocks,
    ...(receiver.channel ? { channel: receiver.channel } : {}),
  };
}

/** Posts the message to the Slack incoming webhook whose URL the receiver references. */
export const sendSlack: Channel<SlackReceiver> = async (receiver, notification, context) => {
  const url = await destinationUrl(receiver.url, context);
  const body = JSON.stringify(slackMessage(receiver, notification));
  return { responseCode: await postJson(url, body, {}, context) };
};
