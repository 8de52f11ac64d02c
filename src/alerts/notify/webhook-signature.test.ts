import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'whsec-test';
const body = '{"version":1,"status":"firing"}';
const now = Date.UTC(2026, 0, 1, 12);

describe('webhook signatures', () => {
  it('signs `<timestamp>.<body>` and verifies with the same secret', () => {
    const headers = signWebhook(secret, body, now);
    expect(headers['x-vigia-timestamp']).toBe(String(now / 1000));
    expect(headers['x-vigia-signature']).toBe(`v1=${computeWebhookSignature(secret, now / 1000, body)}`);
    expect(
      verifyWebhookSignature(secret, headers['x-vigia-timestamp'], body, headers['x-vigia-signature'], now),
    ).toBe(true);
    expect(
      verifyWebhookSignature(
        secret,
        headers['x-vigia-timestamp'],
        Buffer.from(body),
        headers['x-vigia-signature'],
        now,
      ),
    ).toBe(true);
  });

  it('fails for a tampered body, another secret, or a changed timestamp', () => {
    const headers = signWebhook(secret, body, now);
    const ts = headers['x-vigia-timestamp'];
    const sig = headers['x-vigia-signature'];
    expect(verifyWebhookSignature(secret, ts, body.replace('firing', 'resolved'), sig, now)).toBe(false);
    expect(verifyWebhookSignature('other-secret', ts, body, sig, now)).toBe(false);
    expect(verifyWebhookSignature(secret, String(Number(ts) + 1), body, sig, now)).toBe(false);
  });

  it('refuses a replay: a timestamp older (or newer) than the tolerance', () => {
    const headers = signWebhook(secret, body, now);
    const ts = headers['x-vigia-timestamp'];
    const sig = headers['x-vigia-signature'];
    expect(verifyWebhookSignature(secret, ts, body, sig, now + 299_000)).toBe(true);
    expect(verifyWebhookSignature(secret, ts, body, sig, now + 301_000)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, sig, now - 301_000)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, sig, now + 30_000, 10_000)).toBe(false);
  });

  it('accepts any matching v1 signature in a list (key rotation) and nothing malformed', () => {
    const headers = signWebhook(secret, body, now);
    const ts = headers['x-vigia-timestamp'];
    const good = headers['x-vigia-signature'];
    const stale = `v1=${computeWebhookSignature('old-secret', ts, body)}`;
    expect(verifyWebhookSignature(secret, ts, body, `${stale}, ${good}`, now)).toBe(true);
    expect(verifyWebhookSignature(secret, ts, body, good.replace('v1=', 'v0='), now)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, 'v1=abc', now)).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, body, good, now)).toBe(false);
    expect(verifyWebhookSignature(secret, 'yesterday', body, good, now)).toBe(false);
    expect(verifyWebhookSignature(secret, ts, body, undefined, now)).toBe(false);
  });
});
