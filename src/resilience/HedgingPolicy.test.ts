import { describe, expect, it } from 'vitest';
import { FakeClock } from '../kernel/index.js';
import { HedgingPolicy } from './HedgingPolicy.js';

describe('HedgingPolicy', () => {
  it('starts a second attempt after the delay; the first success wins and the loser is aborted', async () => {
    const clock = new FakeClock();
    const hedging = new HedgingPolicy({ delayMs: 50, clock });
    const signals: AbortSignal[] = [];
    const call = hedging.execute(async (ctx) => {
      signals.push(ctx.signal);
      if (ctx.attempt === 1) return new Promise<string>(() => undefined);
      return `attempt ${ctx.attempt}`;
    });
    await clock.advance(49);
    expect(signals).toHaveLength(1);
    await clock.advance(1);
    expect(await call).toBe('attempt 2');
    expect(signals[0]!.aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('does not hedge a fast call', async () => {
    const clock = new FakeClock();
    const hedging = new HedgingPolicy({ delayMs: 50, clock });
    let attempts = 0;
    expect(
      await hedging.execute(async () => {
        attempts++;
        return 'fast';
      }),
    ).toBe('fast');
    await clock.advance(100);
    expect(attempts).toBe(1);
  });

  it('fails with the last error when every attempt fails', async () => {
    const clock = new FakeClock();
    const hedging = new HedgingPolicy({ delayMs: 10, maxHedges: 2, clock });
    let attempts = 0;
    const call = hedging.execute(async (ctx) => {
      attempts++;
      throw new Error(`failed ${ctx.attempt}`);
    });
    await expect(call).rejects.toThrow('failed 3');
    expect(attempts).toBe(3);
  });

  it('learns its delay from a latency percentile', async () => {
    const clock = new FakeClock();
    const hedging = new HedgingPolicy({ percentile: 0.9, minSamples: 5, delayMs: 1000, clock });
    expect(hedging.currentDelayMs).toBe(1000);
    for (let i = 0; i < 10; i++) {
      const call = hedging.execute(() => clock.sleep(20).then(() => 'ok'));
      await clock.advance(20);
      await call;
    }
    expect(hedging.currentDelayMs).toBe(25);
  });
});
