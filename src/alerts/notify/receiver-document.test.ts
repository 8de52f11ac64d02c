import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { describeDestination } from './describe-destination.js';
import { parseReceiver, receiverJsonSchema, receiverTimeoutMs, smtpPort } from './receiver-document.js';

const webhook = {
  name: 'ops-webhook',
  kind: 'webhook',
  url: 'https://hooks.example.org/vigia',
  secret: { env: 'VIGIA_WEBHOOK_SECRET' },
  headers: { 'X-Team': 'ops' },
  timeout: '10s',
  sendResolved: true,
};
const slack = { name: 'ops-slack', kind: 'slack', url: { env: 'VIGIA_SLACK_WEBHOOK_URL' }, channel: '#ops' };
const email = {
  name: 'oncall-mail',
  kind: 'email',
  smtp: {
    host: 'mail.example.org',
    port: 587,
    security: 'starttls',
    user: 'vigia',
    password: { file: '/run/secrets/smtp' },
    allowInsecureTls: false,
  },
  from: 'vigia@example.org',
  to: ['oncall@example.org'],
};

function errorsOf(doc: unknown): Array<{ field: string; message: string }> {
  const parsed = parseReceiver(doc);
  if (parsed.ok) throw new Error(`expected errors, parsed ${JSON.stringify(parsed.value)}`);
  return parsed.errors;
}

function fieldsOf(doc: unknown): string[] {
  return errorsOf(doc).map((e) => e.field);
}

describe('parseReceiver', () => {
  it('accepts the documented examples and fills the defaults', () => {
    const parsedSlack = parseReceiver(slack);
    expect(parsedSlack).toEqual({ ok: true, value: { ...slack, timeout: '10s', sendResolved: true } });
    const parsedEmail = parseReceiver({ ...email, smtp: { host: 'mail.example.org' }, sendResolved: false });
    expect(parsedEmail.ok && parsedEmail.value).toMatchObject({
      smtp: { host: 'mail.example.org', security: 'starttls', allowInsecureTls: false },
      sendResolved: false,
    });
    expect(parseReceiver(webhook).ok).toBe(true);
  });

  it('parses its own output to the same document (stored documents stay valid)', () => {
    for (const doc of [webhook, slack, email]) {
      const first = parseReceiver(doc);
      if (!first.ok) throw new Error('invalid example');
      expect(parseReceiver(first.value)).toEqual(first);
    }
  });

  it('accepts a webhook URL given as a secret reference, and header values as references', () => {
    const parsed = parseReceiver({
      name: 'tokened',
      kind: 'webhook',
      url: { file: '/run/secrets/hook-url' },
      headers: { 'X-Api-Key': { env: 'OPS_API_KEY' } },
    });
    expect(parsed.ok).toBe(true);
  });

  it('refuses an Authorization or Cookie header, and credential-looking headers written inline', () => {
    const errors = errorsOf({
      ...webhook,
      headers: { Authorization: 'Bearer abc', cookie: 'a=b', 'X-Api-Key': 'k-123', 'X-Vigia-Signature': 'x' },
    });
    expect(errors.map((e) => e.field).sort()).toEqual(
      ['headers.Authorization', 'headers.X-Api-Key', 'headers.X-Vigia-Signature', 'headers.cookie'].sort(),
    );
    expect(errors.find((e) => e.field === 'headers.Authorization')?.message).toMatch(/secret/);
    expect(JSON.stringify(errors)).not.toContain('k-123');
  });

  it('refuses an inline secret where a reference is needed, without repeating it', () => {
    const errors = errorsOf({ ...webhook, secret: 'hunter2-very-secret' });
    expect(errors).toEqual([{ field: 'secret', message: expect.stringMatching(/secret reference/) }]);
    expect(JSON.stringify(errors)).not.toContain('hunter2');
    const slackErrors = errorsOf({ ...slack, url: 'https://hooks.slack.com/services/T0/B0/TOKEN123' });
    expect(slackErrors.map((e) => e.field)).toEqual(['url']);
    expect(JSON.stringify(slackErrors)).not.toContain('TOKEN123');
    const passwordErrors = errorsOf({ ...email, smtp: { ...email.smtp, password: 'p4ssw0rd' } });
    expect(passwordErrors.map((e) => e.field)).toEqual(['smtp.password']);
    expect(JSON.stringify(passwordErrors)).not.toContain('p4ssw0rd');
  });

  it('refuses bad secret references by field', () => {
    expect(fieldsOf({ ...webhook, secret: { env: 'lower-case' } })).toEqual(['secret.env']);
    expect(fieldsOf({ ...webhook, secret: { file: 'relative/path' } })).toEqual(['secret.file']);
    expect(fieldsOf({ ...webhook, secret: { env: 'A', file: '/a' } })).toEqual(['secret']);
    expect(fieldsOf({ ...webhook, secret: { vault: 'x' } })).toEqual(['secret.vault', 'secret']);
  });

  it('refuses bad URLs: not http(s), with credentials, with a token in the query', () => {
    expect(errorsOf({ ...webhook, url: 'ftp://files.example.org/x' })).toEqual([
      { field: 'url', message: 'must be an http or https URL, got "ftp://files.example.org/x"' },
    ]);
    expect(fieldsOf({ ...webhook, url: 'not a url' })).toEqual(['url']);
    const withPassword = errorsOf({ ...webhook, url: 'https://bob:pa55@hooks.example.org/' });
    expect(withPassword.map((e) => e.field)).toEqual(['url']);
    expect(JSON.stringify(withPassword)).not.toContain('pa55');
    expect(errorsOf({ ...webhook, url: 'https://hooks.example.org/x?token=abc' })[0]?.message).toMatch(
      /credential.*token/,
    );
    expect(fieldsOf({ ...webhook, url: undefined })).toEqual(['url']);
  });

  it('refuses security none to a remote SMTP host but allows it on loopback', () => {
    const errors = errorsOf({ ...email, smtp: { host: 'mail.example.org', security: 'none' } });
    expect(errors).toEqual([
      { field: 'smtp.security', message: expect.stringMatching(/loopback.*mail\.example\.org/) },
    ]);
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      expect(parseReceiver({ ...email, smtp: { host, port: 2525, security: 'none' } }).ok).toBe(true);
    }
  });

  it('refuses a receiver without recipients, or with bad addresses, by index', () => {
    expect(errorsOf({ ...email, to: [] })).toEqual([
      { field: 'to', message: 'must list 1 to 50 addresses, got none' },
    ]);
    expect(fieldsOf({ ...email, to: ['ok@example.org', 'nope'] })).toEqual(['to[1]']);
    expect(fieldsOf({ ...email, to: Array.from({ length: 51 }, (_, i) => `u${i}@example.org`) })).toEqual([
      'to',
    ]);
    expect(fieldsOf({ ...email, from: undefined })).toEqual(['from']);
  });

  it('names unknown fields, bad kinds, names and timeouts', () => {
    expect(errorsOf({ ...slack, colour: 'red' })).toEqual([
      { field: 'colour', message: 'is not a field of a slack receiver' },
    ]);
    expect(fieldsOf({ ...email, smtp: { ...email.smtp, tls: true } })).toEqual(['smtp.tls']);
    expect(errorsOf({ ...slack, kind: 'pager' })).toEqual([
      { field: 'kind', message: 'must be one of webhook, slack, email, got "pager"' },
    ]);
    expect(fieldsOf({ ...slack, name: '-bad name' })).toEqual(['name']);
    expect(errorsOf({ ...slack, timeout: '2m' })[0]).toEqual({
      field: 'timeout',
      message: 'must be a duration from 1ms to 60s such as 10s or 500ms, got "2m"',
    });
    expect(fieldsOf({ ...email, smtp: { ...email.smtp, port: 70000 } })).toEqual(['smtp.port']);
    expect(fieldsOf({ ...email, smtp: { host: 'mail.example.org', user: 'vigia' } })).toEqual([
      'smtp.password',
    ]);
    expect(fieldsOf('webhook')).toEqual(['(document)']);
  });
});

describe('receiverJsonSchema', () => {
  const ajv = new Ajv({ strict: false, validateFormats: false });
  const validate = ajv.compile(receiverJsonSchema);

  it('accepts every document the parser accepts, with no $schema key', () => {
    expect(receiverJsonSchema.$schema).toBeUndefined();
    for (const doc of [webhook, slack, email, { ...webhook, url: { env: 'HOOK_URL' } }]) {
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('refuses an unknown kind and unknown fields', () => {
    expect(validate({ ...slack, kind: 'pager' })).toBe(false);
    expect(validate({ ...slack, colour: 'red' })).toBe(false);
  });
});

describe('describeDestination', () => {
  it('says where a receiver sends without secrets', () => {
    const parse = (doc: unknown) => {
      const parsed = parseReceiver(doc);
      if (!parsed.ok) throw new Error('invalid');
      return parsed.value;
    };
    expect(describeDestination(parse(webhook))).toBe('webhook https://hooks.example.org/vigia');
    expect(describeDestination(parse(slack))).toBe('slack (url from env VIGIA_SLACK_WEBHOOK_URL)');
    expect(describeDestination(parse(email))).toBe('email smtp mail.example.org:587 → oncall@example.org');
    expect(describeDestination(parse({ ...webhook, url: 'https://h.example.org/p?team=ops' }))).toBe(
      'webhook https://h.example.org/p',
    );
  });

  it('derives the port from the security and the timeout in milliseconds', () => {
    expect(smtpPort({ security: 'tls' })).toBe(465);
    expect(smtpPort({ security: 'none' })).toBe(25);
    expect(smtpPort({ security: 'starttls', port: 2525 })).toBe(2525);
    expect(receiverTimeoutMs({ timeout: '1500ms' })).toBe(1500);
  });
});
