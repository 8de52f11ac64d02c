/**
 * Resilience policies: the per-call overhead of Vigia's policies wrapping an async no-op, beside
 * cockatiel (the anchor, the TypeScript library a user would otherwise pick) and opossum (the
 * most used Node.js circuit breaker). Calls awaited one by one and with 100 in flight; each
 * library in its own process, rounds interleaved, medians. See resilience/subjects.ts for how
 * each library is configured and resilience/vigia-build.ts for which Vigia code is measured.
 */
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { type Contender, interleave, medianOf } from './lib/interleave.js';
import { type BenchResult, compare } from './lib/result.js';
import { median } from './lib/stats.js';
import type { WorkerProcess } from './lib/worker.js';
import type { OpenParams, RoundParams, WarmParams } from './resilience/library-worker.js';
import { measureBreakerMemory } from './resilience/memory.js';
import { FULL, IN_FLIGHT, QUICK, type Settings, TARGETS } from './resilience/settings.js';
import type { Library, SubjectName } from './resilience/subjects.js';
import { type CallSample, callsPerSecond, nsPerCall, runCalls, warmUp } from './resilience/throughput.js';
import { prepareVigia } from './resilience/vigia-build.js';
import { startLibraryWorkers } from './resilience/workers.js';

const ANCHOR = 'cockatiel';
const LIBRARIES: Library[] = ['vigia', 'cockatiel', 'opossum'];

/** One policy compared across the libraries that have it. */
interface Case {
  /** Start of its metric names. */
  metric: string;
  subject: SubjectName;
  /** Calls that succeed (measured in calls/s) or calls rejected by an open circuit (ns per call). */
  kind: 'success' | 'rejection';
  targetRatio: number;
}

const throughput = (
  metric: string,
  subject: SubjectName,
  targetRatio: number = TARGETS.throughputRatio,
): Case => ({
  metric,
  subject,
  kind: 'success',
  targetRatio,
});

const CASES: Case[] = [
  throughput('breaker_consecutive', 'breakerConsecutive'),
  throughput('breaker_count', 'breakerCount'),
  throughput('breaker_time', 'breakerTime'),
  throughput('retry_success', 'retrySuccess'),
  throughput('timeout_success', 'timeoutSuccess', TARGETS.timeoutRatio),
  throughput('bulkhead', 'bulkheadSuccess'),
  throughput('pipeline_retry_breaker_timeout', 'pipelineSuccess'),
  {
    metric: 'breaker_open_rejection',
    subject: 'breakerOpen',
    kind: 'rejection',
    targetRatio: TARGETS.openRejectionRatio,
  },
];

const MODES = [
  { name: 'seq', inFlight: 1, label: 'sequential' },
  { name: `${IN_FLIGHT}_in_flight`, inFlight: IN_FLIGHT, label: `${IN_FLIGHT} in flight` },
] as const;

/** Runs one case in one mode: the libraries' rounds interleaved, after a warm-up each. */
async function measureCase(
  settings: Settings,
  workers: ReadonlyMap<Library, WorkerProcess>,
  testCase: Case,
  inFlight: number,
): Promise<Map<string, CallSample[]>> {
  const open: OpenParams = { subject: testCase.subject };
  const contenders: Array<Contender<CallSample>> = [];
  try {
    for (const [library, worker] of workers) {
      if (!(await worker.call<boolean>('open', open))) continue;
      let callsPerRound = 0;
      const check = (sample: CallSample) => {
        const expected = testCase.kind === 'success' ? 0 : sample.calls;
        if (sample.rejected !== expected) {
          throw new Error(
            `${testCase.metric} ${library}: ${sample.rejected} of ${sample.calls} calls rejected, expected ${expected}`,
          );
        }
        return sample;
      };
      contenders.push({
        name: library,
        run: async (round) => {
          if (round < 0) {
            const params: WarmParams = { inFlight, warmupMs: settings.warmupMs, roundMs: settings.roundMs };
            const warm = await worker.call<{ callsPerRound: number; sample: CallSample }>('warm', params);
            callsPerRound = warm.callsPerRound;
            return check(warm.sample);
          }
          const params: RoundParams = { calls: callsPerRound, inFlight };
          return check(await worker.call<CallSample>('round', params));
        },
      });
    }
    return await interleave(contenders, { rounds: settings.rounds, warmupRounds: 1 });
  } finally {
    await Promise.all([...workers.values()].map((worker) => worker.call('closeSubject')));
  }
}

function describe(kind: Case['kind'], value: number | null): string {
  if (value === null) return '—';
  return kind === 'success'
    ? `${Math.round(value).toLocaleString('en-US')} calls/s`
    : `${value.toFixed(0)} ns/rejection`;
}

function caseResults(testCase: Case, mode: (typeof MODES)[number], samples: Map<string, CallSample[]>) {
  const success = testCase.kind === 'success';
  const pick = success ? callsPerSecond : nsPerCall;
  const shape = success
    ? { metric: `${testCase.metric}_${mode.name}_calls_per_s`, unit: 'calls/s', better: 'higher' as const }
    : { metric: `${testCase.metric}_${mode.name}_ns_per_call`, unit: 'ns', better: 'lower' as const };
  const vigia = medianOf(samples.get('vigia'), pick);
  const results: BenchResult[] = [
    compare({
      ...shape,
      vigia,
      anchor: ANCHOR,
      anchorValue: medianOf(samples.get(ANCHOR), pick),
      targetRatio: testCase.targetRatio,
    }),
  ];
  // opossum beside the anchor, on its own line (no targets: those are set against cockatiel).
  if (samples.has('opossum')) {
    results.push(
      compare({
        ...shape,
        metric: `${shape.metric}_vs_opossum`,
        vigia,
        anchor: 'opossum',
        anchorValue: medianOf(samples.get('opossum'), pick),
      }),
    );
  }
  return results;
}

async function memoryResults(
  context: BenchContext,
  settings: Settings,
  workers: ReadonlyMap<Library, WorkerProcess>,
): Promise<BenchResult[]> {
  const samples = await measureBreakerMemory(context, settings, workers);
  const mb = (sample: { heapDeltaBytes: number }) => sample.heapDeltaBytes / (1024 * 1024);
  const shape = {
    metric: `breaker_time_window_heap_mb_after_${settings.memoryCalls / 1_000_000}m_calls`,
    unit: 'MB',
    better: 'lower' as const,
    vigia: medianOf(samples.get('vigia'), mb),
  };
  return [
    compare({
      ...shape,
      anchor: ANCHOR,
      anchorValue: medianOf(samples.get(ANCHOR), mb),
      target: TARGETS.breakerMemoryMb,
    }),
    compare({
      ...shape,
      metric: `${shape.metric}_vs_opossum`,
      anchor: 'opossum',
      anchorValue: medianOf(samples.get('opossum'), mb),
    }),
  ];
}

/**
 * The no-op awaited with no policy around it, for the log: no policy can beat this rate, which
 * bounds the ratio any policy can reach (a policy that cost nothing would run at the floor).
 */
async function measureFloor(settings: Settings, inFlight: number): Promise<number> {
  const noop = async (): Promise<number> => 1;
  const call = () => noop();
  const { callsPerRound } = await warmUp(call, inFlight, settings.warmupMs, settings.roundMs);
  const rates: number[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    rates.push(callsPerSecond(await runCalls(call, callsPerRound, inFlight)));
  }
  return median(rates);
}

const benchmark: Benchmark = {
  description: 'Resilience policies: per-call overhead, Vigia vs cockatiel (opossum beside)',
  async run(context) {
    const settings = context.quick ? QUICK : FULL;
    const build = prepareVigia();
    context.log(`Vigia: ${build.description}`);
    const workers = await startLibraryWorkers(LIBRARIES, build.url);
    try {
      // The heaps are measured first, while the processes hold nothing else.
      const memory = await memoryResults(context, settings, workers);
      for (const mode of MODES) {
        const floor = await measureFloor(settings, mode.inFlight);
        context.log(`floor, ${mode.label}: the bare no-op runs ${describe('success', floor)}`);
      }
      const results: BenchResult[] = [];
      for (const testCase of CASES) {
        for (const mode of MODES) {
          const samples = await measureCase(settings, workers, testCase, mode.inFlight);
          const pick = testCase.kind === 'success' ? callsPerSecond : nsPerCall;
          const line = [...samples.keys()].map(
            (library) => `${library} ${describe(testCase.kind, medianOf(samples.get(library), pick))}`,
          );
          context.log(`${testCase.metric}, ${mode.label}: ${line.join(', ')}`);
          results.push(...caseResults(testCase, mode, samples));
        }
      }
      return [...results, ...memory];
    } finally {
      await Promise.all([...workers.values()].map((worker) => worker.stop()));
    }
  },
};

export default benchmark;
