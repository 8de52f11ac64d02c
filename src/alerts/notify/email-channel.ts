import { createTransport } from 'nodemailer';
import { AttemptFailedError } from './attempt-failure.js';
import type { Channel } from './channel.js';
import { emailHtml, emailMessageId, emailSubject, emailText } from './email-body.js';
import { describeNetworkError } from './http-post.js';
import { smtpPort } from './receiver-document.js';
import type { EmailReceiver } from './receiver-types.js';

/** SMTP reply codes that end a delivery for good even without a 5xx (bad settings, no credentials). */
const PERMANENT_ERROR_CODES = new Set(['ECONFIG', 'ENOAUTH', 'EFILEACCESS', 'EURLACCESS']);

const SOCKET_GRACE_MS = 1_000;

/** SMTP 4xx, connection errors and timeouts may pass later; 5xx replies will not. */
export function smtpFailure(error: unknown): AttemptFailedError {
  if (error instanceof AttemptFailedError) return error;
  const responseCode = (error as { responseCode?: unknown } | null)?.responseCode;
  const code = (error as { code?: unknown } | null)?.code;
  const message = describeNetworkError(error);
  if (typeof responseCode === 'number') {
    return new AttemptFailedError(`SMTP ${responseCode}: ${message}`, {
      retryable: responseCode < 500,
      responseCode,
      cause: error,
    });
  }
  const retryable = !(typeof code === 'string' && PERMANENT_ERROR_CODES.has(code));
  return new AttemptFailedError(`SMTP error: ${message}`, { retryable, cause: error });
}

/** The code at the start of the server's final reply (`250 OK: queued`). */
function replyCode(response: string | undefined): number | undefined {
  const match = /^(\d{3})\b/.exec(response ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Sends the notification as an e-mail (text and HTML) through the receiver's SMTP server, on a
 * transport of its own that lives for this attempt only (so a password change applies at once).
 */
export const sendEmail: Channel<EmailReceiver> = async (receiver, notification, context) => {
  const { smtp } = receiver;
  const password = smtp.password === undefined ? undefined : await context.secret(smtp.password);
  const transport = createTransport({
    host: smtp.host,
    port: smtpPort(smtp),
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    tls: { rejectUnauthorized: !smtp.allowInsecureTls },
    ...(smtp.user !== undefined && password !== undefined
      ? { auth: { user: smtp.user, pass: password } }
      : {}),
    // The attempt's own deadline ends it first; these only stop the socket lingering afterwards.
    connectionTimeout: context.timeoutMs + SOCKET_GRACE_MS,
    greetingTimeout: context.timeoutMs + SOCKET_GRACE_MS,
    socketTimeout: context.timeoutMs + SOCKET_GRACE_MS,
    // The message is built from alert data only: nodemailer must never read files or URLs for it.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({
      from: receiver.from,
      to: receiver.to,
      subject: emailSubject(notification),
      text: emailText(notification),
      html: emailHtml(notification),
      messageId: emailMessageId(notification.idempotencyKey),
      headers: {
        'X-Vigia-Notification-Id': notification.notificationId,
        'X-Vigia-Idempotency-Key': notification.idempotencyKey,
      },
      signal: context.signal,
    });
    const code = replyCode(info.response);
    return code === undefined ? {} : { responseCode: code };
  } catch (error) {
    throw smtpFailure(error);
  } finally {
    transport.close();
  }
};
