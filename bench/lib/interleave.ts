import { median } from './stats.js';

/** One side of a comparison: runs one measured round and returns its sample. */
export interface Contender<TSample> {
  name: string;
  run: (round: number) => Promise<TSample>;
}

export interface InterleaveOptions {
  /** Measured rounds per contender (medians are taken over them). */
  rounds: number;
  /** Unmeasured rounds first, to warm up JIT, caches and connections. */
  warmupRounds?: number;
  /** Called after each measured round, e.g. to log progress. */
  onSample?: (contender: string, round: number, sample: unknown) => void;
}

/**
 * Runs the contenders alternately — A B A B … — so that drift in the machine (page cache, CPU
 * frequency, a neighbour's load) falls on all of them alike. Returns each contender's samples.
 */
export async function interleave<TSample>(
  contenders: ReadonlyArray<Contender<TSample>>,
  options: InterleaveOptions,
): Promise<Map<string, TSample[]>> {
  const samples = new Map<string, TSample[]>(contenders.map((c) => [c.name, []]));
  for (let warmup = 0; warmup < (options.warmupRounds ?? 0); warmup++) {
    for (const contender of contenders) await contender.run(-1 - warmup);
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const contender of contenders) {
      const sample = await contender.run(round);
      samples.get(contender.name)!.push(sample);
      options.onSample?.(contender.name, round, sample);
    }
  }
  return samples;
}

/** Median of one number picked from each sample; null when there are no samples. */
export function medianOf<TSample>(
  samples: ReadonlyArray<TSample> | undefined,
  pick: (sample: TSample) => number,
): number | null {
  if (samples === undefined || samples.length === 0) return null;
  return median(samples.map(pick));
}
