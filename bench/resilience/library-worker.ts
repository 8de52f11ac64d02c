/**
 * One library's side of the benchmark, in a process of its own (started with --expose-gc): its
 * policies' heaps, garbage collections, timers (opossum sorts its window's latencies every
 * second) and JIT feedback never touch another library's rounds. Serves one subject at a time.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { serveWorker } from '../lib/worker.js';
import { createSubjects, type Library, type Subject, type SubjectName, type Subjects } from './subjects.js';
import { type CallSample, runCalls, warmUp } from './throughput.js';
import { loadVigia } from './vigia-build.js';

export interface OpenParams {
  subject: SubjectName;
}

export interface WarmParams {
  inFlight: number;
  warmupMs: number;
  roundMs: number;
}

export interface RoundParams {
  calls: number;
  inFlight: number;
}

export interface MemoryParams {
  calls: number;
  /** Calls on a throwaway breaker before the first measurement (JIT, lazily built code). */
  warmupCalls: number;
}

export interface MemorySample {
  /**
   * Heap freed when the breaker is dropped after the calls, in bytes: the heap after a full GC
   * with the breaker alive minus the heap after a full GC once it is gone — what it alone keeps.
   */
  heapDeltaBytes: number;
  /**
   * Heap growth from before the breaker was made to after the calls, in bytes. It also counts
   * code and type feedback V8 keeps from the run, which vary by tens of KiB between rounds.
   */
  growthBytes: number;
  /** How long the calls took: under the window's length, every call is still inside it. */
  ms: number;
}

const [library, vigiaUrl] = process.argv.slice(2) as [Library | undefined, string | undefined];
if (!library || !vigiaUrl) throw new Error('library-worker needs a library and the URL of the Vigia build');
const subjects = createSubjects(await loadVigia(vigiaUrl));

let current: Subject | undefined;

function closeSubject(): void {
  current?.dispose();
  current = undefined;
}

const gc = (globalThis as { gc?: () => void }).gc;

async function fullGc(): Promise<number> {
  if (!gc) throw new Error('library-worker needs node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await yieldToEventLoop();
  }
  return process.memoryUsage().heapUsed;
}

let memoryWarmedUp = false;

async function measureMemory(params: MemoryParams): Promise<MemorySample> {
  const factory = subjects.memoryBreakers[library!];
  if (!memoryWarmedUp) {
    const throwaway = factory();
    await runCalls(throwaway.call, params.warmupCalls, 1);
    throwaway.dispose();
    memoryWarmedUp = true;
  }
  const before = await fullGc();
  let held: Subject | undefined = factory();
  const { ms, rejected } = await runCalls(held.call, params.calls, 1);
  if (rejected > 0) throw new Error(`${library}: ${rejected} calls were rejected`);
  const withBreaker = await fullGc();
  held.dispose();
  held = undefined;
  const after = await fullGc();
  return { heapDeltaBytes: withBreaker - after, growthBytes: withBreaker - before, ms };
}

serveWorker({
  /** Makes the subject current; false when this library has no such policy. */
  open: async ({ subject }: OpenParams) => {
    closeSubject();
    const factory = (subjects[subject] as Subjects)[library!];
    if (!factory) return false;
    current = factory();
    return true;
  },
  warm: async (params: WarmParams) => {
    if (!current) throw new Error('warm before open');
    return warmUp(current.call, params.inFlight, params.warmupMs, params.roundMs);
  },
  round: async (params: RoundParams): Promise<CallSample> => {
    if (!current) throw new Error('round before open');
    return runCalls(current.call, params.calls, params.inFlight);
  },
  closeSubject: async () => closeSubject(),
  memory: measureMemory,
  close: async () => closeSubject(),
} as Record<string, (params: never) => Promise<unknown>>);
