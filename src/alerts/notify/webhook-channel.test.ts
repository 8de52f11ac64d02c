import { afterEach, describe, expect, it } from 'vitest';
import {
  answer,
  type HttpTestServer,
  startHttpTestServer,
  type TestHandler,
} from '../../../test/support/http-test-server.js';
import type { NotificationAttemptedData } from '../alert-events.js';
import { NotificationDelivery, type NotificationDeliveryOptions } from './notification-delivery.js';
import type { SecretRef } from './secret-ref.js';
import { testNotification, testReceiver } from './test-notifications.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const SECRET = 'whsec-0123456789';

let server: HttpTestServer | undefined;
let delivery: NotificationDelivery | undefined;

afterEach(async () => {
  await delivery?.close();
  await server?.close();
  delivery = undefined;
  server = undefined;
});

async function serve(handler: TestHandler): Promise<HttpTestServer> {
  server = await startHttpTestServer(handler);
  return server;
}

function deliveryWith(options: Partial<NotificationDeliveryOptions> = {}) {
  const attempts: NotificationAttemptedData[] = [];
  delivery = new NotificationDelivery({
    backoff: { baseMs: 1, maxMs: 5 },
    resolveSecret: async (ref: SecretRef) =>
      'env' in ref && ref.env === 'VIGIA_WEBHOOK_SECRET' ? SECRET : undefined,
    onAttempt: async (attempt) => {
      attempts.push(attempt);
    },
    ...options,
  });
  return { delivery, attempts };
}

function webhookAt(url: string, extra: Record<string, unknown> = {}, id = 'r-1') {
  return testReceiver({ name: 'ops-webhook', kind: 'webhook', url, ...extra }, id);
}

describe('webhook delivery to a real HTTP receiver', () => {
  it('POSTs the JSON payload with idempotency key and a signature the receiver can verify', async () => {
    const http = await serve((_req, res) => answer(res, 204));
    const { delivery, attempts } = deliveryWith();
    const receiver = webhookAt(`${http.origin}/hook`, {
      secret: { env: 'VIGIA_WEBHOOK_SECRET' },
      headers: { 'X-Team': 'ops', 'X-Api-Key': { env: 'VIGIA_WEBHOOK_SECRET' } },
    });
    const outcome = await delivery.deliver(receiver, testNotification());
    expect(outcome).toEqual({ delivered: true, attempts: 1, retryable: false });
    const [request] = http.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('key-0001');
    expect(request?.headers['user-agent']).toBe('vigia');
    expect(request?.headers['x-team']).toBe('ops');
    expect(request?.headers['x-api-key']).toBe(SECRET);
    const timestamp = request?.headers['x-vigia-timestamp'] as string;
    const signature = request?.headers['x-vigia-signature'] as string;
    expect(verifyWebhookSignature(SECRET, timestamp, request!.body, signature, Date.now())).toBe(true);
    expect(
      verifyWebhookSignature(
        SECRET,
        timestamp,
        request!.body.replace('api-1', 'api-9'),
        signature,
        Date.now(),
      ),
    ).toBe(false);
    expect(JSON.parse(request!.body)).toMatchObject({
      version: 1,
      notificationId: 'n-1',
      idempotencyKey: 'key-0001',
      receiver: 'ops',
      status: 'firing',
      reason: 'group',
      groupKey: 'route-0/{service="api"}',
      groupLabels: { alertname: 'high-cpu', service: 'api' },
      alerts: [{ alertId: 'alert-api-1' }, { alertId: 'alert-api-2' }],
    });
    expect(attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        outcome: 'delivered',
        code: 204,
        destination: `webhook ${http.origin}/hook`,
      }),
    ]);
  });

  it('retries a 500 and is delivered on attempt 2, recording both attempts with the same key', async () => {
    const http = await serve((_req, res, index) =>
      index === 0 ? answer(res, 500, 'database down') : answer(res, 200),
    );
    const { delivery, attempts } = deliveryWith();
    const outcome = await delivery.deliver(webhookAt(`${http.origin}/hook`), testNotification());
    expect(outcome).toEqual({ delivered: true, attempts: 2, retryable: false });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.code])).toEqual([
      [1, 'failed', 500],
      [2, 'delivered', 200],
    ]);
    expect(attempts[0]?.error).toBe('HTTP 500: database down');
    expect(http.requests.map((r) => r.headers['idempotency-key'])).toEqual(['key-0001', 'key-0001']);
  });

  it('gives up at once on a 400: a permanent refusal after 1 attempt', async () => {
    const http = await serve((_req, res) => answer(res, 400, 'unknown field'));
    const { delivery, attempts } = deliveryWith();
    const outcome = await delivery.deliver(webhookAt(`${http.origin}/hook`), testNotification());
    expect(outcome).toEqual({
      delivered: false,
      attempts: 1,
      retryable: false,
      error: 'HTTP 400: unknown field',
    });
    expect(attempts).toHaveLength(1);
    expect(http.requests).toHaveLength(1);
  });

  it('treats 408 and 429 as retryable and reads at most 64 KiB of an answer', async () => {
    const huge = 'x'.repeat(1024 * 1024);
    const http = await serve((_req, res, index) => answer(res, index === 0 ? 429 : 408, huge));
    const { delivery, attempts } = deliveryWith({ maxAttempts: 2 });
    const outcome = await delivery.deliver(webhookAt(`${http.origin}/hook`), testNotification());
    expect(outcome).toMatchObject({ delivered: false, attempts: 2, retryable: true });
    expect(attempts.map((a) => a.code)).toEqual([429, 408]);
    expect(outcome.error!.length).toBeLessThan(300);
  });

  it('ends an attempt to a receiver that never answers at its timeout', async () => {
    const http = await serve(() => undefined);
    const { delivery, attempts } = deliveryWith({ maxAttempts: 1 });
    const outcome = await delivery.deliver(
      webhookAt(`${http.origin}/hook`, { timeout: '200ms' }),
      testNotification(),
    );
    expect(outcome).toEqual({
      delivered: false,
      attempts: 1,
      retryable: true,
      error: 'timed out after 200ms',
    });
    expect(attempts[0]).toMatchObject({ outcome: 'failed', error: 'timed out after 200ms' });
  });

  it('does not follow redirects: a 3xx is a permanent failure and the target is never called', async () => {
    const http = await serve((req, res) =>
      req.path === '/hook' ? answer(res, 302, '', { location: '/elsewhere' }) : answer(res, 200),
    );
    const { delivery } = deliveryWith();
    const outcome = await delivery.deliver(webhookAt(`${http.origin}/hook`), testNotification());
    expect(outcome).toMatchObject({ delivered: false, attempts: 1, retryable: false });
    expect(outcome.error).toMatch(/HTTP 302: redirects are not followed/);
    expect(http.requests.map((r) => r.path)).toEqual(['/hook']);
  });

  it('an open breaker for one destination does not affect another', async () => {
    const http = await serve((req, res) => (req.path === '/down' ? answer(res, 503) : answer(res, 200)));
    const { delivery, attempts } = deliveryWith({
      maxAttempts: 4,
      breaker: { failureThreshold: 2, openMs: 60_000 },
    });
    const down = await delivery.deliver(webhookAt(`${http.origin}/down`, {}, 'r-down'), testNotification());
    expect(down).toMatchObject({ delivered: false, attempts: 4, retryable: true });
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'circuit_open', 'circuit_open']);
    expect(http.requests.filter((r) => r.path === '/down')).toHaveLength(2);
    const up = await delivery.deliver(webhookAt(`${http.origin}/up`, {}, 'r-up'), testNotification());
    expect(up).toEqual({ delivered: true, attempts: 1, retryable: false });
    expect(delivery.breakerStates()).toEqual([
      { destination: `webhook ${http.origin}/down`, state: 'open' },
      { destination: `webhook ${http.origin}/up`, state: 'closed' },
    ]);
  });

  it('a slow destination does not hold up another one', async () => {
    const http = await serve((req, res) => (req.path === '/slow' ? undefined : answer(res, 200)));
    const { delivery } = deliveryWith({ maxAttempts: 1 });
    let slowDone = false;
    const slow = delivery
      .deliver(webhookAt(`${http.origin}/slow`, { timeout: '2s' }), testNotification())
      .finally(() => {
        slowDone = true;
      });
    const fast = await delivery.deliver(webhookAt(`${http.origin}/fast`), testNotification());
    expect(fast.delivered).toBe(true);
    // The fast one was delivered while the slow one still waited for its answer.
    expect(slowDone).toBe(false);
    expect((await slow).error).toBe('timed out after 2s');
  });

  it('fails permanently, naming the reference, when the secret is missing', async () => {
    const http = await serve((_req, res) => answer(res, 200));
    const { delivery, attempts } = deliveryWith();
    const receiver = webhookAt(`${http.origin}/hook`, { secret: { env: 'VIGIA_X' } });
    const outcome = await delivery.deliver(receiver, testNotification());
    expect(outcome).toEqual({
      delivered: false,
      attempts: 1,
      retryable: false,
      error: 'secret env VIGIA_X is not set or empty',
    });
    expect(attempts[0]).toMatchObject({ outcome: 'failed', error: 'secret env VIGIA_X is not set or empty' });
    expect(http.requests).toHaveLength(0);
  });

  it('posts to a URL read from a secret reference and never reveals it', async () => {
    const http = await serve((_req, res) => answer(res, 200));
    const { delivery, attempts } = deliveryWith({
      maxAttempts: 2,
      resolveSecret: async () => `${http.origin}/hooks/TOKEN-abc123`,
    });
    const receiver = testReceiver({ name: 'tokened', kind: 'webhook', url: { env: 'HOOK_URL' } });
    expect(await delivery.deliver(receiver, testNotification())).toMatchObject({ delivered: true });
    expect(http.requests.at(-1)?.path).toBe('/hooks/TOKEN-abc123');
    await http.close();
    server = undefined;
    const failed = await delivery.deliver(receiver, testNotification());
    expect(failed).toMatchObject({ delivered: false, retryable: true });
    const recorded = JSON.stringify({ attempts, failed });
    expect(recorded).not.toContain('TOKEN-abc123');
    expect(attempts.at(-1)?.destination).toBe('webhook (url from env HOOK_URL)');
  });
});
