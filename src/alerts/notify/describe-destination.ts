import { smtpPort } from './receiver-document.js';
import type { ReceiverDocument } from './receiver-types.js';
import { describeSecretRef, type SecretRef } from './secret-ref.js';
import { urlWithoutQuery } from './url-check.js';

function describeUrl(url: string | SecretRef): string {
  return typeof url === 'string' ? urlWithoutQuery(url) : `(url from ${describeSecretRef(url)})`;
}

/**
 * Where a receiver sends, safe to log and to store in events (no secrets, no query strings):
 * `webhook https://hooks.example.org/vigia`, `slack (url from env VIGIA_SLACK_WEBHOOK_URL)`,
 * `email smtp mail.example.org:587 → oncall@example.org`.
 */
export function describeDestination(receiver: ReceiverDocument): string {
  switch (receiver.kind) {
    case 'webhook':
      return `webhook ${describeUrl(receiver.url)}`;
    case 'slack':
      return `slack ${describeUrl(receiver.url)}`;
    case 'email':
      return `email smtp ${receiver.smtp.host}:${smtpPort(receiver.smtp)} → ${receiver.to.join(', ')}`;
  }
}

/**
 * What one circuit breaker guards: the server that answers. Receivers sharing it share the
 * breaker (an SMTP server that is down is down for every mailbox behind it).
 */
export function breakerKeyOf(receiver: ReceiverDocument): string {
  switch (receiver.kind) {
    case 'webhook':
      return `webhook ${describeUrl(receiver.url)}`;
    case 'slack':
      return `slack ${describeUrl(receiver.url)}`;
    case 'email':
      return `smtp ${receiver.smtp.host}:${smtpPort(receiver.smtp)}`;
  }
}
