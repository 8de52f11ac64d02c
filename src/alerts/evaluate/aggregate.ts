import type { SeriesSelection } from '../definition/rule-compile.js';
import { MAX_SAMPLES_PER_SERIES, type SampleBuffer } from './sample-buffer.js';

const scratch = new Float64Array(MAX_SAMPLES_PER_SERIES);

/**
 * The value of `selection`'s aggregate over the samples with time in (t - window, t], or
 * undefined when there is none to compute (empty window; rate needs two samples). `last` is
 * the newest sample at or before t, whatever the window; `count` of an empty window is 0.
 */
export function aggregateAt(buffer: SampleBuffer, selection: SeriesSelection, t: number): number | undefined {
  if (selection.aggregate === 'last') {
    if (t >= buffer.lastTime) return buffer.size === 0 ? undefined : buffer.lastValue;
    const at = buffer.lastIndexAtOrBefore(t);
    return at < 0 ? undefined : buffer.valueAt(at);
  }
  const end = buffer.lastIndexAtOrBefore(t);
  const start = buffer.firstIndexAfter(t - selection.windowMs);
  const n = end - start + 1;
  if (n <= 0) return selection.aggregate === 'count' ? 0 : undefined;
  switch (selection.aggregate) {
    case 'count':
      return n;
    case 'sum':
      return sum(buffer, start, end);
    case 'avg':
      return sum(buffer, start, end) / n;
    case 'max': {
      let max = buffer.valueAt(start);
      for (let i = start + 1; i <= end; i++) max = Math.max(max, buffer.valueAt(i));
      return max;
    }
    case 'min': {
      let min = buffer.valueAt(start);
      for (let i = start + 1; i <= end; i++) min = Math.min(min, buffer.valueAt(i));
      return min;
    }
    case 'rate':
      return rate(buffer, start, end);
    case 'percentile':
      return percentile(buffer, start, end, selection.percentile ?? 100);
  }
}

function sum(buffer: SampleBuffer, start: number, end: number): number {
  let total = 0;
  for (let i = start; i <= end; i++) total += buffer.valueAt(i);
  return total;
}

/** Per-second increase from the first to the last sample; a drop is a counter reset (counted from 0). */
function rate(buffer: SampleBuffer, start: number, end: number): number | undefined {
  if (end <= start) return undefined;
  let increase = 0;
  let previous = buffer.valueAt(start);
  for (let i = start + 1; i <= end; i++) {
    const value = buffer.valueAt(i);
    increase += value >= previous ? value - previous : value;
    previous = value;
  }
  return increase / ((buffer.timeAt(end) - buffer.timeAt(start)) / 1000);
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
function percentile(buffer: SampleBuffer, start: number, end: number, p: number): number {
  const n = end - start + 1;
  for (let i = 0; i < n; i++) scratch[i] = buffer.valueAt(start + i);
  const values = scratch.subarray(0, n).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return values[rank - 1]!;
}
