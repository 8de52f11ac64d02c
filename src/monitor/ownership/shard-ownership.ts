import { SHARD_COUNT } from './shards.js';

/** Which shards of the monitors this instance runs right now. */
export interface ShardOwnership {
  /** Starts; `onChange` is called with the owned shards before this resolves and on every change after. */
  start(onChange: (owned: ReadonlySet<number>) => void): Promise<void>;
  /** Whether this instance may run a check of `shard` at this moment (its lease, if any, has not run out). */
  owns(shard: number): boolean;
  /** Gives every shard up (so others take over at once) and stops. */
  stop(): Promise<void>;
}

/** One instance (the embedded SQLite store): it owns every shard, always. */
export class SoleOwnership implements ShardOwnership {
  async start(onChange: (owned: ReadonlySet<number>) => void): Promise<void> {
    onChange(new Set(Array.from({ length: SHARD_COUNT }, (_, shard) => shard)));
  }

  owns(): boolean {
    return true;
  }

  async stop(): Promise<void> {}
}
