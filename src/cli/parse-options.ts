import { readFileSync } from 'node:fs';
import type { ExpectedVersion } from '../events/index.js';
import { UsageError } from './exit-codes.js';

/** Parses a non-negative integer flag value, naming the flag when it is not one. */
export function parseCount(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new UsageError(`${flag} must be a whole number ≥ 0, got "${value}"`);
  }
  return n;
}

/** Parses an ISO-8601 time (or a relative one like `-15m`, `-2h`, `-7d`). */
export function parseTime(flag: string, value: string, now = Date.now()): Date {
  const relative = /^-(\d+)(s|m|h|d)$/.exec(value);
  if (relative) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(relative[1]) * unit);
  }
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `${flag} must be an ISO-8601 time (2026-11-22T10:00:00Z) or relative (-15m, -2h, -7d), got "${value}"`,
    );
  }
  return date;
}

/** Parses JSON given on the command line, naming the flag when it is not valid JSON. */
export function parseJson(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads JSON from a file, or from standard input when `file` is `-`. */
export function readJsonFile(flag: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${flag}: cannot read ${file === '-' ? 'standard input' : file}: ${(error as Error).message}`,
    );
  }
  return parseJson(flag, text);
}

/** Parses --expected-version: any, no-stream, exists, or a version number. */
export function parseExpectedVersion(value: string): ExpectedVersion {
  if (value === 'any' || value === 'no-stream' || value === 'exists') return value;
  if (/^\d+$/.test(value)) return Number(value);
  throw new UsageError(`--expected-version must be any, no-stream, exists or a number, got "${value}"`);
}

/** Collects a repeatable flag into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses repeatable `key=value` flags into a map, naming the flag when one has no key or repeats a key. */
export function parseLabels(flag: string, values: readonly string[] = []): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0) throw new UsageError(`${flag} must look like key=value, got "${value}"`);
    const key = value.slice(0, equals);
    if (Object.hasOwn(labels, key)) throw new UsageError(`${flag} ${key} is given twice`);
    labels[key] = value.slice(equals + 1);
  }
  return labels;
}
