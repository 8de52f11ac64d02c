import { expect, it } from 'vitest';
import {
  catchUpSubscription,
  checkpointOf,
  DurableConsumer,
  EVENTS_COMPACTED,
  type EventStore,
  type EventsCompactedData,
  LOG_START,
  type LogCheckpoint,
  type Projection,
  ProjectionRunner,
  type RecordedEvent,
  STORE_MAINTENANCE_STREAM,
} from '../src/events/index.js';
import { type FakeClock, newId, ValidationError } from '../src/kernel/index.js';

const HOUR = 3_600_000;
const CHECKED = 'probe.checked';
const ev = (type: string, data: unknown = {}) => ({ type, data });

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

/** Events other than the maintenance records, as `stream@version` in log order. */
async function logShape(store: EventStore): Promise<string[]> {
  const all = await collect(store.readAll({ pageSize: 3 }));
  return all
    .filter((e) => e.streamId !== STORE_MAINTENANCE_STREAM)
    .map((e) => `${e.streamId}@${e.streamVersion}`);
}

/** Compacts batch after batch until `more` is false; the total deleted. */
async function compactAll(
  store: EventStore,
  options: { types: string[]; before: Date; upTo: LogCheckpoint; limit?: number },
): Promise<{ deleted: number; batches: number }> {
  let after = LOG_START;
  let deleted = 0;
  for (let batches = 1; ; batches++) {
    const result = await store.compact({ ...options, after });
    deleted += result.deleted;
    if (!result.more) return { deleted, batches };
    after = result.next;
  }
}

/**
 * Compaction (EventStore.compact): which events go, which stay, and that every reader keeps
 * working across the gaps. Registered inside the event store contract, so it runs per backend.
 */
export function compactionContract(context: () => { store: EventStore; clock: FakeClock }): void {
  /** Old checks in streams a and b, a status change in a, a look-alike type in c; then two new checks in a. */
  async function seed() {
    const { store, clock } = context();
    const start = clock.now();
    await store.appendToStream('a', [
      ev(CHECKED, { n: 1 }),
      ev(CHECKED, { n: 2 }),
      ev('probe.status_changed'),
    ]);
    await store.appendToStream('b', [ev(CHECKED), ev(CHECKED)]);
    await store.appendToStream('a', [ev(CHECKED, { n: 4 }), ev(CHECKED, { n: 5 })]);
    await store.appendToStream('c', [ev(`${CHECKED}_extra`)]);
    await clock.advance(2 * HOUR);
    await store.appendToStream('a', [ev(CHECKED, { n: 6 }), ev(CHECKED, { n: 7 })]);
    return { start, before: new Date(start + HOUR) };
  }

  it('deletes exactly the given types before the time, keeping each stream’s last event, and records it', async () => {
    const { store } = context();
    const { before } = await seed();
    const upTo = await store.endCheckpoint();
    const result = await store.compact({ types: [CHECKED], before, upTo });
    expect(result).toMatchObject({ deleted: 5, more: false });
    expect(await logShape(store)).toEqual(['a@3', 'b@2', 'c@1', 'a@6', 'a@7']);

    const [record] = await store.readStream(STORE_MAINTENANCE_STREAM);
    expect(record!.type).toBe(EVENTS_COMPACTED);
    const data = record!.data as EventsCompactedData;
    expect(data).toMatchObject({ types: [CHECKED], before: before.toISOString(), deleted: 5 });
    expect(data.upTo.position).toBe(upTo.position);
    expect(data.firstPosition).toBeLessThan(data.lastPosition);

    const again = await store.compact({ types: [CHECKED], before, upTo: await store.endCheckpoint() });
    expect(again.deleted).toBe(0);
    expect(await store.readStream(STORE_MAINTENANCE_STREAM)).toHaveLength(1);
  });

  it('keeps stream versions, appends and stream reads right across the gaps', async () => {
    const { store } = context();
    const { before } = await seed();
    await store.compact({ types: [CHECKED], before, upTo: await store.endCheckpoint() });

    const versions = async (stream: string, options = {}) =>
      (await store.readStream(stream, options)).map((e) => e.streamVersion);
    expect(await versions('a')).toEqual([3, 6, 7]);
    expect(await versions('a', { direction: 'backward' })).toEqual([7, 6, 3]);
    expect(await versions('a', { fromVersion: 2, maxCount: 2 })).toEqual([3, 6]);
    expect(await versions('a', { direction: 'backward', fromVersion: 5, maxCount: 1 })).toEqual([3]);
    expect(await versions('b')).toEqual([2]);
    expect(await store.streamVersion('a')).toBe(7);
    expect(await store.streamVersion('b')).toBe(2);

    const next = await store.appendToStream('b', [ev(CHECKED)], { expectedVersion: 2 });
    expect(next.nextExpectedVersion).toBe(3);
    await expect(store.appendToStream('a', [ev(CHECKED)], { expectedVersion: 5 })).rejects.toMatchObject({
      code: 'WRONG_EXPECTED_VERSION',
      actual: 7,
    });
    const stats = await store.stats();
    expect(stats.streams).toBe(4);
    expect(stats.eventTypes).toContainEqual({ type: CHECKED, count: 4 });
  });

  it('never deletes past upTo, and works in bounded batches that resume where the last one stopped', async () => {
    const { store, clock } = context();
    const start = clock.now();
    const appended: RecordedEvent[] = [];
    for (let i = 0; i < 12; i++) await store.appendToStream('s', [ev(CHECKED, { i })]);
    appended.push(...(await store.readStream('s')));
    await clock.advance(2 * HOUR);
    const before = new Date(start + HOUR);
    const upTo = checkpointOf(appended[8]!);

    const first = await store.compact({ types: [CHECKED], before, upTo, limit: 4 });
    expect(first).toMatchObject({ deleted: 4, more: true });
    const rest = await compactAll(store, { types: [CHECKED], before, upTo, limit: 4 });
    expect(rest.deleted).toBe(5);
    expect(await logShape(store)).toEqual(['s@10', 's@11', 's@12']);
    const records = await store.readStream(STORE_MAINTENANCE_STREAM);
    expect(records.map((r) => (r.data as EventsCompactedData).deleted)).toEqual([4, 4, 1]);
  });

  it('stops at the first full batch without an event older than the time, so it never walks recent history', async () => {
    const { store } = context();
    for (let i = 0; i < 6; i++) await store.appendToStream(`r-${i}`, [ev(CHECKED), ev(CHECKED)]);
    const result = await store.compact({
      types: [CHECKED],
      before: new Date(0),
      upTo: await store.endCheckpoint(),
      limit: 3,
    });
    expect(result).toMatchObject({ deleted: 0, more: false });
    expect((await store.stats()).events).toBe(12);
  });

  it('lets global reads, filtered reads, subscriptions and resumed consumers continue across the gaps', async () => {
    const { store, clock } = context();
    const { before } = await seed();
    const consumed: string[] = [];
    const startConsumer = () =>
      new DurableConsumer(store, {
        name: 'compaction-reader',
        clock,
        batchSize: 2,
        handle: async (events) => {
          for (const e of events) consumed.push(`${e.streamId}@${e.streamVersion}`);
        },
      });
    const firstRun = startConsumer();
    await firstRun.start();
    await firstRun.waitUntilCaughtUp();
    await firstRun.stop();
    const checkpoint = firstRun.position;
    const all = await collect(store.readAll());
    const deletedLater = checkpointOf(all[1]!); // a@2: compacted below

    await store.compact({ types: [CHECKED], before, upTo: checkpoint });
    await store.appendToStream('d', [ev('probe.status_changed')]);

    const secondRun = startConsumer();
    await secondRun.start();
    await secondRun.waitUntilCaughtUp();
    await secondRun.stop();
    expect(consumed.slice(all.length)).toEqual([`${STORE_MAINTENANCE_STREAM}@1`, 'd@1']);

    const afterGap = await store.readAllPage(deletedLater, 100);
    expect(afterGap.map((e) => `${e.streamId}@${e.streamVersion}`)).toEqual([
      'a@3',
      'b@2',
      'c@1',
      'a@6',
      'a@7',
      `${STORE_MAINTENANCE_STREAM}@1`,
      'd@1',
    ]);
    const filtered = await collect(store.readAll({ filter: { typePrefixes: ['probe.'] }, pageSize: 1 }));
    expect(filtered.map((e) => `${e.streamId}@${e.streamVersion}`)).toEqual([
      'a@3',
      'b@2',
      'c@1',
      'a@6',
      'a@7',
      'd@1',
    ]);

    const controller = new AbortController();
    const seen: string[] = [];
    for await (const event of catchUpSubscription(store, {
      after: deletedLater,
      filter: { streamPrefixes: ['a'] },
      pageSize: 1,
      signal: controller.signal,
    })) {
      seen.push(`${event.streamId}@${event.streamVersion}`);
      if (seen.length === 3) controller.abort();
    }
    expect(seen).toEqual(['a@3', 'a@6', 'a@7']);
  });

  it('forgets the ids of compacted events: re-appending one records a new event', async () => {
    const { store, clock } = context();
    const id = newId();
    await store.appendToStream('i', [{ id, type: CHECKED, data: {} }, ev(CHECKED)]);
    await clock.advance(2 * HOUR);
    const deleted = await store.compact({
      types: [CHECKED],
      before: new Date(clock.now()),
      upTo: await store.endCheckpoint(),
    });
    expect(deleted.deleted).toBe(1);
    const again = await store.appendToStream('i', [{ id, type: CHECKED, data: {} }]);
    expect(again).toMatchObject({ duplicate: false, nextExpectedVersion: 3 });
  });

  it('a projection runner reports the checkpoint its active version has folded', async () => {
    const { store, clock } = context();
    const projection: Projection = {
      name: 'compaction_probe',
      version: 1,
      tables: ['compaction_probe_count'],
      setup: async (tx, t) => {
        await tx.execute(`CREATE TABLE ${t.table('compaction_probe_count')} (n INTEGER NOT NULL)`);
      },
      apply: async (events, tx, t) => {
        await tx.execute(`INSERT INTO ${t.table('compaction_probe_count')} (n) VALUES ($1)`, [events.length]);
      },
    };
    const runner = new ProjectionRunner(store, projection, { clock });
    expect(await runner.committedCheckpoint()).toEqual(LOG_START);
    await seed();
    await runner.start();
    await runner.waitUntilCaughtUp();
    try {
      const folded = await runner.committedCheckpoint();
      expect(folded.position).toBe((await store.endCheckpoint()).position);
    } finally {
      await runner.stop();
    }
  });

  const badOptions: Array<[string, string, Record<string, unknown>]> = [
    ['no types', 'types', { types: [] }],
    ['a type with spaces', 'types[0]', { types: ['probe checked'] }],
    ['the compaction record type', 'types[0]', { types: [EVENTS_COMPACTED] }],
    ['a before that is not a date', 'before', { before: '2026-01-01' }],
    ['an invalid date', 'before', { before: new Date(Number.NaN) }],
    ['no upTo', 'upTo', { upTo: undefined }],
    ['a negative upTo position', 'upTo.position', { upTo: { position: -1 } }],
    ['a bad transaction id', 'upTo.transactionId', { upTo: { position: 1, transactionId: '1; DROP' } }],
    ['a bad after', 'after.position', { after: { position: 'x' } }],
    ['a zero limit', 'limit', { limit: 0 }],
    ['a fractional limit', 'limit', { limit: 1.5 }],
    ['a limit over the maximum', 'limit', { limit: 1_000_000 }],
  ];
  for (const [what, field, override] of badOptions) {
    it(`rejects ${what} naming ${field}, deleting nothing`, async () => {
      const { store, clock } = context();
      await store.appendToStream('v', [ev(CHECKED), ev(CHECKED)]);
      await clock.advance(2 * HOUR);
      const options = {
        types: [CHECKED],
        before: new Date(clock.now()),
        upTo: await store.endCheckpoint(),
        ...override,
      };
      const error = await store.compact(options as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toContain(field);
      expect((error as ValidationError).issues[0]!.path).toBe(field);
      expect((await store.stats()).events).toBe(2);
    });
  }
}
