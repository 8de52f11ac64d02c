import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EventStore,
  IdempotencyConflictError,
  InvalidEventError,
  type RecordedEvent,
  StoreClosedError,
  WrongExpectedVersionError,
} from '../src/events/index.js';
import { FakeClock, newId } from '../src/kernel/index.js';
import { compactionContract } from './compaction.contract.js';

export interface StoreUnderTest {
  store: EventStore;
  /** Opens a second store on the same database (another instance, or a reopen after close). */
  reopen(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

export type StoreFactory = (clock: FakeClock) => Promise<StoreUnderTest>;

const ev = (type: string, data: unknown = {}) => ({ type, data });

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

/** The behaviour every EventStore backend must show; run once per backend. */
export function describeEventStoreContract(backend: string, factory: StoreFactory | null): void {
  describe.skipIf(factory === null)(`EventStore contract: ${backend}`, () => {
    let clock: FakeClock;
    let subject: StoreUnderTest;
    let store: EventStore;

    beforeEach(async () => {
      clock = new FakeClock(Date.UTC(2026, 10, 1, 12, 0, 0));
      subject = await factory!(clock);
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('append and read', () => {
      it('records an envelope with positions, 1-based versions, time and metadata', async () => {
        const id = newId();
        const result = await store.appendToStream('order-1', [
          { id, type: 'order.placed', data: { total: 10 }, metadata: { actor: 'ana', correlationId: 'c-1' } },
          ev('order.paid', { amount: 10 }),
        ]);
        expect(result.nextExpectedVersion).toBe(2);
        expect(result.duplicate).toBe(false);
        expect(result.positions).toHaveLength(2);
        expect(result.positions[1]!).toBeGreaterThan(result.positions[0]!);
        expect(result.eventIds[0]).toBe(id);

        const events = await store.readStream('order-1');
        expect(events.map((e) => [e.type, e.streamVersion])).toEqual([
          ['order.placed', 1],
          ['order.paid', 2],
        ]);
        expect(events[0]).toMatchObject({
          id,
          streamId: 'order-1',
          position: result.positions[0],
          data: { total: 10 },
          metadata: { actor: 'ana', correlationId: 'c-1' },
        });
        expect(events[0]!.time.getTime()).toBe(clock.now());
        expect(events[1]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
        expect(await store.streamVersion('order-1')).toBe(2);
        expect(await store.streamVersion('missing')).toBe(0);
        expect(await store.readStream('missing')).toEqual([]);
      });

      it('reads a stream backward, from a version, up to a count', async () => {
        await store.appendToStream(
          's',
          Array.from({ length: 5 }, (_, i) => ev('t.happened', { i })),
        );
        const backward = await store.readStream('s', { direction: 'backward', maxCount: 2 });
        expect(backward.map((e) => e.streamVersion)).toEqual([5, 4]);
        const fromThree = await store.readStream('s', { fromVersion: 3 });
        expect(fromThree.map((e) => e.streamVersion)).toEqual([3, 4, 5]);
        const backFromTwo = await store.readStream('s', { direction: 'backward', fromVersion: 2 });
        expect(backFromTwo.map((e) => e.streamVersion)).toEqual([2, 1]);
      });

      it('keeps data and metadata exactly as JSON round-trips them', async () => {
        const data = {
          nested: { list: [1, 'two', null, true, { deep: 1.5 }] },
          unicode: 'ação ✓ 日本',
          empty: {},
        };
        await store.appendToStream('json', [
          { type: 'x.y', data, metadata: { schemaVersion: 2, extra: [1] } },
        ]);
        const [event] = await store.readStream('json');
        expect(event!.data).toEqual(data);
        expect(event!.metadata).toMatchObject({ schemaVersion: 2, extra: [1] });
      });
    });

    describe('expected version', () => {
      it('enforces no-stream, exists, and exact versions, naming stream, expected and actual', async () => {
        await store.appendToStream('a', [ev('t.one')], { expectedVersion: 'no-stream' });
        const err = await store
          .appendToStream('a', [ev('t.two')], { expectedVersion: 'no-stream' })
          .catch((e) => e);
        expect(err).toBeInstanceOf(WrongExpectedVersionError);
        expect(err).toMatchObject({
          code: 'WRONG_EXPECTED_VERSION',
          streamId: 'a',
          expected: 'no-stream',
          actual: 1,
        });
        expect(err.message).toContain('"a"');

        await expect(store.appendToStream('b', [ev('t.one')], { expectedVersion: 'exists' })).rejects.toThrow(
          WrongExpectedVersionError,
        );
        await store.appendToStream('a', [ev('t.two')], { expectedVersion: 'exists' });
        await store.appendToStream('a', [ev('t.three')], { expectedVersion: 2 });
        await expect(store.appendToStream('a', [ev('t.four')], { expectedVersion: 2 })).rejects.toMatchObject(
          {
            expected: 2,
            actual: 3,
          },
        );
        await store.appendToStream('c', [ev('t.one')], { expectedVersion: 0 });
        expect(await store.streamVersion('a')).toBe(3);
        expect(await store.streamVersion('b')).toBe(0);
      });

      it('lets exactly one of several concurrent writers at the same version win', async () => {
        await store.appendToStream('race', [ev('t.start')]);
        const attempts = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.appendToStream('race', [ev('t.write', { i })], { expectedVersion: 1 }),
          ),
        );
        expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        for (const a of attempts) {
          if (a.status === 'rejected') expect(a.reason).toBeInstanceOf(WrongExpectedVersionError);
        }
        expect(await store.streamVersion('race')).toBe(2);
      });

      it('appends to several streams atomically: one conflict writes nothing', async () => {
        await store.appendToStream('y', [ev('t.one')]);
        const err = await store
          .appendToStreams([
            { streamId: 'x', events: [ev('t.one')], expectedVersion: 'no-stream' },
            { streamId: 'y', events: [ev('t.two')], expectedVersion: 'no-stream' },
          ])
          .catch((e) => e);
        expect(err).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.streamVersion('x')).toBe(0);
        expect(await store.streamVersion('y')).toBe(1);

        const ok = await store.appendToStreams([
          { streamId: 'x', events: [ev('t.one')], expectedVersion: 'no-stream' },
          { streamId: 'y', events: [ev('t.two')], expectedVersion: 1 },
        ]);
        expect(ok.map((r) => r.nextExpectedVersion)).toEqual([1, 2]);
      });
    });

    describe('idempotency', () => {
      it('re-appending stored ids is a no-op returning the original positions, also with expected any', async () => {
        const events = [
          { id: newId(), type: 'pay.requested', data: { n: 1 } },
          { id: newId(), type: 'pay.requested', data: { n: 2 } },
        ];
        const first = await store.appendToStream('pay', events, { expectedVersion: 'no-stream' });
        const again = await store.appendToStream('pay', events, { expectedVersion: 'any' });
        const retried = await store.appendToStream('pay', events, { expectedVersion: 'no-stream' });
        expect(again).toMatchObject({ duplicate: true, positions: first.positions, nextExpectedVersion: 2 });
        expect(retried).toMatchObject({ duplicate: true, positions: first.positions });
        expect(await store.readStream('pay')).toHaveLength(2);
        expect((await store.stats()).events).toBe(2);
      });

      it('rejects a partial overlap or an id stored in another stream, writing nothing', async () => {
        const a = { id: newId(), type: 't.a', data: {} };
        await store.appendToStream('one', [a]);
        await expect(store.appendToStream('one', [a, ev('t.b')])).rejects.toThrow(IdempotencyConflictError);
        await expect(store.appendToStream('two', [a])).rejects.toThrow(IdempotencyConflictError);
        expect((await store.stats()).events).toBe(1);
      });
    });

    describe('bad input leaves nothing written', () => {
      const cases: Array<[string, () => Promise<unknown>]> = [
        ['no type', () => store.appendToStream('bad', [{ data: {} } as never])],
        ['empty type', () => store.appendToStream('bad', [ev('')])],
        ['a type with spaces', () => store.appendToStream('bad', [ev('has space')])],
        ['undefined data', () => store.appendToStream('bad', [{ type: 't.x', data: undefined }])],
        ['a function in data', () => store.appendToStream('bad', [ev('t.x', { f: () => 1 })])],
        ['a bigint in data', () => store.appendToStream('bad', [ev('t.x', { n: 1n })])],
        ['NaN in data', () => store.appendToStream('bad', [ev('t.x', { n: Number.NaN })])],
        ['a Date in data', () => store.appendToStream('bad', [ev('t.x', { d: new Date() })])],
        [
          'circular data',
          () => {
            const data: Record<string, unknown> = {};
            data.self = data;
            return store.appendToStream('bad', [ev('t.x', data)]);
          },
        ],
        [
          'data over the size limit',
          () => store.appendToStream('bad', [ev('t.x', { s: 'x'.repeat(1024 * 1024 + 1) })]),
        ],
        [
          'an id that is not a UUID',
          () => store.appendToStream('bad', [{ id: "1'; DROP TABLE events;--", type: 't.x', data: {} }]),
        ],
        ['no events', () => store.appendToStream('bad', [])],
        ['an empty stream id', () => store.appendToStream('', [ev('t.x')])],
        ['a bad expected version', () => store.appendToStream('bad', [ev('t.x')], { expectedVersion: -1 })],
        [
          'metadata that is not an object',
          () => store.appendToStream('bad', [{ type: 't.x', data: {}, metadata: 'm' as never }]),
        ],
      ];
      for (const [what, append] of cases) {
        it(`rejects ${what} with InvalidEventError`, async () => {
          await store.appendToStream('good', [ev('t.ok')]);
          const err = (await append().catch((e) => e)) as InvalidEventError;
          expect(err).toBeInstanceOf(InvalidEventError);
          expect(err.code).toBe('INVALID_EVENT');
          expect(err.message.length).toBeGreaterThan(10);
          expect((await store.stats()).events).toBe(1);
          expect(await store.streamVersion('bad')).toBe(0);
        });
      }

      it('names the offending path in the message', async () => {
        const err = await store
          .appendToStream('bad', [ev('t.x', { a: { b: [1, () => 2] } })])
          .catch((e) => e);
        expect(err.message).toContain('data.a.b[1]');
        expect(err.message).toContain('"bad"');
      });

      it('one bad append among concurrent good ones fails alone', async () => {
        const results = await Promise.allSettled([
          store.appendToStream('g1', [ev('t.ok')]),
          store.appendToStream('g2', [ev('t.ok')], { expectedVersion: 5 }),
          store.appendToStream('g3', [ev('t.ok')]),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((await store.stats()).events).toBe(2);
      });
    });

    describe('global log', () => {
      async function seed() {
        await store.appendToStream('monitor-1', [ev('monitor.check_passed'), ev('monitor.check_failed')]);
        await clock.advance(60_000);
        await store.appendToStream('alert-1', [ev('alerts.alert_fired')]);
        await clock.advance(60_000);
        await store.appendToStream('monitor-2', [ev('monitor.check_passed')]);
      }

      it('reads everything in order, in pages, after a checkpoint and up to a count', async () => {
        await seed();
        const all = await collect(store.readAll({ pageSize: 2 }));
        expect(all.map((e) => e.type)).toEqual([
          'monitor.check_passed',
          'monitor.check_failed',
          'alerts.alert_fired',
          'monitor.check_passed',
        ]);
        const afterSecond = await collect(
          store.readAll({ after: { position: all[1]!.position, transactionId: all[1]!.transactionId } }),
        );
        expect(afterSecond.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
        expect(await collect(store.readAll({ maxCount: 3, pageSize: 2 }))).toHaveLength(3);
        expect(await store.headPosition()).toBe(Math.max(...all.map((e) => e.position)));
      });

      it('filters by type prefix, stream prefix and time range', async () => {
        const start = clock.now();
        await seed();
        const monitorTypes = await collect(
          store.readAll({ filter: { typePrefixes: ['monitor.'] }, pageSize: 1 }),
        );
        expect(monitorTypes).toHaveLength(3);
        const alertStreams = await collect(store.readAll({ filter: { streamPrefixes: ['alert-'] } }));
        expect(alertStreams.map((e) => e.streamId)).toEqual(['alert-1']);
        const middle = await collect(
          store.readAll({ filter: { fromTime: new Date(start + 30_000), toTime: new Date(start + 90_000) } }),
        );
        expect(middle.map((e) => e.type)).toEqual(['alerts.alert_fired']);
        const none = await collect(
          store.readAll({ filter: { typePrefixes: ["x%'"], streamPrefixes: ['_'] } }),
        );
        expect(none).toEqual([]);
      });

      it('filters by correlation id, alone, with other filters, and page by page', async () => {
        const chain = 'd52d982c-3c15-88e8-a38e-85c34aa755b1';
        const other = 'a0000000-0000-4000-8000-000000000000';
        const correlated = (type: string, correlationId: string) => ({
          type,
          data: {},
          metadata: { correlationId, actor: 'system:test' },
        });
        await store.appendToStream('alert-1', [correlated('alerts.alert_fired', chain)]);
        await store.appendToStream('monitor-1', [
          ev('monitor.check_completed'),
          ev('monitor.check_completed'),
        ]);
        await store.appendToStream('alert-2', [correlated('alerts.alert_fired', other)]);
        await clock.advance(60_000);
        await store.appendToStreams([
          { streamId: 'remediation-1', events: [correlated('healing.alert_diagnosed', chain)] },
          // A correlation id that only starts like the one asked for is another chain.
          { streamId: 'remediation-2', events: [correlated('healing.alert_diagnosed', `${chain}-2`)] },
        ]);
        await store.appendToStream('remediation-1', [
          correlated('healing.remediation_planned', chain),
          // Not metadata: a correlation id in the data is not the event's.
          { type: 'healing.action_requested', data: { correlationId: chain }, metadata: {} },
          correlated('healing.remediation_healed', chain),
        ]);

        const types = (events: RecordedEvent[]) => events.map((e) => e.type);
        const wholeChain = await collect(store.readAll({ filter: { correlationId: chain }, pageSize: 2 }));
        expect(types(wholeChain)).toEqual([
          'alerts.alert_fired',
          'healing.alert_diagnosed',
          'healing.remediation_planned',
          'healing.remediation_healed',
        ]);
        expect(wholeChain.every((e) => e.metadata.correlationId === chain)).toBe(true);

        const healingOnly = await collect(
          store.readAll({
            filter: { correlationId: chain, typePrefixes: ['healing.'], streamPrefixes: ['remediation-'] },
          }),
        );
        expect(types(healingOnly)).toEqual(types(wholeChain).slice(1));
        const late = await store.readAllPage(
          { position: wholeChain[1]!.position, transactionId: wholeChain[1]!.transactionId },
          10,
          { correlationId: chain, fromTime: new Date(clock.now() - 1000) },
        );
        expect(types(late)).toEqual(['healing.remediation_planned', 'healing.remediation_healed']);
        const early = await collect(
          store.readAll({ filter: { correlationId: chain, toTime: new Date(clock.now() - 1000) } }),
        );
        expect(types(early)).toEqual(['alerts.alert_fired']);
        expect(await collect(store.readAll({ filter: { correlationId: "x' OR '1'='1" } }))).toEqual([]);
      });

      it('reports stats', async () => {
        await seed();
        const stats = await store.stats();
        expect(stats).toMatchObject({ backend: store.backend, events: 4, streams: 3 });
        expect(stats.eventTypes).toContainEqual({ type: 'monitor.check_passed', count: 2 });
        expect(stats.sizeBytes).toBeGreaterThan(0);
      });
    });

    describe('notifications and transactions', () => {
      it('waitForEvents resolves when an append lands and when aborted', async () => {
        const head = await store.headPosition();
        const controller = new AbortController();
        let woke = false;
        const waiting = store.waitForEvents({ position: head }, controller.signal).then(() => {
          woke = true;
        });
        await new Promise((r) => setTimeout(r, 20));
        expect(woke).toBe(false);
        await store.appendToStream('w', [ev('t.x')]);
        await waiting;
        expect(woke).toBe(true);

        const aborted = new AbortController();
        const pending = store
          .waitForEvents({ position: await store.headPosition() }, aborted.signal)
          .catch(() => undefined);
        aborted.abort();
        await pending;
      });

      it('onAppended sees events after they are durable', async () => {
        const seen: string[] = [];
        const off = store.onAppended((events) => {
          for (const e of events) seen.push(e.type);
        });
        await store.appendToStream('n', [ev('t.one'), ev('t.two')]);
        off();
        await store.appendToStream('n', [ev('t.three')]);
        expect(seen).toEqual(['t.one', 't.two']);
      });

      it('withTransaction commits on success and rolls back on error', async () => {
        await store.withTransaction((tx) =>
          tx.execute('CREATE TABLE IF NOT EXISTS contract_kv (k TEXT PRIMARY KEY, v INTEGER)'),
        );
        await store.withTransaction((tx) =>
          tx.execute('INSERT INTO contract_kv (k, v) VALUES ($1, $2)', ['a', 1]),
        );
        await expect(
          store.withTransaction(async (tx) => {
            await tx.execute('INSERT INTO contract_kv (k, v) VALUES ($1, $2)', ['b', 2]);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        const rows = await store.withTransaction((tx) =>
          tx.query<{ k: string; v: number }>('SELECT k, v FROM contract_kv'),
        );
        expect(rows).toEqual([{ k: 'a', v: 1 }]);
        // Read-only queries outside transactions see what was committed.
        const read = await store.query<{ k: string; v: number }>(
          'SELECT k, v FROM contract_kv WHERE k = $1',
          ['a'],
        );
        expect(read.map((r) => [r.k, Number(r.v)])).toEqual([['a', 1]]);
      });

      it('appends made in a transaction commit with it, and are published only after the commit', async () => {
        await store.withTransaction((tx) =>
          tx.execute('CREATE TABLE IF NOT EXISTS contract_orders (id TEXT PRIMARY KEY)'),
        );
        const published: string[] = [];
        store.onAppended((events) => {
          for (const e of events) published.push(e.type);
        });
        const result = await store.withTransaction(async (tx) => {
          await tx.execute('INSERT INTO contract_orders (id) VALUES ($1)', ['o-1']);
          const [appended] = await tx.appendToStreams([
            { streamId: 'order-o-1', events: [ev('order.placed')], expectedVersion: 'no-stream' },
          ]);
          expect(published).toEqual([]);
          return appended!;
        });
        expect(result.nextExpectedVersion).toBe(1);
        expect(published).toEqual(['order.placed']);
        expect(await store.streamVersion('order-o-1')).toBe(1);

        await expect(
          store.withTransaction(async (tx) => {
            await tx.execute('INSERT INTO contract_orders (id) VALUES ($1)', ['o-2']);
            await tx.appendToStreams([{ streamId: 'order-o-2', events: [ev('order.placed')] }]);
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await store.streamVersion('order-o-2')).toBe(0);
        expect(published).toEqual(['order.placed']);

        const conflict = await store
          .withTransaction((tx) =>
            tx.appendToStreams([
              { streamId: 'order-o-1', events: [ev('order.placed')], expectedVersion: 'no-stream' },
            ]),
          )
          .catch((e) => e);
        expect(conflict).toBeInstanceOf(WrongExpectedVersionError);
        const rows = await store.withTransaction((tx) =>
          tx.query<{ id: string }>('SELECT id FROM contract_orders'),
        );
        expect(rows.map((r) => r.id)).toEqual(['o-1']);
        await expect(
          store.withTransaction((tx) =>
            tx.appendToStreams([{ streamId: 'x', events: [{ data: {} } as never] }]),
          ),
        ).rejects.toThrow(InvalidEventError);
      });

      it('inline projections run in the append transaction; a throwing one rejects the append', async () => {
        await store.addInlineProjection({
          name: 'counter',
          eventTypePrefixes: ['count.'],
          setup: (tx) =>
            tx
              .execute('CREATE TABLE IF NOT EXISTS contract_counter (stream TEXT PRIMARY KEY, n INTEGER)')
              .then(() => undefined),
          apply: async (events, tx) => {
            for (const e of events) {
              if ((e.data as { fail?: boolean }).fail) throw new Error('projection refused');
              await tx.execute(
                'INSERT INTO contract_counter (stream, n) VALUES ($1, 1) ON CONFLICT (stream) DO UPDATE SET n = contract_counter.n + 1',
                [e.streamId],
              );
            }
          },
        });
        await store.appendToStream('c1', [ev('count.up'), ev('other.thing'), ev('count.up')]);
        await expect(store.appendToStream('c1', [ev('count.up', { fail: true })])).rejects.toThrow(
          'projection refused',
        );
        const rows = await store.withTransaction((tx) =>
          tx.query<{ n: number }>('SELECT n FROM contract_counter'),
        );
        expect(rows.map((r) => Number(r.n))).toEqual([2]);
        expect(await store.streamVersion('c1')).toBe(3);
      });
    });

    describe('compaction', () => compactionContract(() => ({ store, clock })));

    describe('lifecycle', () => {
      it('keeps every acknowledged event across a reopen, and a closed store refuses work', async () => {
        const appends = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.appendToStream(`s-${i % 4}`, [ev('t.x', { i })])),
        );
        await store.close();
        await expect(store.appendToStream('s', [ev('t.x')])).rejects.toThrow(StoreClosedError);
        const reopened = await subject.reopen();
        const all = await collect(reopened.readAll());
        expect(all.map((e) => e.position).sort((a, b) => a - b)).toEqual(
          appends.flatMap((a) => a.positions).sort((a, b) => a - b),
        );
        await reopened.close();
      });
    });
  });
}
