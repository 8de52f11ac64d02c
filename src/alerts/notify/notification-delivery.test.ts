import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../kernel/index.js';
import type { NotificationAttemptedData, NotificationRequestedData } from '../alert-events.js';
import { AttemptFailedError } from './attempt-failure.js';
import type { Channel, ChannelContext } from './channel.js';
import { NotificationDelivery, type NotificationDeliveryOptions } from './notification-delivery.js';
import { firingAlert, testNotification, testReceiver } from './test-notifications.js';

const webhook = testReceiver({ name: 'ops', kind: 'webhook', url: 'https://hooks.example.org/a' });

type Step = 'ok' | 'fail' | 'refuse' | 'hang' | ((context: ChannelContext) => Promise<void>);

/** A webhook channel that plays `steps` in order (the last one repeats) and counts calls. */
function scriptedChannel(steps: Step[]) {
  const calls: NotificationRequestedData[] = [];
  const channel: Channel = async (_receiver, notification, context) => {
    const step = steps[Math.min(calls.length, steps.length - 1)]!;
    calls.push(notification);
    if (typeof step === 'function') {
      await step(context);
      return { responseCode: 200 };
    }
    if (step === 'ok') return { responseCode: 200 };
    if (step === 'hang') return new Promise(() => undefined);
    throw new AttemptFailedError(step === 'fail' ? 'HTTP 503' : 'HTTP 400', {
      retryable: step === 'fail',
      responseCode: step === 'fail' ? 503 : 400,
    });
  };
  return { channel, calls };
}

function setup(steps: Step[], options: Partial<NotificationDeliveryOptions> = {}) {
  const clock = new FakeClock();
  const { channel, calls } = scriptedChannel(steps);
  const attempts: NotificationAttemptedData[] = [];
  const delivery = new NotificationDelivery({
    clock,
    random: () => 0, // jitter off: each wait is exactly baseMs
    backoff: { baseMs: 1_000, maxMs: 10_000 },
    channels: { webhook: channel, email: channel, slack: channel },
    onAttempt: async (attempt) => {
      attempts.push(attempt);
    },
    ...options,
  });
  return { clock, delivery, calls, attempts };
}

describe('NotificationDelivery', () => {
  it('waits on the injected clock between attempts', async () => {
    const { clock, delivery, calls } = setup(['fail', 'ok']);
    const result = delivery.deliver(webhook, testNotification());
    await clock.advance(999);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    expect(await result).toEqual({ delivered: true, attempts: 2, retryable: false });
  });

  it('gives up after maxAttempts with the last error, still retryable', async () => {
    const { clock, delivery, attempts } = setup(['fail'], { maxAttempts: 3 });
    const result = delivery.deliver(webhook, testNotification());
    await clock.advance(60_000);
    expect(await result).toEqual({ delivered: false, attempts: 3, retryable: true, error: 'HTTP 503' });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.code, a.destination])).toEqual([
      [1, 'failed', 503, 'webhook https://hooks.example.org/a'],
      [2, 'failed', 503, 'webhook https://hooks.example.org/a'],
      [3, 'failed', 503, 'webhook https://hooks.example.org/a'],
    ]);
  });

  it('does not start the next attempt before the previous one is recorded', async () => {
    let release: () => void = () => undefined;
    const recorded: number[] = [];
    const { clock, delivery, calls } = setup(['fail', 'ok'], {
      onAttempt: (attempt) => {
        recorded.push(attempt.attempt);
        return attempt.attempt === 1
          ? new Promise<void>((resolve) => (release = resolve))
          : Promise.resolve();
      },
    });
    const result = delivery.deliver(webhook, testNotification());
    await clock.advance(30_000);
    expect(calls).toHaveLength(1);
    release();
    await clock.advance(1_000);
    expect(await result).toMatchObject({ delivered: true, attempts: 2 });
    expect(recorded).toEqual([1, 2]);
  });

  it('uses a per-call recorder instead of the constructor one', async () => {
    const { delivery, attempts } = setup(['ok']);
    const own: NotificationAttemptedData[] = [];
    await delivery.deliver(webhook, testNotification(), undefined, async (a) => {
      own.push(a);
    });
    expect(own).toHaveLength(1);
    expect(attempts).toHaveLength(0);
  });

  it('honours Retry-After, but never beyond the maximum backoff', async () => {
    const retryAfter =
      (ms: number): Step =>
      async () => {
        throw new AttemptFailedError('HTTP 429', { retryable: true, responseCode: 429, retryAfterMs: ms });
      };
    const { clock, delivery, calls } = setup([retryAfter(5_000), retryAfter(60_000), 'ok']);
    const result = delivery.deliver(webhook, testNotification());
    await clock.advance(4_999);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    expect(calls).toHaveLength(2);
    await clock.advance(10_000);
    expect(await result).toMatchObject({ delivered: true, attempts: 3 });
  });

  it('counts an open circuit as an attempt and lets a trial through once the break is over', async () => {
    const { clock, delivery, attempts, calls } = setup(['fail', 'fail', 'ok'], {
      maxAttempts: 8,
      breaker: { failureThreshold: 2, openMs: 5_000 },
    });
    const result = delivery.deliver(webhook, testNotification());
    await clock.advance(3_000);
    expect(delivery.breakerStates()).toEqual([
      { destination: 'webhook https://hooks.example.org/a', state: 'open' },
    ]);
    await clock.advance(10_000);
    expect(await result).toEqual({ delivered: true, attempts: 7, retryable: false });
    expect(attempts.map((a) => a.outcome)).toEqual([
      'failed',
      'failed',
      'circuit_open',
      'circuit_open',
      'circuit_open',
      'circuit_open',
      'delivered',
    ]);
    expect(attempts[2]?.error).toMatch(/circuit open for webhook https:\/\/hooks\.example\.org\/a/);
    expect(calls).toHaveLength(3);
    expect(delivery.breakerStates()[0]?.state).toBe('closed');
  });

  it('a permanent refusal does not open the circuit', async () => {
    const { delivery } = setup(['refuse'], { breaker: { failureThreshold: 1, openMs: 60_000 } });
    expect(await delivery.deliver(webhook, testNotification())).toEqual({
      delivered: false,
      attempts: 1,
      retryable: false,
      error: 'HTTP 400',
    });
    expect(delivery.breakerStates()[0]?.state).toBe('closed');
  });

  it('receivers behind one SMTP server share its breaker', async () => {
    const { delivery } = setup(['ok']);
    const mail = (name: string, to: string) =>
      testReceiver({
        name,
        kind: 'email',
        smtp: { host: 'mail.example.org' },
        from: 'v@example.org',
        to: [to],
      });
    await delivery.deliver(mail('a', 'a@example.org'), testNotification());
    await delivery.deliver(mail('b', 'b@example.org'), testNotification());
    expect(delivery.breakerStates()).toEqual([{ destination: 'smtp mail.example.org:587', state: 'closed' }]);
  });

  it('ends an attempt at the receiver timeout even if the channel ignores its signal', async () => {
    const { clock, delivery, attempts } = setup(['hang'], { maxAttempts: 1 });
    const receiver = testReceiver({
      name: 'slow',
      kind: 'webhook',
      url: 'https://slow.example.org/',
      timeout: '3s',
    });
    const result = delivery.deliver(receiver, testNotification());
    await clock.advance(3_000);
    expect(await result).toEqual({
      delivered: false,
      attempts: 1,
      retryable: true,
      error: 'timed out after 3s',
    });
    expect(attempts[0]).toMatchObject({ outcome: 'failed', durationMs: 3_000 });
  });

  it('stops between attempts when aborted, leaving no timer behind', async () => {
    const { clock, delivery, calls } = setup(['fail']);
    const abort = new AbortController();
    const result = delivery.deliver(webhook, testNotification(), abort.signal);
    await clock.advance(500);
    abort.abort();
    expect(await result).toEqual({
      delivered: false,
      attempts: 1,
      retryable: true,
      error: 'stopped after 1 attempt(s): HTTP 503',
    });
    await clock.advance(60_000);
    expect(calls).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('does not start when already aborted', async () => {
    const { delivery, calls } = setup(['ok']);
    const abort = new AbortController();
    abort.abort();
    expect(await delivery.deliver(webhook, testNotification(), abort.signal)).toMatchObject({
      delivered: false,
      attempts: 0,
      retryable: true,
    });
    expect(calls).toHaveLength(0);
  });

  it('without sendResolved, skips resolved notifications and drops resolved alerts', async () => {
    const { delivery, calls } = setup(['ok']);
    const receiver = testReceiver({
      name: 'ops',
      kind: 'webhook',
      url: 'https://hooks.example.org/a',
      sendResolved: false,
    });
    const resolved = testNotification({ status: 'resolved', reason: 'resolved' });
    expect(await delivery.deliver(receiver, resolved)).toMatchObject({
      delivered: false,
      attempts: 0,
      skipped: true,
    });
    const mixed = testNotification({
      alerts: [
        firingAlert('api-1'),
        { ...firingAlert('api-2'), status: 'resolved', resolvedAt: '2026-01-01T01:00:00Z' },
      ],
    });
    expect(await delivery.deliver(receiver, mixed)).toMatchObject({ delivered: true });
    expect(calls[0]?.alerts.map((a) => a.alertId)).toEqual(['alert-api-1']);
  });

  it('passes a failure of the recorder on, and stops', async () => {
    const { delivery, calls } = setup(['fail'], {
      onAttempt: async () => {
        throw new Error('event store unavailable');
      },
    });
    await expect(delivery.deliver(webhook, testNotification())).rejects.toThrow('event store unavailable');
    expect(calls).toHaveLength(1);
  });

  it('redacts resolved secrets from any error text and records unexpected errors as retryable', async () => {
    const leaky: Step = async (context) => {
      const token = await context.secret({ env: 'HOOK_TOKEN' });
      throw new Error(`connect failed for https://hooks.example.org/${token}`);
    };
    const { delivery, attempts } = setup([leaky], { maxAttempts: 1, resolveSecret: async () => 'tok/en 42' });
    const outcome = await delivery.deliver(webhook, testNotification());
    expect(outcome).toEqual({
      delivered: false,
      attempts: 1,
      retryable: true,
      error: 'connect failed for https://hooks.example.org/[secret]',
    });
    expect(JSON.stringify(attempts)).not.toContain('tok/en');
  });

  it('refuses bad settings when constructed, naming the option', () => {
    expect(() => new NotificationDelivery({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => new NotificationDelivery({ backoff: { baseMs: 10, maxMs: 5 } })).toThrow(/backoff\.maxMs/);
    expect(() => new NotificationDelivery({ breaker: { failureThreshold: 0, openMs: 1 } })).toThrow(
      /breaker\.failureThreshold/,
    );
  });

  it('a secret that cannot be read is a permanent failure naming the reference only', async () => {
    const needsSecret: Step = async (context) => {
      await context.secret({ file: '/run/secrets/hook' });
    };
    const failing = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const { delivery } = setup([needsSecret], {
      resolveSecret: async () => {
        throw failing;
      },
    });
    expect(await delivery.deliver(webhook, testNotification())).toEqual({
      delivered: false,
      attempts: 1,
      retryable: false,
      error: 'secret file /run/secrets/hook could not be read (EACCES)',
    });
  });
});
