/** One line of a benchmark's machine-readable output (see DESIGN.md, "Benchmarks"). */
export interface BenchResult {
  metric: string;
  unit: string;
  better: 'higher' | 'lower';
  /** Vigia's median; null when Vigia's side could not run. */
  vigia: number | null;
  anchor: string;
  /** The anchor's median; null when the anchor could not run. */
  anchor_value: number | null;
  /** Above 1 means Vigia wins, whichever way is better; null when either side is missing. */
  ratio: number | null;
  /** Goal for Vigia's value, copied from the issue. */
  target?: number;
  /** Goal for the ratio, copied from the issue. */
  target_ratio?: number;
}

export interface Comparison {
  metric: string;
  unit: string;
  better: 'higher' | 'lower';
  vigia: number | null;
  anchor: string;
  anchorValue: number | null;
  target?: number;
  targetRatio?: number;
}

/** Builds a result, computing the ratio so that above 1 always means Vigia wins. */
export function compare(comparison: Comparison): BenchResult {
  const { vigia, anchorValue, better } = comparison;
  let ratio: number | null = null;
  if (vigia !== null && anchorValue !== null && Number.isFinite(vigia) && Number.isFinite(anchorValue)) {
    const raw = better === 'higher' ? vigia / anchorValue : anchorValue / vigia;
    ratio = Number.isFinite(raw) ? round(raw, 2) : null;
  }
  const result: BenchResult = {
    metric: comparison.metric,
    unit: comparison.unit,
    better,
    vigia: vigia === null ? null : roundValue(vigia),
    anchor: comparison.anchor,
    anchor_value: anchorValue === null ? null : roundValue(anchorValue),
    ratio,
  };
  if (comparison.target !== undefined) result.target = comparison.target;
  if (comparison.targetRatio !== undefined) result.target_ratio = comparison.targetRatio;
  return result;
}

/**
 * Whether the result meets the targets it carries (a value target reads "≥ target" when higher
 * is better, "< target" when lower is); null when it carries none or the anchor is missing.
 */
export function meetsTargets(result: BenchResult): boolean | null {
  if (result.target === undefined && result.target_ratio === undefined) return null;
  if (result.vigia === null) return false;
  if (result.target !== undefined) {
    const ok = result.better === 'higher' ? result.vigia >= result.target : result.vigia < result.target;
    if (!ok) return false;
  }
  if (result.target_ratio !== undefined) {
    if (result.ratio === null) return null;
    if (result.ratio < result.target_ratio) return false;
  }
  return true;
}

/** Whole numbers for big values, three significant digits for small ones. */
function roundValue(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
