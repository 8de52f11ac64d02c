import { standardMetricRangeProblem } from './standard-metrics.js';

/** One observation of one series: what pushes and scrapes both turn into. */
export interface MetricSample {
  name: string;
  value: number;
  /** Label name → value; empty values are dropped on the way in (Prometheus treats them as absent). */
  labels: Record<string, string>;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** Limits on the identity of a series, shared by pushes and scrapes so both store the same shapes. */
export const SERIES_LIMITS = {
  maxNameLength: 200,
  maxLabels: 20,
  maxLabelValueLength: 200,
} as const;

/** Limits on one pushed body. */
export interface PushLimits {
  /** Above this the whole body is refused (`too_many_samples`), not cut. */
  maxSamples: number;
  /** Samples older than `now - maxAgeMs` are rejected: rollups for old minutes are already final. */
  maxAgeMs: number;
  /** Samples later than `now + maxFutureMs` are rejected; the slack absorbs clock skew between hosts. */
  maxFutureMs: number;
}

/** Default push limits: 5,000 samples, 1 hour back, 5 minutes ahead. */
export const DEFAULT_PUSH_LIMITS: Readonly<PushLimits> = {
  maxSamples: 5000,
  maxAgeMs: 60 * 60_000,
  maxFutureMs: 5 * 60_000,
};

/** Why a whole body was refused: `invalid_body` (answer 400) or `too_many_samples` (answer 413). */
export interface PushBodyError {
  code: 'invalid_body' | 'too_many_samples';
  message: string;
}

/**
 * The outcome of validating a pushed body. When `error` is set nothing was looked at and both lists are
 * empty; otherwise each sample is either accepted or rejected with a reason naming its field.
 */
export interface PushValidation {
  accepted: MetricSample[];
  rejected: Array<{ index: number; reason: string }>;
  error?: PushBodyError;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SAMPLE_FIELDS = new Set(['name', 'value', 'labels', 'timestamp']);
/** RFC 3339 with a mandatory zone: a date-time without one means a different instant on every host. */
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
/** Epoch milliseconds below this (early 1973) are almost surely seconds sent by mistake. */
const SECONDS_SUSPICION_LIMIT = 1e11;

/**
 * Validates the JSON push format `{"samples":[{"name","value","labels"?,"timestamp"?}]}`. Never throws on
 * the body (whatever JSON.parse can return); a body that is not that shape, or holds more than
 * `limits.maxSamples` samples, comes back with `error` set instead. Unknown fields are refused, in the body
 * and in samples, because a misspelt `lables` would otherwise drop data without a word.
 */
export function validatePushedSamples(
  body: unknown,
  now: number,
  limits: Partial<PushLimits> = {},
): PushValidation {
  const effective = resolveLimits(limits);
  const refuse = (code: PushBodyError['code'], message: string): PushValidation => ({
    accepted: [],
    rejected: [],
    error: { code, message },
  });
  if (!isPlainObject(body)) {
    return refuse('invalid_body', `body: expected {"samples": [...]}, got ${describe(body)}`);
  }
  for (const key of Object.keys(body)) {
    if (key !== 'samples') {
      return refuse('invalid_body', `${fieldPath('body', key)}: unknown field, expected only "samples"`);
    }
  }
  const samples = body.samples;
  if (!Array.isArray(samples)) {
    return refuse('invalid_body', `body.samples: expected an array of samples, got ${describe(samples)}`);
  }
  if (samples.length > effective.maxSamples) {
    return refuse(
      'too_many_samples',
      `body.samples: at most ${effective.maxSamples} samples per request, got ${samples.length}`,
    );
  }

  const result: PushValidation = { accepted: [], rejected: [] };
  for (let index = 0; index < samples.length; index++) {
    const checked = checkSample(samples[index], `samples[${index}]`, now, effective);
    if (typeof checked === 'string') result.rejected.push({ index, reason: checked });
    else result.accepted.push(checked);
  }
  return result;
}

/** Why `name` is not a valid metric name; undefined when it is. */
export function metricNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > SERIES_LIMITS.maxNameLength) {
    return `must be at most ${SERIES_LIMITS.maxNameLength} characters, got ${name.length}`;
  }
  if (!METRIC_NAME.test(name)) return `must match ${METRIC_NAME.source}, got ${describe(name)}`;
  return undefined;
}

/** Why `name` is not a valid label name; `__` names are reserved for Prometheus' internal labels. */
export function labelNameProblem(name: string): string | undefined {
  if (!LABEL_NAME.test(name)) return `label name must match ${LABEL_NAME.source}, got ${describe(name)}`;
  if (name.startsWith('__')) return `label name must not start with "__" (reserved), got ${describe(name)}`;
  return undefined;
}

/**
 * Why `value` cannot be a label value. Lone surrogates have no UTF-8 form and PostgreSQL cannot store
 * U+0000, so both are refused rather than changed. Length counts UTF-16 code units (String.length).
 */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > SERIES_LIMITS.maxLabelValueLength) {
    return `must be at most ${SERIES_LIMITS.maxLabelValueLength} characters, got ${value.length}`;
  }
  if (!value.isWellFormed()) return 'holds a lone surrogate, which is not valid Unicode';
  if (value.includes('\u0000')) return 'holds the character U+0000, which cannot be stored';
  return undefined;
}

/** Why a label set is too large; the per-label checks are `labelNameProblem` and `labelValueProblem`. */
export function labelCountProblem(count: number): string | undefined {
  return count > SERIES_LIMITS.maxLabels
    ? `at most ${SERIES_LIMITS.maxLabels} labels, got ${count}`
    : undefined;
}

/** A short, printable rendering of an unknown value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    // JSON.stringify escapes control characters and lone surrogates, so the message stays printable.
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function resolveLimits(limits: Partial<PushLimits>): PushLimits {
  const effective = { ...DEFAULT_PUSH_LIMITS, ...limits };
  for (const [key, value] of Object.entries(effective)) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`push limit ${key} must be ≥ 0, got ${value}`);
  }
  return effective;
}

/** The sample, or every problem found in it joined by "; " (each prefixed with its field path). */
function checkSample(raw: unknown, path: string, now: number, limits: PushLimits): MetricSample | string {
  if (!isPlainObject(raw)) return `${path}: expected a sample object, got ${describe(raw)}`;
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!SAMPLE_FIELDS.has(key)) {
      problems.push(`${fieldPath(path, key)}: unknown field, expected name, value, labels or timestamp`);
    }
  }

  const { name, value } = raw;
  let nameProblem: string | undefined;
  if (typeof name !== 'string') nameProblem = `must be a string, got ${describe(name)}`;
  else nameProblem = metricNameProblem(name);
  if (nameProblem) problems.push(`${path}.name: ${nameProblem}`);

  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(`${path}.value: must be a finite number, got ${describe(value)}`);
  } else if (typeof name === 'string') {
    const rangeProblem = standardMetricRangeProblem(name, value);
    if (rangeProblem) problems.push(`${path}.value: ${rangeProblem}`);
  }

  const labels = checkLabels(raw.labels, `${path}.labels`, problems);
  const timestamp = checkTimestamp(raw.timestamp, `${path}.timestamp`, now, limits, problems);

  if (problems.length > 0) return problems.join('; ');
  return { name: name as string, value: value as number, labels, timestamp };
}

function checkLabels(raw: unknown, path: string, problems: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  if (raw === undefined) return labels;
  if (!isPlainObject(raw)) {
    problems.push(`${path}: must be an object of string values, got ${describe(raw)}`);
    return labels;
  }
  const names = Object.keys(raw);
  const countProblem = labelCountProblem(names.length);
  if (countProblem) {
    problems.push(`${path}: ${countProblem}`);
    return labels;
  }
  for (const name of names) {
    const labelPath = fieldPath(path, name);
    const nameProblem = labelNameProblem(name);
    if (nameProblem) {
      problems.push(`${labelPath}: ${nameProblem}`);
      continue;
    }
    const value = raw[name];
    if (typeof value !== 'string') {
      problems.push(`${labelPath}: must be a string, got ${describe(value)}`);
      continue;
    }
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.push(`${labelPath}: ${valueProblem}`);
    else if (value !== '') labels[name] = value;
  }
  return labels;
}

function checkTimestamp(
  raw: unknown,
  path: string,
  now: number,
  limits: PushLimits,
  problems: string[],
): number {
  if (raw === undefined) return now;
  let timestamp: number | undefined;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) {
      problems.push(`${path}: epoch milliseconds must be a whole number, got ${describe(raw)}`);
      return now;
    }
    timestamp = raw;
  } else if (typeof raw === 'string') {
    timestamp = parseIsoTimestamp(raw);
    if (timestamp === undefined) {
      problems.push(
        `${path}: must be an ISO 8601 date-time with a zone (2026-11-22T10:00:00Z), got ${describe(raw)}`,
      );
      return now;
    }
  } else {
    problems.push(`${path}: must be an ISO 8601 string or epoch milliseconds, got ${describe(raw)}`);
    return now;
  }

  if (timestamp > now + limits.maxFutureMs) {
    problems.push(
      `${path}: ${describe(raw)} is more than ${formatDuration(limits.maxFutureMs)} in the future`,
    );
  } else if (timestamp < now - limits.maxAgeMs) {
    const hint =
      typeof raw === 'number' && Math.abs(raw) < SECONDS_SUSPICION_LIMIT
        ? ' (it looks like seconds; send milliseconds)'
        : '';
    problems.push(
      `${path}: ${describe(raw)} is older than the maximum age of ${formatDuration(limits.maxAgeMs)}${hint}`,
    );
  }
  return timestamp;
}

/** Epoch ms of an RFC 3339 date-time; undefined when malformed or impossible (Date.parse takes Feb 30). */
function parseIsoTimestamp(text: string): number | undefined {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zulu, sign, oh, om] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (!zulu) {
    const offsetHours = Number(oh);
    const offsetMins = Number(om);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime() - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function formatDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}${ms === size ? '' : 's'}`;
  }
  return `${ms} ms`;
}

/** `parent.key` for identifiers, `parent["…"]` (quoted, cut) for anything else a client might send. */
function fieldPath(parent: string, key: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/.test(key) ? `${parent}.${key}` : `${parent}[${describe(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
