import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signed timestamp may be from the receiver's clock by default (5 minutes). */
export const DEFAULT_SIGNATURE_TOLERANCE_MS = 300_000;

/** Hex HMAC-SHA256 of `<timestamp>.<body>` with the receiver's secret. */
export function computeWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string | Buffer,
): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The `x-vigia-timestamp` and `x-vigia-signature` headers for a body sent at `nowMs`. */
export function signWebhook(
  secret: string,
  body: string,
  nowMs: number,
): { 'x-vigia-timestamp': string; 'x-vigia-signature': string } {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'x-vigia-timestamp': timestamp,
    'x-vigia-signature': `v1=${computeWebhookSignature(secret, timestamp, body)}`,
  };
}

/**
 * Checks a webhook's signature the way a receiver should: the timestamp is recent (within
 * `toleranceMs` of `nowMs`, which stops replays) and one `v1=` signature in the header matches
 * (compared in constant time). The header may list several, comma-separated, during key rotation.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  body: string | Buffer,
  header: string | undefined,
  nowMs: number,
  toleranceMs = DEFAULT_SIGNATURE_TOLERANCE_MS,
): boolean {
  if (timestamp === undefined || header === undefined) return false;
  const text = String(timestamp).trim();
  if (!/^\d{1,12}$/.test(text)) return false;
  if (Math.abs(nowMs - Number(text) * 1000) > toleranceMs) return false;
  const expected = Buffer.from(computeWebhookSignature(secret, text, body), 'hex');
  let matched = false;
  for (const part of header.split(',')) {
    const [scheme, value] = part.trim().split('=', 2);
    if (scheme !== 'v1' || value === undefined || !/^[0-9a-f]{64}$/i.test(value)) continue;
    // Every candidate is compared, so the time taken does not reveal which one matched.
    if (timingSafeEqual(Buffer.from(value, 'hex'), expected)) matched = true;
  }
  return matched;
}
