/** Monitors are spread over this many shards; instances lease shards, not single monitors. */
export const SHARD_COUNT = 64;

/** 32-bit FNV-1a: a fast, stable hash every instance computes alike (not for security). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The shard a monitor belongs to. */
export function shardOf(monitorId: string, shardCount = SHARD_COUNT): number {
  return fnv1a(monitorId) % shardCount;
}

/**
 * Rendezvous (highest-random-weight) hashing: the instance that should own `shard` among `owners`.
 * Every instance computes the same answer from the same list, and when an instance joins or leaves
 * only the shards it wins or held move.
 */
export function preferredOwner(shard: number, owners: ReadonlyArray<string>): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const owner of owners) {
    const score = fnv1a(`${owner}/${shard}`);
    if (score > bestScore || (score === bestScore && best !== undefined && owner < best)) {
      best = owner;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A monitor's phase within its interval, from its id: the same on every instance, so slots
 * (phase + k × interval on the wall clock) agree and a monitor handed from one instance to another
 * keeps its rhythm instead of running twice in one interval. Spread like a random phase.
 */
export function stablePhase(monitorId: string, intervalMs: number): number {
  return fnv1a(`phase:${monitorId}`) % intervalMs;
}
