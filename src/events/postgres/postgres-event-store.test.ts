import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from '../../../test/support/postgres.js';
import { freePort } from '../../../test/support/throwaway-postgres.js';
import { FakeClock, newId } from '../../kernel/index.js';
import { checkpointOf, LOG_START, type LogCheckpoint, type RecordedEvent } from '../envelope.js';
import { StoreClosedError, StoreUnavailableError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.js';

const url = postgresUrlOrSkip();
const ev = (type: string, data: unknown = {}) => ({ type, data });

describe.skipIf(url === null)('PostgresEventStore (PostgreSQL-specific behaviour)', () => {
  const opened: PostgresEventStore[] = [];
  const schemas = new Set<string>();
  const admin = new pg.Pool({ connectionString: url ?? undefined, max: 3 });

  async function open(schema: string, options: Partial<PostgresEventStoreOptions> = {}) {
    schemas.add(schema);
    const store = await PostgresEventStore.open({ connectionString: url!, schema, poolSize: 4, ...options });
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(url!, schema);
    await admin.end();
  });

  /** An inline projection that holds the append's transaction open until released. */
  function gate() {
    let release!: () => void;
    let entered!: () => void;
    const opened = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    return {
      projection: {
        name: 'gate',
        eventTypePrefixes: ['slow.'],
        apply: async () => {
          entered();
          await opened;
        },
      },
      inside,
      release,
    };
  }

  async function readFrom(store: PostgresEventStore, after: LogCheckpoint): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for await (const event of store.readAll({ after, pageSize: 2 })) out.push(event);
    return out;
  }

  describe('global log gap safety', () => {
    it('hides an event committed after an older transaction that is still writing, and loses nothing', async () => {
      const schema = uniqueSchema('gap');
      const store = await open(schema);
      const slowGate = gate();
      await store.addInlineProjection(slowGate.projection);

      const first = await store.appendToStream('early', [ev('fast.one')]);
      const consumerSeen: string[] = [];
      let checkpoint: LogCheckpoint = LOG_START;
      const consume = async () => {
        const page = await store.readAllPage(checkpoint, 100);
        for (const event of page) consumerSeen.push(event.type);
        if (page.length > 0) checkpoint = checkpointOf(page[page.length - 1]!);
        return page;
      };
      expect((await consume()).map((e) => e.position)).toEqual(first.positions);

      // A takes position p and stays open; B takes p + 1 and commits.
      const slow = store.appendToStream('a', [ev('slow.write')]);
      await slowGate.inside;
      const fast = await store.appendToStream('b', [ev('fast.two')]);
      const [rawB] = (await admin.query(`SELECT position FROM "${schema}".events WHERE stream_id = 'b'`))
        .rows;
      expect(Number(rawB.position)).toBe(fast.positions[0]);

      // A reader by position alone would now see B and move past A's position for good.
      const rawAfterFirst = await admin.query(`SELECT position FROM "${schema}".events WHERE position > $1`, [
        first.positions[0],
      ]);
      expect(rawAfterFirst.rows.map((r) => Number(r.position))).toEqual(fast.positions);
      // The store does not show B while A, an older transaction, may still commit before it.
      expect(await consume()).toEqual([]);
      expect(await store.headPosition()).toBe(first.positions[0]);
      const woke = { value: false };
      const waiting = store.waitForEvents(checkpoint, new AbortController().signal).then(() => {
        woke.value = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(woke.value).toBe(false);

      slowGate.release();
      const slowResult = await slow;
      await waiting;
      expect(slowResult.positions[0]).toBeLessThan(fast.positions[0]!);
      const page = await consume();
      expect(page.map((e) => e.type)).toEqual(['slow.write', 'fast.two']);
      expect(page.every((e) => typeof e.transactionId === 'string')).toBe(true);
      expect(consumerSeen).toEqual(['fast.one', 'slow.write', 'fast.two']);
      expect(await consume()).toEqual([]);
    });

    it('reads position-only checkpoints as "after the event at that position"', async () => {
      const store = await open(uniqueSchema('ckpt'));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.appendToStream(`s-${i}`, [ev('t.x', { i }), ev('t.y', { i })]),
        ),
      );
      const all = await readFrom(store, LOG_START);
      expect(all).toHaveLength(12);
      for (let i = 0; i < all.length; i++) {
        const viaTransaction = await readFrom(store, checkpointOf(all[i]!));
        expect(viaTransaction.map((e) => e.id)).toEqual(all.slice(i + 1).map((e) => e.id));
      }
      const lastOfFirstAppend = results[0]!.positions[1]!;
      const afterPosition = await readFrom(store, { position: lastOfFirstAppend });
      const index = all.findIndex((e) => e.position === lastOfFirstAppend);
      expect(afterPosition.map((e) => e.id)).toEqual(all.slice(index + 1).map((e) => e.id));
    });

    it('rejects a checkpoint with a transaction id that is not a number', async () => {
      const store = await open(uniqueSchema('badckpt'));
      await expect(store.readAllPage({ position: 1, transactionId: "1'; --" }, 10)).rejects.toThrow(
        /transactionId/,
      );
    });
  });

  describe('waking waiters', () => {
    it('wakes a waiter on another instance through LISTEN/NOTIFY', async () => {
      const schema = uniqueSchema('listen');
      // A long safety interval: only a notification can wake the waiter within the test.
      const waiterStore = await open(schema, { wakeCheckIntervalMs: 600_000 });
      const writerStore = await open(schema);
      const head = await waiterStore.headPosition();
      const waiting = waiterStore.waitForEvents({ position: head }, new AbortController().signal);
      await writerStore.appendToStream('x', [ev('t.x')]);
      await waiting;
      expect(await waiterStore.readAllPage({ position: head }, 10)).toHaveLength(1);
    });

    it('reconnects its LISTEN connection when it drops and still wakes', async () => {
      const schema = uniqueSchema('relisten');
      const waiterStore = await open(schema, { wakeCheckIntervalMs: 600_000 });
      const writerStore = await open(schema);
      const listening = async () =>
        (
          await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE application_name = 'vigia' AND query = $1`,
            [`LISTEN ${schema}_events`],
          )
        ).rows.map((r) => r.pid);

      const controller = new AbortController();
      const first = waiterStore.waitForEvents(LOG_START, controller.signal);
      const [pid] = await eventually(listening, (pids) => pids.length === 1);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await writerStore.appendToStream('x', [ev('t.x')]);
      await first;

      // The new connection listens again: a later append from elsewhere wakes a new waiter.
      const after = checkpointOf((await waiterStore.readAllPage(LOG_START, 10))[0]!);
      const second = waiterStore.waitForEvents(after, new AbortController().signal);
      await writerStore.appendToStream('x', [ev('t.y')]);
      await second;
      const pids = await eventually(listening, (found) => found.length === 1);
      expect(pids[0]).not.toBe(pid);
    });

    it('releases an aborted waiter and every waiter on close', async () => {
      const store = await open(uniqueSchema('abort'));
      const controller = new AbortController();
      const aborted = store.waitForEvents(LOG_START, controller.signal);
      controller.abort();
      await aborted;
      const pending = store.waitForEvents(LOG_START, new AbortController().signal);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.close();
      await pending;
    });
  });

  describe('opening', () => {
    it('applies migrations once when several instances open a new schema together', async () => {
      const schema = uniqueSchema('migrate');
      const stores = await Promise.all(Array.from({ length: 5 }, () => open(schema)));
      await stores[0]!.appendToStream('s', [ev('t.x')]);
      await open(schema);
      const rows = await admin.query(
        `SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`,
      );
      expect(rows.rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
      expect(await stores[4]!.streamVersion('s')).toBe(1);
    });

    it('fails fast with StoreUnavailableError naming host:port, never the password', async () => {
      const port = await freePort();
      const started = Date.now();
      const error = await PostgresEventStore.open({
        connectionString: `postgres://vigia:s3cret-pw@127.0.0.1:${port}/vigia`,
        connectionTimeoutMillis: 2000,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).code).toBe('STORE_UNAVAILABLE');
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      expect((error as Error).message).not.toContain('s3cret');
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('rejects a schema name that is not a plain identifier', async () => {
      await expect(PostgresEventStore.open({ connectionString: url!, schema: 'bad"; DROP' })).rejects.toThrow(
        /schema must be a lower-case identifier/,
      );
    });

    it('parses int8 as numbers for its own connections only, and uses its schema as search_path', async () => {
      const schema = uniqueSchema('types');
      const store = await open(schema);
      const [row] = await store.withTransaction((tx) =>
        tx.query<{ big: unknown }>('SELECT 9007199254740991::bigint AS big'),
      );
      expect(row!.big).toBe(9007199254740991);
      expect(pg.types.getTypeParser(20)('5')).toBe('5');
      await store.withTransaction((tx) => tx.execute('CREATE TABLE kv (k text PRIMARY KEY)'));
      const found = await admin.query('SELECT to_regclass($1) AS t', [`${schema}.kv`]);
      expect(found.rows[0].t).not.toBeNull();
    });
  });

  describe('writers', () => {
    it('serializes concurrent appends to one stream into consecutive versions', async () => {
      const store = await open(uniqueSchema('serial'));
      await Promise.all(
        Array.from({ length: 25 }, (_, i) => store.appendToStream('hot', [ev('t.x', { i }), ev('t.y')])),
      );
      const events = await store.readStream('hot');
      expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await store.streamVersion('hot')).toBe(50);
    });

    it('multi-stream appends in opposite orders neither deadlock nor interleave', async () => {
      const store = await open(uniqueSchema('deadlock'));
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const pair = i % 2 === 0 ? ['left', 'right'] : ['right', 'left'];
          return store.appendToStreams(pair.map((streamId) => ({ streamId, events: [ev('t.x', { i })] })));
        }),
      );
      expect(await store.streamVersion('left')).toBe(20);
      expect(await store.streamVersion('right')).toBe(20);
    });

    it('a retried append racing with itself is written once; the others get the original result', async () => {
      const store = await open(uniqueSchema('retry'));
      const events = [
        { id: newId(), type: 't.x', data: {} },
        { id: newId(), type: 't.y', data: {} },
      ];
      const results = await Promise.all(
        Array.from({ length: 6 }, () => store.appendToStream('once', events)),
      );
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      for (const r of results) expect(r.positions).toEqual(results[0]!.positions);
      expect((await store.stats()).events).toBe(2);
    });

    it('keeps working after its connections are terminated', async () => {
      const schema = uniqueSchema('terminated');
      const store = await open(schema);
      await store.appendToStream('s', [ev('t.x')]);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vigia' AND pid <> pg_backend_pid()
         AND datname = current_database() AND query NOT LIKE 'LISTEN%'`,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      let result: unknown;
      for (let attempt = 0; attempt < 5 && result === undefined; attempt++) {
        result = await store.appendToStream('s', [ev('t.y')]).catch((error: unknown) => {
          expect(error).toBeInstanceOf(StoreUnavailableError);
          return undefined;
        });
      }
      expect(await store.streamVersion('s')).toBe(2);
    });

    it('fails a transaction whose connection is killed while it holds it, then recovers', async () => {
      const store = await open(uniqueSchema('killed'));
      let pausedAt!: (pid: number) => void;
      const paused = new Promise<number>((resolve) => {
        pausedAt = resolve;
      });
      let resume!: () => void;
      const resumed = new Promise<void>((resolve) => {
        resume = resolve;
      });
      const running = store
        .withTransaction(async (tx) => {
          const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          pausedAt(row!.pid);
          // The connection dies while no query is running on it.
          await resumed;
          await tx.query('SELECT 1');
        })
        .catch((e: unknown) => e);
      await admin.query('SELECT pg_terminate_backend($1)', [await paused]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      resume();
      expect(await running).toBeInstanceOf(StoreUnavailableError);
      await store.appendToStream('after', [ev('t.x')]);
      expect(await store.streamVersion('after')).toBe(1);
    });

    it("rejects an append with its inline projection's own database error, writing nothing", async () => {
      const store = await open(uniqueSchema('projerr'));
      await store.addInlineProjection({
        name: 'unique_names',
        setup: async (tx) => {
          await tx.execute('CREATE TABLE names (name text PRIMARY KEY)');
        },
        apply: async (events, tx) => {
          for (const e of events)
            await tx.execute('INSERT INTO names (name) VALUES ($1)', [(e.data as { name: string }).name]);
        },
      });
      await store.appendToStream('people', [ev('person.added', { name: 'ana' })]);
      const error = await store
        .appendToStream('people', [ev('person.added', { name: 'ana' })])
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: '23505', constraint: 'names_pkey' });
      expect(await store.streamVersion('people')).toBe(1);
    });

    it('stamps events with the store clock and the writing transaction', async () => {
      const clock = new FakeClock(Date.UTC(2026, 5, 1, 12, 30, 15, 123));
      const store = await open(uniqueSchema('clock'), { clock });
      const recorded: RecordedEvent[] = [];
      store.onAppended((events) => recorded.push(...events));
      await store.appendToStreams([
        { streamId: 'a', events: [ev('t.x')] },
        { streamId: 'b', events: [ev('t.y')] },
      ]);
      const [stored] = await store.readStream('a');
      expect(stored!.time.toISOString()).toBe('2026-06-01T12:30:15.123Z');
      expect(recorded.map((e) => e.transactionId)).toEqual([stored!.transactionId, stored!.transactionId]);
      expect(recorded[0]).toEqual(stored);
    });

    it('close lets in-flight appends finish, then refuses work', async () => {
      const schema = uniqueSchema('closing');
      const store = await open(schema);
      const appends = Array.from({ length: 10 }, (_, i) => store.appendToStream(`s-${i}`, [ev('t.x')]));
      await store.close();
      const settled = await Promise.allSettled(appends);
      expect(settled.every((s) => s.status === 'fulfilled')).toBe(true);
      await expect(store.readStream('s-0')).rejects.toThrow(StoreClosedError);
      await expect(store.appendToStream('s-0', [ev('t.x')])).rejects.toThrow(StoreClosedError);
      const reopened = await open(schema);
      expect((await reopened.stats()).events).toBe(10);
    });
  });
});

/** Polls `read` until `done` holds (real I/O against the server, bounded to about 5 s). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (done(value) || i >= 250) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
