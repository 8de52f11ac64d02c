/** Starts timing now; the returned function gives the elapsed wall time in ms (two decimals). */
export function startStopwatch(): () => number {
  const start = performance.now();
  return () => Math.round((performance.now() - start) * 100) / 100;
}
