import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CIRCUIT_STATE_CHANGED, recordPolicyEvents, SqliteEventStore } from '../src/events/index.js';
import { CircuitBreakerPolicy, ConsecutiveWindow } from '../src/resilience/index.js';

it('circuit-breaker state changes become events in the store', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-policy-'));
  const store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  try {
    const breaker = new CircuitBreakerPolicy({
      name: 'smtp',
      window: new ConsecutiveWindow({ failureThreshold: 1 }),
    });
    const stop = recordPolicyEvents(store, breaker);
    await breaker.execute(() => Promise.reject(new Error('refused'))).catch(() => undefined);
    breaker.reset();
    stop();
    breaker.isolate();
    for (let i = 0; i < 50 && (await store.streamVersion('resilience-smtp')) < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const events = await store.readStream('resilience-smtp');
    expect(events.map((e) => [e.type, (e.data as { to: string }).to])).toEqual([
      [CIRCUIT_STATE_CHANGED, 'open'],
      [CIRCUIT_STATE_CHANGED, 'closed'],
    ]);
    expect(events[0]!.metadata).toMatchObject({ actor: 'system:resilience' });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
