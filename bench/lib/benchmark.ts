import type { BenchResult } from './result.js';

export interface BenchContext {
  /** The shorter run (under 45 s) that keeps the same comparisons. */
  quick: boolean;
  /** Progress for people; goes to stderr so stdout stays table + machine line. */
  log: (message: string) => void;
}

/** What a `bench/<name>.bench.ts` file exports as default. */
export interface Benchmark {
  /** One line shown in the list of benchmarks. */
  description: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}
