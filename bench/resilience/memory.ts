import type { BenchContext } from '../lib/benchmark.js';
import { type Contender, interleave } from '../lib/interleave.js';
import type { WorkerProcess } from '../lib/worker.js';
import type { MemoryParams, MemorySample } from './library-worker.js';
import { type Settings, TIME_WINDOW_MS } from './settings.js';
import type { Library } from './subjects.js';

const WARMUP_CALLS = 100_000;

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

/**
 * Heap held by one time-window breaker per library after `memoryCalls` calls, measured in each
 * library's own --expose-gc process, rounds interleaved. Returns each library's samples.
 */
export function measureBreakerMemory(
  context: BenchContext,
  settings: Settings,
  workers: ReadonlyMap<Library, WorkerProcess>,
): Promise<Map<string, MemorySample[]>> {
  const contenders: Array<Contender<MemorySample>> = [...workers].map(([library, worker]) => ({
    name: library,
    run: () => {
      const params: MemoryParams = { calls: settings.memoryCalls, warmupCalls: WARMUP_CALLS };
      return worker.call<MemorySample>('memory', params);
    },
  }));
  return interleave(contenders, {
    rounds: settings.memoryRounds,
    onSample: (library, round, sample) => {
      const { heapDeltaBytes, growthBytes, ms } = sample as MemorySample;
      const inside = ms < TIME_WINDOW_MS ? 'all inside the window' : 'LONGER than the window';
      context.log(
        `memory ${library} round ${round + 1}: ${kib(heapDeltaBytes)} KiB held after ` +
          `${settings.memoryCalls.toLocaleString('en-US')} calls in ${(ms / 1000).toFixed(2)} s (${inside}); ` +
          `heap grew ${kib(growthBytes)} KiB in all`,
      );
    },
  });
}
