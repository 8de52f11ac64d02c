import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { elapsedMs, nowNs } from '../lib/timing.js';

/** One measured round: how many calls, how long they took, how many were rejected. */
export interface CallSample {
  calls: number;
  ms: number;
  rejected: number;
}

/**
 * Calls between two yields to the event loop. A loop of awaited promises runs on microtasks
 * only and would starve timers forever; yielding now and then lets the libraries' timers
 * (opossum's bucket rotation and snapshots, timeout timers) run as they would in a server.
 */
const BATCH = 4096;

/**
 * Makes `calls` calls with `inFlight` outstanding at any time (1: each call awaited before the
 * next), and times them. Rejections are counted, not thrown.
 */
export async function runCalls(
  call: () => Promise<unknown>,
  calls: number,
  inFlight: number,
): Promise<CallSample> {
  let rejected = 0;
  const start = nowNs();
  if (inFlight === 1) {
    for (let done = 0; done < calls; ) {
      const end = Math.min(calls, done + BATCH);
      for (; done < end; done++) {
        try {
          await call();
        } catch {
          rejected++;
        }
      }
      await yieldToEventLoop();
    }
  } else {
    // `inFlight` lanes, each starting its next call when its previous one settles.
    let issued = 0;
    let batchEnd = 0;
    const lane = async () => {
      while (issued < batchEnd) {
        issued++;
        try {
          await call();
        } catch {
          rejected++;
        }
      }
    };
    const lanes = new Array<Promise<void>>(inFlight);
    while (issued < calls) {
      batchEnd = Math.min(calls, issued + Math.max(BATCH, inFlight));
      for (let i = 0; i < inFlight; i++) lanes[i] = lane();
      await Promise.all(lanes);
      await yieldToEventLoop();
    }
  }
  return { calls, ms: elapsedMs(start), rejected };
}

/**
 * Warms a subject up for about `warmupMs` and returns how many calls fill `roundMs` at the rate
 * it reached (a whole number of batches, at least one).
 */
export async function warmUp(
  call: () => Promise<unknown>,
  inFlight: number,
  warmupMs: number,
  roundMs: number,
): Promise<{ callsPerRound: number; sample: CallSample }> {
  let calls = BATCH;
  let sample = await runCalls(call, calls, inFlight);
  let spent = sample.ms;
  // Grow the warm-up rounds until one is long enough to judge the rate by, within the budget.
  while (spent < warmupMs) {
    if (sample.ms < warmupMs / 4) calls *= 2;
    sample = await runCalls(call, calls, inFlight);
    spent += sample.ms;
  }
  const perMs = sample.calls / Math.max(sample.ms, 1e-3);
  const callsPerRound = Math.max(BATCH, Math.round((perMs * roundMs) / BATCH) * BATCH);
  return { callsPerRound, sample };
}

export function callsPerSecond(sample: CallSample): number {
  return (sample.calls / sample.ms) * 1000;
}

export function nsPerCall(sample: CallSample): number {
  return (sample.ms * 1e6) / sample.calls;
}
