import { type BenchResult, meetsTargets } from './result.js';

/** Formats results as an aligned text table for people. */
export function formatTable(results: ReadonlyArray<BenchResult>): string {
  const header = [
    'metric',
    'unit',
    'better',
    'vigia',
    'anchor',
    'anchor value',
    'ratio',
    'target',
    'target ratio',
    'meets',
  ];
  const rows = results.map((r) => [
    r.metric,
    r.unit,
    r.better,
    formatNumber(r.vigia),
    r.anchor,
    formatNumber(r.anchor_value),
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target === undefined ? '' : `${r.better === 'higher' ? '≥' : '<'} ${formatNumber(r.target)}`,
    r.target_ratio === undefined ? '' : `≥ ${r.target_ratio.toFixed(1)}×`,
    describeMeets(meetsTargets(r)),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const numeric = new Set([3, 5, 6]);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The one-line JSON object that must be the last line of a benchmark's stdout. */
export function machineLine(bench: string, results: ReadonlyArray<BenchResult>): string {
  return JSON.stringify({ bench, results });
}

function formatNumber(value: number | null): string {
  if (value === null) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(value);
}

function describeMeets(meets: boolean | null): string {
  if (meets === null) return '';
  return meets ? 'yes' : 'NO';
}
