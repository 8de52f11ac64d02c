import { describe, expect, it } from 'vitest';
import {
  type EventStore,
  InvalidEventError,
  StoreUnavailableError,
  type StreamAppend,
} from '../../events/index.js';
import { FakeClock, silentLogger } from '../../kernel/index.js';
import { MonitorEvents } from '../monitor-events.js';
import { ResultWriter } from './result-writer.js';

/** A store whose appends fail while `failWith` is set, recording what it accepted. */
function flakyStore() {
  const accepted: StreamAppend[] = [];
  const store = {
    failWith: undefined as Error | undefined,
    accepted,
    async appendToStreams(appends: ReadonlyArray<StreamAppend>) {
      if (store.failWith) throw store.failWith;
      accepted.push(...appends);
      return [];
    },
  };
  return store;
}

function check(monitorId: string, status: 'up' | 'down', at: number) {
  return {
    monitorId,
    monitor: monitorId,
    service: 'web',
    kind: 'http',
    dueAt: at,
    startedAt: at,
    result: { status, latencyMs: 1, message: status },
  };
}

const typesOf = (appends: StreamAppend[]) => appends.flatMap((a) => a.events.map((e) => e.type));

describe('ResultWriter', () => {
  it('appends many results as one batch, a status change before the check that caused it', async () => {
    const store = flakyStore();
    const writer = new ResultWriter({
      store: store as unknown as EventStore,
      clock: new FakeClock(),
      logger: silentLogger(),
    });
    writer.record(check('a', 'up', 0));
    writer.record(check('b', 'up', 0));
    writer.record(check('a', 'up', 1));
    await writer.flush();
    expect(store.accepted.map((a) => a.streamId)).toEqual(['monitor-results-a', 'monitor-results-b']);
    expect(typesOf(store.accepted.slice(0, 1))).toEqual([
      MonitorEvents.statusChanged,
      MonitorEvents.checkCompleted,
      MonitorEvents.checkCompleted,
    ]);
  });

  it('keeps results while the store is away and writes them, in order, once it is back', async () => {
    const store = flakyStore();
    const writer = new ResultWriter({
      store: store as unknown as EventStore,
      clock: new FakeClock(),
      logger: silentLogger(),
    });
    store.failWith = new StoreUnavailableError('database away');
    writer.record(check('a', 'up', 0));
    await writer.flush();
    writer.record(check('a', 'down', 1));
    await writer.flush();
    expect(store.accepted).toEqual([]);
    expect(writer.waiting).toBe(4);
    store.failWith = undefined;
    await writer.flush();
    const data = store.accepted.flatMap((a) => a.events.map((e) => [e.type, (e.data as { to?: string }).to]));
    expect(data).toEqual([
      [MonitorEvents.statusChanged, 'up'],
      [MonitorEvents.checkCompleted, undefined],
      [MonitorEvents.statusChanged, 'down'],
      [MonitorEvents.checkCompleted, undefined],
    ]);
    expect(writer.waiting).toBe(0);
  });

  it('keeps at most maxRetained events, dropping the oldest and counting them', async () => {
    const store = flakyStore();
    const writer = new ResultWriter({
      store: store as unknown as EventStore,
      clock: new FakeClock(),
      logger: silentLogger(),
      maxRetained: 3,
    });
    store.failWith = new StoreUnavailableError('database away');
    for (let i = 0; i < 4; i++) writer.record(check('a', 'up', i));
    await writer.flush();
    expect(writer.waiting).toBe(3);
    expect(writer.dropped).toBe(2);
    // The dropped status is forgotten, so the next check announces it again.
    expect(writer.statusOf('a')).toBe('unknown');
  });

  it('does not retry a batch the store refuses as invalid', async () => {
    const store = flakyStore();
    const writer = new ResultWriter({
      store: store as unknown as EventStore,
      clock: new FakeClock(),
      logger: silentLogger(),
    });
    store.failWith = new InvalidEventError('too large');
    writer.record(check('a', 'up', 0));
    await writer.flush();
    expect(writer.waiting).toBe(0);
  });
});
