import {
  acquireLease,
  dropExpiredLeases,
  type EventStore,
  ensureConsumerTables,
  liveLeases,
  releaseLease,
} from '../../events/index.js';
import type { Clock, Logger, TimerHandle } from '../../kernel/index.js';
import type { ShardOwnership } from './shard-ownership.js';
import { preferredOwner, SHARD_COUNT } from './shards.js';

export interface LeasedShardsOptions {
  store: EventStore;
  clock: Clock;
  logger: Logger;
  /** This instance's unique name. */
  owner: string;
  /** How long a lease lasts without renewal; a dead instance's shards move after at most this plus a renewal period. */
  leaseMs: number;
}

const MEMBER_PREFIX = 'monitor-instance:';
const SHARD_PREFIX = 'monitor-shard:';

/**
 * Shards held through leases in the shared database, for several instances on PostgreSQL. Every
 * `leaseMs / 3` each instance renews its membership lease, reads who else is alive, and leases the
 * shards rendezvous hashing gives it: taking free or expired ones, renewing its own, and handing
 * over (releasing) those that now belong to an instance that joined. An instance that dies stops
 * renewing; once its leases run out the others take its shards. A shard is run only while its
 * lease is valid by this instance's clock, so an instance that stalls past its lease stops
 * checking before another can take over (clocks must agree to well within the lease, as with NTP).
 */
export class LeasedShards implements ShardOwnership {
  /** Shard → when our lease on it runs out (epoch ms, our clock). */
  private readonly heldUntil = new Map<number, number>();
  private onChange: (owned: ReadonlySet<number>) => void = () => undefined;
  private timer: TimerHandle | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastOwned = '';

  constructor(private readonly options: LeasedShardsOptions) {}

  async start(onChange: (owned: ReadonlySet<number>) => void): Promise<void> {
    this.onChange = onChange;
    await ensureConsumerTables(this.options.store);
    await this.tick();
    this.arm();
  }

  owns(shard: number): boolean {
    return (this.heldUntil.get(shard) ?? 0) > this.options.clock.now();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.ticking;
    const held = [...this.heldUntil.keys()];
    this.heldUntil.clear();
    this.announce();
    const { owner } = this.options;
    try {
      await this.options.store.withTransaction(async (tx) => {
        for (const shard of held) await releaseLease(tx, `${SHARD_PREFIX}${shard}`, owner);
        await releaseLease(tx, `${MEMBER_PREFIX}${owner}`, owner);
      });
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not release the monitor shards; they will expire');
    }
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimer(this.options.leaseMs / 3, () => {
      this.ticking = this.tick().finally(() => this.arm());
    });
  }

  /** One round: membership, then the shards this instance should hold. */
  private async tick(): Promise<void> {
    const { store, clock, owner, leaseMs, logger } = this.options;
    const now = clock.now();
    let handOver: number[] = [];
    try {
      handOver = await store.withTransaction(async (tx) => {
        await acquireLease(tx, `${MEMBER_PREFIX}${owner}`, owner, now, leaseMs);
        await dropExpiredLeases(tx, MEMBER_PREFIX, now - 10 * leaseMs);
        const members = (await liveLeases(tx, MEMBER_PREFIX, now)).map((lease) => lease.owner);
        const release: number[] = [];
        for (let shard = 0; shard < SHARD_COUNT; shard++) {
          if (preferredOwner(shard, members) !== owner) {
            if (this.heldUntil.delete(shard)) release.push(shard);
            continue;
          }
          if (await acquireLease(tx, `${SHARD_PREFIX}${shard}`, owner, now, leaseMs)) {
            this.heldUntil.set(shard, now + leaseMs);
          } else {
            this.heldUntil.delete(shard);
          }
        }
        return release;
      });
    } catch (error) {
      // The database is unreachable: keep running what we hold until the leases run out (owns() checks).
      logger.warn({ err: error }, 'could not renew the monitor shard leases');
      return;
    }
    // Stop running the shards we hand over before releasing them, so no slot runs twice.
    this.announce();
    if (handOver.length === 0) return;
    try {
      await store.withTransaction(async (tx) => {
        for (const shard of handOver) await releaseLease(tx, `${SHARD_PREFIX}${shard}`, owner);
      });
    } catch (error) {
      logger.warn({ err: error }, 'could not release handed-over shards; they will expire');
    }
  }

  private announce(): void {
    const owned = new Set(this.heldUntil.keys());
    const signature = [...owned].sort((a, b) => a - b).join(',');
    if (signature === this.lastOwned) return;
    this.lastOwned = signature;
    this.options.logger.info({ shards: owned.size }, 'monitor shards owned');
    this.onChange(owned);
  }
}
