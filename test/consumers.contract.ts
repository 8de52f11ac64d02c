import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AggregateRepository,
  catchUpSubscription,
  createSnapshotConsumer,
  DurableConsumer,
  EventBus,
  type EventStore,
  listParkedEvents,
  type Projection,
  ProjectionRunner,
  type RecordedEvent,
} from '../src/events/index.js';
import { FakeClock, systemClock } from '../src/kernel/index.js';
import type { StoreFactory, StoreUnderTest } from './event-store.contract.js';

const ev = (type: string, data: unknown = {}) => ({ type, data });

/** Drives the fake clock until `condition` holds, letting real I/O run between steps. */
async function until(
  clock: FakeClock,
  condition: () => boolean | Promise<boolean>,
  stepMs = 100,
): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await condition()) return;
    await clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('condition not reached');
}

async function countRows(store: EventStore, table: string): Promise<number> {
  const rows = await store.withTransaction((tx) =>
    tx.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`),
  );
  return Number(rows[0]!.n);
}

/** Consumers, projections, snapshots, temporal reads and the bus: generic code every backend must carry. */
export function describeConsumerContract(backend: string, factory: StoreFactory | null): void {
  describe.skipIf(factory === null)(`consumers and projections: ${backend}`, () => {
    let clock: FakeClock;
    let subject: StoreUnderTest;
    let store: EventStore;
    const running: Array<{ stop(): Promise<void> }> = [];

    beforeEach(async () => {
      clock = new FakeClock(Date.UTC(2026, 10, 1));
      subject = await factory!(clock);
      store = subject.store;
      await store.withTransaction((tx) =>
        tx.execute('CREATE TABLE IF NOT EXISTS seen (event_id TEXT PRIMARY KEY, consumer TEXT NOT NULL)'),
      );
    });
    afterEach(async () => {
      for (const r of running.splice(0)) await r.stop();
      await subject.cleanup();
    });

    function consumer(
      name: string,
      _unused?: undefined,
      extra: Partial<ConstructorParameters<typeof DurableConsumer>[1]> = {},
    ) {
      const c = new DurableConsumer(store, {
        name,
        clock,
        batchSize: 7,
        handle: async (events, tx) => {
          for (const e of events)
            await tx.execute('INSERT INTO seen (event_id, consumer) VALUES ($1, $2)', [e.id, name]);
        },
        ...extra,
      });
      running.push(c);
      return c;
    }

    it('catches up, goes live, and resumes from its checkpoint without duplicates', async () => {
      for (let i = 0; i < 20; i++) await store.appendToStream(`s-${i % 3}`, [ev('t.x', { i })]);
      const first = consumer('counter');
      await first.start();
      await first.waitUntilCaughtUp();
      expect(await countRows(store, 'seen')).toBe(20);
      await store.appendToStream('s-live', [ev('t.x'), ev('t.y')]);
      await first.waitUntilCaughtUp();
      expect(await countRows(store, 'seen')).toBe(22);
      await first.stop();

      await store.appendToStream('s-later', [ev('t.x')]);
      const second = consumer('counter');
      await second.start();
      await second.waitUntilCaughtUp();
      expect(await countRows(store, 'seen')).toBe(23);
      expect(await second.lag()).toBe(0);
    });

    it('a consumer starting at the end sees only new events', async () => {
      await store.appendToStream('old', [ev('t.old'), ev('t.old')]);
      const c = consumer('from-end', undefined, { startAt: 'end' });
      await c.start();
      await c.waitUntilCaughtUp();
      expect(await countRows(store, 'seen')).toBe(0);
      await store.appendToStream('new', [ev('t.new')]);
      await c.waitUntilCaughtUp();
      expect(await countRows(store, 'seen')).toBe(1);
    });

    it('a filtered consumer does not spin on events it does not want', async () => {
      let reads = 0;
      const counting: EventStore = Object.create(store, {
        readAllPage: {
          value: (...args: Parameters<EventStore['readAllPage']>) => {
            reads++;
            return store.readAllPage(...args);
          },
        },
      });
      const c = new DurableConsumer(counting, {
        name: 'picky',
        clock,
        filter: { typePrefixes: ['wanted.'] },
        handle: async () => undefined,
      });
      running.push(c);
      await store.appendToStream('noise', [ev('noise.a'), ev('noise.b'), ev('noise.c')]);
      await c.start();
      await c.waitUntilCaughtUp();
      const before = reads;
      await new Promise((r) => setTimeout(r, 300));
      expect(reads - before).toBeLessThan(5);
    });

    it('a consumer emits events exactly once, in the transaction of its checkpoint', async () => {
      await store.appendToStream('order-1', [ev('order.placed', { n: 1 })]);
      await store.appendToStream('order-2', [ev('order.placed', { n: 2 })]);
      let failOnce = true;
      const c = consumer('invoicer', undefined, {
        filter: { typePrefixes: ['order.'] },
        // Real time for this one: the retry waits a few real milliseconds.
        clock: systemClock,
        retryBaseMs: 5,
        handle: async (events, tx) => {
          for (const e of events) {
            await tx.appendToStreams([{ streamId: `invoice-${e.streamId}`, events: [ev('invoice.issued')] }]);
            if (failOnce) {
              failOnce = false;
              throw new Error('crash after emitting');
            }
          }
        },
      });
      await c.start();
      const deadline = Date.now() + 20_000;
      while ((await store.streamVersion('invoice-order-2')) === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await c.waitUntilCaughtUp();
      expect(await store.streamVersion('invoice-order-1')).toBe(1);
      expect(await store.streamVersion('invoice-order-2')).toBe(1);
      expect(failOnce).toBe(false);
    });

    it('filters by event type prefix', async () => {
      await store.appendToStream('m', [ev('monitor.a'), ev('alerts.b'), ev('monitor.c')]);
      const c = consumer('monitors-only', undefined, { filter: { typePrefixes: ['monitor.'] } });
      await c.start();
      await c.waitUntilCaughtUp();
      expect(await countRows(store, 'seen')).toBe(2);
    });

    it('retries a failing event with backoff, parks it, and moves on', async () => {
      await store.appendToStream('p', [ev('t.ok', { n: 1 }), ev('t.bad'), ev('t.ok', { n: 2 })]);
      let attempts = 0;
      const c = consumer('parker', undefined, {
        maxAttempts: 3,
        retryBaseMs: 1000,
        handle: async (events, tx) => {
          for (const e of events) {
            if (e.type === 't.bad') {
              attempts++;
              throw new Error('cannot handle this one');
            }
            await tx.execute('INSERT INTO seen (event_id, consumer) VALUES ($1, $2)', [e.id, 'parker']);
          }
        },
      });
      await c.start();
      await until(clock, async () => (await countRows(store, 'seen')) === 2);
      // The batch failed once, then the bad event alone failed maxAttempts times.
      expect(attempts).toBe(1 + 3);
      const parked = await store.withTransaction((tx) => listParkedEvents(tx, 'parker'));
      expect(parked).toHaveLength(1);
      expect(parked[0]).toMatchObject({ error: 'cannot handle this one', attempts: 3 });
      expect(parked[0]!.parkedAt).toBeInstanceOf(Date);
    });

    it('a failing batch leaves its read-model writes rolled back', async () => {
      await store.appendToStream('r', [ev('t.one'), ev('t.two')]);
      let fail = true;
      let attempts = 0;
      const c = consumer('rollback', undefined, {
        retryBaseMs: 500,
        maxAttempts: 1000,
        handle: async (events, tx) => {
          for (const e of events)
            await tx.execute('INSERT INTO seen (event_id, consumer) VALUES ($1, $2)', [e.id, 'rb']);
          attempts++;
          if (fail) throw new Error('after writing');
        },
      });
      await c.start();
      await until(clock, () => attempts >= 3, 50);
      expect(await countRows(store, 'seen')).toBe(0);
      expect(c.position.position).toBe(0);
      fail = false;
      await until(clock, async () => (await countRows(store, 'seen')) === 2);
    });

    it('one instance holds the lease; the other takes over when it stops', async () => {
      await store.appendToStream('l', [ev('t.one'), ev('t.two')]);
      const a = consumer('leased', undefined, { instanceId: 'a' });
      const b = consumer('leased', undefined, { instanceId: 'b' });
      await a.start();
      await a.waitUntilCaughtUp();
      await b.start();
      await until(clock, () => b.status === 'waiting-for-lease', 10);
      await store.appendToStream('l', [ev('t.three')]);
      await a.waitUntilCaughtUp();
      await a.stop();
      await until(clock, () => b.status === 'running', 1000);
      await store.appendToStream('l', [ev('t.four')]);
      await b.waitUntilCaughtUp();
      const rows = await store.withTransaction((tx) =>
        tx.query<{ event_id: string }>('SELECT event_id FROM seen'),
      );
      expect(rows).toHaveLength(4);
    });

    describe('projections', () => {
      const effects: string[] = [];
      const counts = (version = 1): Projection => ({
        name: 'type_counts',
        version,
        tables: ['type_count'],
        setup: async (tx, t) => {
          await tx.execute(
            `CREATE TABLE ${t.table('type_count')} (type TEXT PRIMARY KEY, n INTEGER NOT NULL)`,
          );
        },
        apply: async (events, tx, ctx) => {
          for (const e of events) {
            await tx.execute(
              `INSERT INTO ${ctx.table('type_count')} (type, n) VALUES ($1, 1)
               ON CONFLICT (type) DO UPDATE SET n = ${ctx.table('type_count')}.n + 1`,
              [e.type],
            );
            ctx.afterCommit(() => {
              effects.push(e.type);
            });
          }
        },
      });

      async function readCounts(runner: ProjectionRunner): Promise<Record<string, number>> {
        const rows = await store.withTransaction((tx) =>
          tx.query<{ type: string; n: number }>(`SELECT type, n FROM ${runner.table('type_count')}`),
        );
        return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
      }

      it('builds from history with effects suppressed, then runs live with effects', async () => {
        effects.length = 0;
        await store.appendToStream('p', [ev('a.x'), ev('a.x'), ev('b.y')]);
        const runner = new ProjectionRunner(store, counts(), { clock });
        running.push(runner);
        await runner.start();
        await runner.waitUntilCaughtUp();
        expect(await readCounts(runner)).toEqual({ 'a.x': 2, 'b.y': 1 });
        expect(effects).toEqual([]);
        await store.appendToStream('p', [ev('b.y')]);
        await runner.waitUntilCaughtUp();
        expect(await readCounts(runner)).toEqual({ 'a.x': 2, 'b.y': 2 });
        expect(effects).toEqual(['b.y']);
      });

      it('rebuilds into a new table and swaps it in, dropping the old one', async () => {
        await store.appendToStream('p', [ev('a.x'), ev('b.y')]);
        const runner = new ProjectionRunner(store, counts(), { clock });
        running.push(runner);
        await runner.start();
        await runner.waitUntilCaughtUp();
        const before = runner.table('type_count');
        await runner.rebuild();
        const after = runner.table('type_count');
        expect(after).not.toBe(before);
        expect(await readCounts(runner)).toEqual({ 'a.x': 1, 'b.y': 1 });
        await expect(countRows(store, before)).rejects.toThrow();
        await store.appendToStream('p', [ev('a.x')]);
        await runner.waitUntilCaughtUp();
        expect(await readCounts(runner)).toEqual({ 'a.x': 2, 'b.y': 1 });
      });

      it('a new version is built beside the old and replaces it; a restart resumes it', async () => {
        await store.appendToStream('p', [ev('a.x')]);
        const v1 = new ProjectionRunner(store, counts(1), { clock });
        await v1.start();
        await v1.waitUntilCaughtUp();
        await v1.stop();
        const v2 = new ProjectionRunner(store, counts(2), { clock });
        running.push(v2);
        await v2.start();
        await v2.waitUntilCaughtUp();
        expect(v2.table('type_count')).toContain('__v2_');
        expect(await readCounts(v2)).toEqual({ 'a.x': 1 });
        await v2.stop();
        const again = new ProjectionRunner(store, counts(2), { clock });
        running.push(again);
        await again.start();
        expect(again.table('type_count')).toBe(v2.table('type_count'));
      });
    });

    describe('aggregates, snapshots and temporal reads', () => {
      const account = {
        name: 'account',
        initialState: () => ({ balance: 0, entries: 0 }),
        evolve: (s: { balance: number; entries: number }, e: RecordedEvent) => ({
          balance: s.balance + (e.data as { amount: number }).amount,
          entries: s.entries + 1,
        }),
      };

      it('folds as of a time, a position and a version', async () => {
        const start = clock.now();
        const first = await store.appendToStream('account-1', [ev('account.deposited', { amount: 10 })]);
        await clock.advance(60_000);
        await store.appendToStream('account-1', [ev('account.deposited', { amount: 5 })]);
        await clock.advance(60_000);
        await store.appendToStream('account-1', [ev('account.withdrawn', { amount: -3 })]);
        const repo = new AggregateRepository(store, account);
        expect((await repo.load('account-1')).state).toEqual({ balance: 12, entries: 3 });
        expect((await repo.load('account-1', { time: new Date(start + 90_000) })).state.balance).toBe(15);
        expect((await repo.load('account-1', { position: first.positions[0]! })).state.balance).toBe(10);
        expect((await repo.load('account-1', { version: 2 })).version).toBe(2);
        expect((await repo.load('account-1', { time: new Date(start - 1) })).version).toBe(0);
      });

      it('loads from the latest snapshot plus the events after it, with the same result', async () => {
        for (let i = 1; i <= 25; i++)
          await store.appendToStream('account-7', [ev('account.deposited', { amount: i })]);
        const snapshots = createSnapshotConsumer(store, {
          definition: account,
          streamPrefix: 'account-',
          every: 10,
          clock,
        });
        running.push(snapshots);
        await snapshots.start();
        await snapshots.waitUntilCaughtUp();
        const loaded = await new AggregateRepository(store, account).load('account-7');
        expect(loaded).toMatchObject({ state: { balance: 325, entries: 25 }, version: 25, fromSnapshot: 20 });
        const past = await new AggregateRepository(store, account).load('account-7', { version: 15 });
        expect(past.state.balance).toBe(120);
        expect(past.fromSnapshot).toBeUndefined();
        const changedSchema = await new AggregateRepository(store, {
          ...account,
          snapshotSchemaVersion: 2,
        }).load('account-7');
        expect(changedSchema.fromSnapshot).toBeUndefined();
        expect(changedSchema.state.balance).toBe(325);
      });
    });

    describe('bus and catch-up subscription', () => {
      it('the bus delivers committed events by type, never a rejected append', async () => {
        const bus = new EventBus<{ 'order.placed': { id: number } }>(store);
        const placed: number[] = [];
        let all = 0;
        bus.subscribe('order.placed', (e) => {
          placed.push(e.data.id);
        });
        bus.subscribeAll(() => {
          all++;
        });
        await store.appendToStream('o', [ev('order.placed', { id: 1 }), ev('order.paid')]);
        await store
          .appendToStream('o', [ev('order.placed', { id: 2 })], { expectedVersion: 99 })
          .catch(() => undefined);
        expect(placed).toEqual([1]);
        expect(all).toBe(2);
        bus.close();
      });

      it('a catch-up subscription yields history then live events in order', async () => {
        await store.appendToStream('c', [ev('t.1'), ev('t.2')]);
        const controller = new AbortController();
        const seen: string[] = [];
        const reading = (async () => {
          for await (const e of catchUpSubscription(store, { signal: controller.signal, pageSize: 1 })) {
            seen.push(e.type);
            if (seen.length === 4) controller.abort();
          }
        })();
        await until(clock, () => seen.length === 2, 1);
        await store.appendToStream('c', [ev('t.3'), ev('t.4')]);
        await reading;
        expect(seen).toEqual(['t.1', 't.2', 't.3', 't.4']);
      });
    });
  });
}
