import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventStore, SqliteEventStore } from '../../events/index.js';
import { FakeClock, silentLogger } from '../../kernel/index.js';
import { LeasedShards } from './leased-shards.js';
import { SHARD_COUNT } from './shards.js';

const LEASE_MS = 3000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openStore(): SqliteEventStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-shards-'));
  const store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

/** A store whose transactions fail once `down` is set: the database is unreachable for this instance. */
function unreachableWhenDown(store: EventStore): EventStore & { down: boolean } {
  const wrapper = Object.create(store) as EventStore & { down: boolean };
  wrapper.down = false;
  wrapper.withTransaction = (work) =>
    wrapper.down ? Promise.reject(new Error('connection refused')) : store.withTransaction(work);
  return wrapper;
}

function instance(store: EventStore, clock: FakeClock, owner: string): LeasedShards {
  const shards = new LeasedShards({ store, clock, logger: silentLogger(), owner, leaseMs: LEASE_MS });
  return shards;
}

const ownedBy = (shards: LeasedShards) =>
  Array.from({ length: SHARD_COUNT }, (_, shard) => shard).filter((shard) => shards.owns(shard));

/** Moves the fake clock on in renewal-sized steps, letting the SQLite work of each tick finish. */
async function run(clock: FakeClock, ms: number, each: () => void = () => undefined): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += LEASE_MS / 6) {
    await clock.advance(LEASE_MS / 6);
    await new Promise((resolve) => setTimeout(resolve, 5));
    each();
  }
}

/** No shard may be run by two instances at the same moment. */
function expectDisjoint(a: LeasedShards, b: LeasedShards): void {
  const both = ownedBy(a).filter((shard) => b.owns(shard));
  expect(both).toEqual([]);
}

describe('LeasedShards', () => {
  it('splits the shards between two instances, never both on one, and hands them back when one stops', async () => {
    const store = openStore();
    const clock = new FakeClock();
    const a = instance(store, clock, 'a');
    const b = instance(store, clock, 'b');
    await a.start(() => undefined);
    expect(ownedBy(a)).toHaveLength(SHARD_COUNT);
    await b.start(() => undefined);
    await run(clock, 2 * LEASE_MS, () => expectDisjoint(a, b));
    expect(ownedBy(a).length).toBeGreaterThan(0);
    expect(ownedBy(b).length).toBeGreaterThan(0);
    expect(ownedBy(a).length + ownedBy(b).length).toBe(SHARD_COUNT);

    await b.stop();
    expect(ownedBy(b)).toEqual([]);
    await run(clock, LEASE_MS / 2);
    expect(ownedBy(a)).toHaveLength(SHARD_COUNT);
    await a.stop();
  });

  it('stops running shards whose lease ran out, and the other instance takes them only then', async () => {
    const store = openStore();
    const clock = new FakeClock();
    const reachable = unreachableWhenDown(store);
    const a = instance(reachable, clock, 'a');
    const b = instance(store, clock, 'b');
    const changes: number[] = [];
    await a.start(() => undefined);
    await b.start((owned) => changes.push(owned.size));
    await run(clock, 2 * LEASE_MS, () => expectDisjoint(a, b));
    const aHeld = ownedBy(a);
    expect(aHeld.length).toBeGreaterThan(0);

    // A loses its database: it keeps its shards only until its leases run out, and B waits for that.
    reachable.down = true;
    await run(clock, 2 * LEASE_MS, () => expectDisjoint(a, b));
    expect(ownedBy(a)).toEqual([]);
    expect(ownedBy(b)).toHaveLength(SHARD_COUNT);
    expect(changes[changes.length - 1]).toBe(SHARD_COUNT);
    await b.stop();
    reachable.down = false;
    await a.stop();
  });
});
