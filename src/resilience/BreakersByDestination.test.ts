import { describe, expect, it } from 'vitest';
import { FakeClock, silentLogger } from '../kernel/index.js';
import { BreakersByDestination } from './BreakersByDestination.js';

describe('BreakersByDestination', () => {
  it('keeps one breaker per destination, opening after consecutive failures that count', async () => {
    const clock = new FakeClock();
    const breakers = new BreakersByDestination({
      purpose: 'test',
      failureThreshold: 2,
      openMs: 1000,
      isFailure: (error) => (error as Error).message !== 'refused',
      clock,
      logger: silentLogger(),
    });
    const fail = (message: string) => () => Promise.reject(new Error(message));
    const a = breakers.for('https://a.example');
    expect(breakers.for('https://a.example')).toBe(a);
    for (let i = 0; i < 3; i++) await a.execute(fail('refused')).catch(() => undefined);
    await breakers
      .for('https://b.example')
      .execute(fail('down'))
      .catch(() => undefined);
    await breakers
      .for('https://b.example')
      .execute(fail('down'))
      .catch(() => undefined);
    expect(breakers.states()).toEqual([
      { destination: 'https://a.example', state: 'closed' },
      { destination: 'https://b.example', state: 'open' },
    ]);
    await clock.advance(1000);
    expect(breakers.states()[1]).toEqual({ destination: 'https://b.example', state: 'half-open' });
  });
});
