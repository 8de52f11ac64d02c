/**
 * Durations as people write them in rules, runbooks and configuration, Prometheus-style: `30s`, `5m`, `1h30m`, `2d`, `1w`,
 * `250ms`, or `0s`. Units must appear largest first, each once.
 */
const UNITS: ReadonlyArray<[string, number]> = [
  ['w', 7 * 24 * 3_600_000],
  ['d', 24 * 3_600_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Longest duration accepted anywhere (a year): keeps timers and windows within sane bounds. */
export const MAX_DURATION_MS = 365 * 24 * 3_600_000;

/** Milliseconds of `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 40) return undefined;
  const match = DURATION.exec(text);
  if (!match) return undefined;
  let total = 0;
  let any = false;
  for (let i = 0; i < UNITS.length; i++) {
    const part = match[i + 1];
    if (part === undefined) continue;
    any = true;
    total += Number(part) * UNITS[i]![1];
  }
  return any && total <= MAX_DURATION_MS ? total : undefined;
}

/** `90000` → `1m30s`; `0` → `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let text = '';
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}

/** The message every parser uses for a wrong duration, so all fields read alike. */
export const DURATION_EXPECTED = 'must be a duration such as 30s, 5m, 1h30m or 2d (at most 1 year)';
