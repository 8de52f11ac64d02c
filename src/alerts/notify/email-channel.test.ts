import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationAttemptedData } from '../alert-events.js';
import { NotificationDelivery, type NotificationDeliveryOptions } from './notification-delivery.js';
import { decodeQuotedPrintable, type SmtpTestServer, startSmtpTestServer } from './smtp-test-server.js';
import { firingAlert, testNotification, testReceiver } from './test-notifications.js';

let smtp: SmtpTestServer | undefined;
let delivery: NotificationDelivery | undefined;
let directory: string | undefined;

afterEach(async () => {
  await delivery?.close();
  await smtp?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
  delivery = undefined;
  smtp = undefined;
  directory = undefined;
});

function deliveryWith(options: Partial<NotificationDeliveryOptions> = {}) {
  const attempts: NotificationAttemptedData[] = [];
  delivery = new NotificationDelivery({
    backoff: { baseMs: 1, maxMs: 5 },
    onAttempt: async (attempt) => {
      attempts.push(attempt);
    },
    ...options,
  });
  return { delivery, attempts };
}

function mailReceiver(port: number, smtpExtra: Record<string, unknown> = {}) {
  return testReceiver({
    name: 'oncall-mail',
    kind: 'email',
    smtp: { host: '127.0.0.1', port, security: 'none', ...smtpExtra },
    from: 'vigia@example.org',
    to: ['oncall@example.org', 'lead@example.org'],
    timeout: '5s',
  });
}

function header(raw: string, name: string): string | undefined {
  const unfolded = raw.replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1]?.trim();
}

describe('e-mail delivery to a real SMTP server', () => {
  it('sends subject, Message-ID from the idempotency key, notification header, text and escaped HTML', async () => {
    smtp = await startSmtpTestServer();
    const { delivery, attempts } = deliveryWith();
    const notification = testNotification({
      alerts: [firingAlert('api-1', { summary: '<script>alert("x")</script> & co' }), firingAlert('api-2')],
    });
    const outcome = await delivery.deliver(mailReceiver(smtp.port), notification);
    expect(outcome).toEqual({ delivered: true, attempts: 1, retryable: false });
    expect(attempts[0]).toMatchObject({
      outcome: 'delivered',
      code: 250,
      destination: `email smtp 127.0.0.1:${smtp.port} → oncall@example.org, lead@example.org`,
    });

    const [mail] = smtp.mails;
    expect(mail?.from).toBe('vigia@example.org');
    expect(mail?.to).toEqual(['oncall@example.org', 'lead@example.org']);
    const raw = mail!.raw;
    expect(header(raw, 'Subject')).toBe('[FIRING:2] high-cpu (service=api)');
    expect(header(raw, 'Message-ID')).toBe('<key-0001@vigia>');
    expect(header(raw, 'X-Vigia-Notification-Id')).toBe('n-1');
    const [text, html] = decodeQuotedPrintable(raw).split('Content-Type: text/html');
    expect(text).toContain('[FIRING] critical: <script>alert("x")</script> & co');
    expect(text).toContain('runbook: https://runbooks.example.org/high-cpu');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<a href="https://runbooks.example.org/high-cpu">runbook</a>');
  });

  it('sends the same Message-ID on a retry, so duplicates can be dropped', async () => {
    smtp = await startSmtpTestServer();
    const { delivery } = deliveryWith();
    await delivery.deliver(mailReceiver(smtp.port), testNotification());
    await delivery.deliver(mailReceiver(smtp.port), testNotification());
    expect(smtp.mails.map((m) => header(m.raw, 'Message-ID'))).toEqual([
      '<key-0001@vigia>',
      '<key-0001@vigia>',
    ]);
  });

  it('a 550 recipient refusal is permanent: one attempt', async () => {
    smtp = await startSmtpTestServer({ rejectRecipientsWith: 550 });
    const { delivery, attempts } = deliveryWith({ maxAttempts: 3 });
    const outcome = await delivery.deliver(mailReceiver(smtp.port), testNotification());
    expect(outcome).toMatchObject({ delivered: false, attempts: 1, retryable: false });
    expect(outcome.error).toMatch(/^SMTP 550: /);
    expect(attempts[0]).toMatchObject({ outcome: 'failed', code: 550 });
    expect(smtp.mails).toHaveLength(0);
  });

  it('a 451 recipient refusal is retried until the attempts run out', async () => {
    smtp = await startSmtpTestServer({ rejectRecipientsWith: 451 });
    const { delivery, attempts } = deliveryWith({ maxAttempts: 2 });
    const outcome = await delivery.deliver(mailReceiver(smtp.port), testNotification());
    expect(outcome).toMatchObject({ delivered: false, attempts: 2, retryable: true });
    expect(attempts.map((a) => [a.outcome, a.code])).toEqual([
      ['failed', 451],
      ['failed', 451],
    ]);
  });

  it('a refused connection is retryable', async () => {
    smtp = await startSmtpTestServer();
    const port = smtp.port;
    await smtp.close();
    smtp = undefined;
    const { delivery } = deliveryWith({ maxAttempts: 2 });
    const outcome = await delivery.deliver(mailReceiver(port), testNotification());
    expect(outcome).toMatchObject({ delivered: false, attempts: 2, retryable: true });
    expect(outcome.error).toMatch(/^SMTP error: .*ECONNREFUSED/);
  });

  it('an SMTP server that never greets ends the attempt at the receiver timeout (retryable)', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const { delivery } = deliveryWith({ maxAttempts: 1 });
      const receiver = testReceiver({
        name: 'slow-mail',
        kind: 'email',
        smtp: { host: '127.0.0.1', port, security: 'none' },
        from: 'vigia@example.org',
        to: ['oncall@example.org'],
        timeout: '300ms',
      });
      const outcome = await delivery.deliver(receiver, testNotification());
      expect(outcome).toEqual({
        delivered: false,
        attempts: 1,
        retryable: true,
        error: 'timed out after 300ms',
      });
    } finally {
      silent.close();
    }
  });

  it('logs in with the password read from a file reference (trimmed), over STARTTLS', async () => {
    const certificate = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
    });
    smtp = await startSmtpTestServer({
      credentials: { user: 'vigia', password: 's3cret-pw' },
      tls: { key: certificate.private, cert: certificate.cert },
    });
    directory = await mkdtemp(join(tmpdir(), 'vigia-smtp-'));
    const passwordFile = join(directory, 'smtp-password');
    await writeFile(passwordFile, 's3cret-pw\n');
    const { delivery, attempts } = deliveryWith();
    const receiver = testReceiver({
      name: 'oncall-mail',
      kind: 'email',
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        user: 'vigia',
        password: { file: passwordFile },
        allowInsecureTls: true,
      },
      from: 'vigia@example.org',
      to: ['oncall@example.org'],
    });
    expect(await delivery.deliver(receiver, testNotification())).toMatchObject({ delivered: true });
    expect(smtp.mails[0]?.user).toBe('vigia');
    expect(JSON.stringify(attempts)).not.toContain('s3cret-pw');
  });

  it('a missing password secret is permanent and names the reference', async () => {
    smtp = await startSmtpTestServer({ credentials: { user: 'vigia', password: 'pw' } });
    const { delivery } = deliveryWith({ resolveSecret: async () => undefined });
    const receiver = mailReceiver(smtp.port, { user: 'vigia', password: { env: 'VIGIA_SMTP_PASSWORD' } });
    expect(await delivery.deliver(receiver, testNotification())).toEqual({
      delivered: false,
      attempts: 1,
      retryable: false,
      error: 'secret env VIGIA_SMTP_PASSWORD is not set or empty',
    });
  });

  it('a wrong password (535) is permanent and the password never shows', async () => {
    smtp = await startSmtpTestServer({ credentials: { user: 'vigia', password: 'right' } });
    const { delivery, attempts } = deliveryWith({ resolveSecret: async () => 'wrong-pw-xyz' });
    const receiver = mailReceiver(smtp.port, { user: 'vigia', password: { env: 'VIGIA_SMTP_PASSWORD' } });
    const outcome = await delivery.deliver(receiver, testNotification());
    expect(outcome).toMatchObject({ delivered: false, attempts: 1, retryable: false });
    expect(outcome.error).toMatch(/^SMTP 535/);
    expect(JSON.stringify({ outcome, attempts })).not.toContain('wrong-pw-xyz');
  });
});
