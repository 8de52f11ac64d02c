/** Monotonic nanoseconds. */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds elapsed since `startNs` (from nowNs). */
export function elapsedMs(startNs: bigint): number {
  return Number(nowNs() - startNs) / 1e6;
}

/** Runs `work` and returns its result with how long it took in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = nowNs();
  const result = await work();
  return { result, ms: elapsedMs(start) };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
