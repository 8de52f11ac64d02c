import { isIP } from 'node:net';
import { z } from 'zod';
import { parseDuration } from '../../kernel/index.js';
import { hasControlCharacter } from './control-characters.js';
import { headersSchema } from './headers-field.js';
import { expected, secretRefOnly, stringOrSecretRef } from './schema-fields.js';
import { secretRefSchema } from './secret-ref.js';
import { urlProblem } from './url-check.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
/** A receiver's attempt may last at most this long: a slow destination must not hold a delivery for minutes. */
export const MAX_RECEIVER_TIMEOUT_MS = 60_000;
export const DEFAULT_RECEIVER_TIMEOUT = '10s';
const MAX_RECIPIENTS = 50;

const TIMEOUT_EXPECTED = 'a duration from 1ms to 60s such as 10s or 500ms';

/** True for names that stay on this machine, where plain-text SMTP exposes nothing. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
}

/** Object error: `must be <what>` for a wrong type; other issues keep zod's default message. */
function objectError(what: string) {
  const message = expected(what);
  return {
    error: (issue: { code?: string; input?: unknown }) =>
      issue.code === 'invalid_type' ? message(issue) : undefined,
  };
}

const common = {
  name: z
    .string({ error: expected('a receiver name such as ops-webhook') })
    .max(100, { error: (iss) => `must be at most 100 characters, got ${String(iss.input).length}` })
    .regex(NAME, {
      error: expected(
        'a name of letters, digits and . _ : - starting with a letter or digit, such as ops-webhook',
      ),
    }),
  timeout: z
    .string({ error: expected(TIMEOUT_EXPECTED) })
    .refine(
      (text) => {
        const ms = parseDuration(text);
        return ms !== undefined && ms > 0 && ms <= MAX_RECEIVER_TIMEOUT_MS;
      },
      { error: expected(TIMEOUT_EXPECTED) },
    )
    .default(DEFAULT_RECEIVER_TIMEOUT),
  sendResolved: z.boolean({ error: expected('true or false') }).default(true),
};

export const webhookReceiverSchema = z.strictObject(
  {
    ...common,
    kind: z.literal('webhook'),
    url: stringOrSecretRef('an http(s) URL or a secret reference { env: NAME }', (text) =>
      urlProblem(text, true),
    ),
    secret: secretRefSchema.optional(),
    headers: headersSchema.optional(),
  },
  objectError('a webhook receiver'),
);

export const slackReceiverSchema = z.strictObject(
  {
    ...common,
    kind: z.literal('slack'),
    url: secretRefOnly(
      'a secret reference to the Slack webhook URL, such as { env: VIGIA_SLACK_WEBHOOK_URL }',
      'must be a secret reference such as { env: VIGIA_SLACK_WEBHOOK_URL }: a Slack webhook URL is itself a secret (the value given is not shown)',
    ),
    channel: z
      .string({ error: expected('a channel such as #ops') })
      .refine((channel) => /^\S{1,80}$/.test(channel) && !hasControlCharacter(channel), {
        error: expected('a channel such as #ops (no spaces, at most 80 characters)'),
      })
      .optional(),
  },
  objectError('a slack receiver'),
);

const smtpSchema = z
  .strictObject(
    {
      host: z
        .string({ error: expected('a host name or IP address') })
        .refine((host) => HOSTNAME.test(host) || isIP(host.replace(/^\[|\]$/g, '')) !== 0, {
          error: expected('a host name or IP address such as mail.example.org'),
        }),
      port: z
        .number({ error: expected('a port number from 1 to 65535') })
        .int({ error: expected('a port number from 1 to 65535') })
        .min(1, { error: expected('a port number from 1 to 65535') })
        .max(65_535, { error: expected('a port number from 1 to 65535') })
        .optional(),
      security: z
        .enum(['starttls', 'tls', 'none'], { error: expected('starttls, tls or none') })
        .default('starttls'),
      user: z
        .string({ error: expected('a user name') })
        .min(1, { error: 'must not be empty' })
        .max(200, { error: 'must be at most 200 characters' })
        .optional(),
      password: secretRefSchema.optional(),
      allowInsecureTls: z.boolean({ error: expected('true or false') }).default(false),
    },
    objectError('the SMTP server settings { host, port, security, user, password }'),
  )
  .superRefine((smtp, ctx) => {
    // Refinements run even when a field is wrong, so nothing here trusts the types.
    if (smtp.security === 'none' && typeof smtp.host === 'string' && !isLoopbackHost(smtp.host)) {
      ctx.addIssue({
        code: 'custom',
        path: ['security'],
        message: `may be none only for a loopback host (localhost, 127.0.0.1, ::1), not ${JSON.stringify(smtp.host)}: use starttls or tls so the mail and password travel encrypted`,
      });
    }
    if (smtp.password !== undefined && smtp.user === undefined) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'is required when a password is given' });
    }
    if (smtp.user !== undefined && smtp.password === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'is required when a user is given (as a secret reference)',
      });
    }
  });

const address = (what: string) =>
  z.email({ error: expected(what) }).max(254, { error: 'must be at most 254 characters' });

export const emailReceiverSchema = z.strictObject(
  {
    ...common,
    kind: z.literal('email'),
    smtp: smtpSchema,
    from: address('an e-mail address such as vigia@example.org'),
    to: z
      .array(address('an e-mail address such as oncall@example.org'), {
        error: expected('a list of e-mail addresses'),
      })
      .min(1, { error: `must list 1 to ${MAX_RECIPIENTS} addresses, got none` })
      .max(MAX_RECIPIENTS, {
        error: (iss) => `must list 1 to ${MAX_RECIPIENTS} addresses, got ${(iss.input as unknown[]).length}`,
      }),
  },
  objectError('an email receiver'),
);

/** Each kind's schema; parseReceiver picks one by `kind`. */
export const receiverSchemas = {
  webhook: webhookReceiverSchema,
  slack: slackReceiverSchema,
  email: emailReceiverSchema,
} as const;
