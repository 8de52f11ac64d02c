import { afterEach, describe, expect, it } from 'vitest';
import { answer, type HttpTestServer, startHttpTestServer } from '../../../test/support/http-test-server.js';
import type { NotificationAttemptedData } from '../alert-events.js';
import { NotificationDelivery } from './notification-delivery.js';
import { firingAlert, testNotification, testReceiver } from './test-notifications.js';

let server: HttpTestServer | undefined;
let delivery: NotificationDelivery | undefined;

afterEach(async () => {
  await delivery?.close();
  await server?.close();
});

interface SlackBody {
  text: string;
  channel?: string;
  blocks: Array<{ type: string; text: { type: string; text: string } }>;
}

describe('slack delivery to a real HTTP receiver', () => {
  it('posts a title, one line per alert with summary and runbook link, to the referenced URL', async () => {
    server = await startHttpTestServer((_req, res) => answer(res, 200, 'ok'));
    const hookUrl = `${server.origin}/services/T000/B000/SECRET42`;
    const attempts: NotificationAttemptedData[] = [];
    delivery = new NotificationDelivery({
      resolveSecret: async (ref) =>
        'env' in ref && ref.env === 'VIGIA_SLACK_WEBHOOK_URL' ? hookUrl : undefined,
      onAttempt: async (attempt) => {
        attempts.push(attempt);
      },
    });
    const receiver = testReceiver({
      name: 'ops-slack',
      kind: 'slack',
      url: { env: 'VIGIA_SLACK_WEBHOOK_URL' },
      channel: '#ops',
    });
    const notification = testNotification({
      alerts: [firingAlert('api-1'), firingAlert('api-2', { summary: 'CPU <b>hot</b> & rising' })],
    });
    expect(await delivery.deliver(receiver, notification)).toEqual({
      delivered: true,
      attempts: 1,
      retryable: false,
    });

    const request = server.requests[0]!;
    expect(request.path).toBe('/services/T000/B000/SECRET42');
    const body = JSON.parse(request.body) as SlackBody;
    expect(body.channel).toBe('#ops');
    expect(body.text.split('\n')[0]).toBe('[FIRING:2] high-cpu (service=api)');
    expect(body.blocks[0]?.text.text).toBe('*[FIRING:2] high-cpu (service=api)*');
    const lines = body.blocks[1]!.text.text.split('\n');
    expect(lines).toEqual([
      '• *FIRING* critical: CPU above 90% on api-1 — <https://runbooks.example.org/high-cpu|runbook>',
      '• *FIRING* critical: CPU &lt;b&gt;hot&lt;/b&gt; &amp; rising — <https://runbooks.example.org/high-cpu|runbook>',
    ]);
    expect(attempts[0]?.destination).toBe('slack (url from env VIGIA_SLACK_WEBHOOK_URL)');
    expect(JSON.stringify(attempts)).not.toContain('SECRET42');
  });

  it('fails permanently when the referenced URL is not set, naming only the reference', async () => {
    delivery = new NotificationDelivery({ resolveSecret: async () => undefined });
    const receiver = testReceiver({
      name: 'ops-slack',
      kind: 'slack',
      url: { env: 'VIGIA_SLACK_WEBHOOK_URL' },
    });
    expect(await delivery.deliver(receiver, testNotification())).toEqual({
      delivered: false,
      attempts: 1,
      retryable: false,
      error: 'secret env VIGIA_SLACK_WEBHOOK_URL is not set or empty',
    });
  });

  it('refuses a referenced value that is not an http(s) URL without showing it', async () => {
    delivery = new NotificationDelivery({ resolveSecret: async () => 'xoxb-not-a-url-SECRET' });
    const receiver = testReceiver({ name: 'ops-slack', kind: 'slack', url: { env: 'SLACK_URL' } });
    const outcome = await delivery.deliver(receiver, testNotification());
    expect(outcome).toMatchObject({ delivered: false, attempts: 1, retryable: false });
    expect(outcome.error).toMatch(/^url from env SLACK_URL must be an absolute http\(s\) URL/);
    expect(outcome.error).not.toContain('SECRET');
  });
});
