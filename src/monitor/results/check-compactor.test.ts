import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EVENTS_COMPACTED,
  type LogCheckpoint,
  SqliteEventStore,
  STORE_MAINTENANCE_STREAM,
} from '../../events/index.js';
import { createLogger, FakeClock, type Logger, ValidationError } from '../../kernel/index.js';
import { MonitorEvents, monitorResultStream } from '../monitor-events.js';
import {
  CheckCompactor,
  type CheckCompactorOptions,
  COMPACTION_INTERVAL_MS,
  FIRST_COMPACTION_DELAY_MS,
} from './check-compactor.js';

const DAY = 86_400_000;
const check = (n: number) => ({ type: MonitorEvents.checkCompleted, data: { n } });
const statusChange = { type: MonitorEvents.statusChanged, data: { to: 'down' } };

describe('CheckCompactor', () => {
  let dir: string;
  let clock: FakeClock;
  let store: SqliteEventStore;
  let lines: Array<Record<string, unknown>>;
  let logger: Logger;
  let compactor: CheckCompactor | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigia-compactor-'));
    clock = new FakeClock(Date.UTC(2026, 2, 1));
    store = SqliteEventStore.open({ file: path.join(dir, 'events.db'), clock });
    lines = [];
    logger = createLogger({
      level: 'debug',
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
  });
  afterEach(async () => {
    await compactor?.stop();
    compactor = undefined;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function create(options: Partial<CheckCompactorOptions> = {}): CheckCompactor {
    compactor = new CheckCompactor({
      store,
      clock,
      logger,
      rawRetentionDays: 7,
      checkpointOf: () => store.endCheckpoint(),
      ...options,
    });
    return compactor;
  }

  /** Stream versions left in a monitor's result stream, with their types' last word. */
  async function left(monitorId: string): Promise<string[]> {
    return (await store.readStream(monitorResultStream(monitorId))).map(
      (e) => `${e.streamVersion}:${e.type.split('.')[1]}`,
    );
  }

  /** Eight days of history for monitor m1: four old checks around a status change, then one new check. */
  async function seedOldAndNew(): Promise<void> {
    await store.appendToStream(monitorResultStream('m1'), [check(1), check(2), statusChange, check(3)]);
    await store.appendToStream(monitorResultStream('m2'), [check(1)]);
    await clock.advance(8 * DAY);
    await store.appendToStream(monitorResultStream('m1'), [check(4)]);
  }

  it('first runs shortly after start, deleting old raw checks and keeping status changes and last events', async () => {
    await seedOldAndNew();
    const compactor = create();
    compactor.start();
    await clock.advance(FIRST_COMPACTION_DELAY_MS - 1);
    expect(await left('m1')).toHaveLength(5);

    await clock.advance(1);
    await compactor.idle();
    expect(await left('m1')).toEqual(['3:status_changed', '5:check_completed']);
    expect(await left('m2')).toEqual(['1:check_completed']);
    const [record] = await store.readStream(STORE_MAINTENANCE_STREAM);
    expect(record).toMatchObject({ type: EVENTS_COMPACTED, data: { deleted: 3 } });
    const line = lines.find((l) => typeof l.deleted === 'number');
    expect(line).toMatchObject({ level: 30, deleted: 3, batches: 1 });
  });

  it('runs every hour, batch after batch, and deletes only what the read models have folded', async () => {
    let folded: LogCheckpoint = { position: 0 };
    const compactor = create({ batchSize: 2, checkpointOf: async () => folded });
    await store.appendToStream(
      monitorResultStream('m1'),
      Array.from({ length: 9 }, (_, i) => check(i)),
    );
    await clock.advance(8 * DAY);
    const [middle] = await store.readStream(monitorResultStream('m1'), { fromVersion: 5, maxCount: 1 });
    folded = { position: middle!.position };
    compactor.start();
    await clock.advance(FIRST_COMPACTION_DELAY_MS);
    await compactor.idle();
    expect((await left('m1')).map((v) => Number.parseInt(v, 10))).toEqual([6, 7, 8, 9]);

    folded = await store.endCheckpoint();
    await clock.advance(COMPACTION_INTERVAL_MS - 1);
    await compactor.idle();
    expect(await left('m1')).toHaveLength(4);
    await clock.advance(1);
    await compactor.idle();
    expect(await left('m1')).toEqual(['9:check_completed']);
    const batches = lines.filter((l) => typeof l.batches === 'number').map((l) => l.batches);
    expect(batches).toEqual([3, 3]);
  });

  it('keeps raw checks younger than the retention window', async () => {
    await store.appendToStream(monitorResultStream('m1'), [check(1), check(2), check(3)]);
    await clock.advance(6 * DAY);
    const run = await create().runOnce();
    expect(run.deleted).toBe(0);
    expect(await left('m1')).toHaveLength(3);
  });

  it('does nothing when no retention is set', async () => {
    await seedOldAndNew();
    const compactor = create({ rawRetentionDays: undefined });
    expect(compactor.enabled).toBe(false);
    compactor.start();
    expect(clock.pendingTimers).toBe(0);
    expect(await compactor.runOnce()).toEqual({ deleted: 0, batches: 0 });
    expect(await left('m1')).toHaveLength(5);
  });

  it('logs a failed run and tries again at the next one', async () => {
    await seedOldAndNew();
    let calls = 0;
    const compactor = create({
      checkpointOf: async () => {
        calls += 1;
        if (calls === 1) throw new Error('read model unavailable');
        return store.endCheckpoint();
      },
    });
    compactor.start();
    await clock.advance(FIRST_COMPACTION_DELAY_MS);
    await compactor.idle();
    expect(lines.find((l) => l.level === 50)).toMatchObject({ err: { message: 'read model unavailable' } });
    expect(await left('m1')).toHaveLength(5);
    await clock.advance(COMPACTION_INTERVAL_MS);
    await compactor.idle();
    expect(await left('m1')).toHaveLength(2);
  });

  it('a stop during a run ends it after the batch in progress', async () => {
    await store.appendToStream(
      monitorResultStream('m1'),
      Array.from({ length: 6 }, (_, i) => check(i)),
    );
    await clock.advance(8 * DAY);
    const compactor = create({ batchSize: 1 });
    const run = compactor.runOnce();
    await compactor.stop();
    expect(await run).toEqual({ deleted: 1, batches: 1 });
    expect(await left('m1')).toHaveLength(5);
  });

  it('stop cancels the schedule', async () => {
    const compactor = create();
    compactor.start();
    expect(clock.pendingTimers).toBe(1);
    await compactor.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  for (const days of [0, -1, 1.5, 3651, Number.NaN, '7']) {
    it(`rejects rawRetentionDays ${JSON.stringify(days)} naming the field`, () => {
      expect(() => create({ rawRetentionDays: days as number })).toThrow(ValidationError);
      expect(() => create({ rawRetentionDays: days as number })).toThrow(/rawRetentionDays/);
    });
  }
});
