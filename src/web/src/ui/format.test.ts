import { describe, expect, it } from 'vitest';
import { formatAgo, formatDuration } from './format.js';

describe('formatDuration', () => {
  it('says a duration in the unit people use for it', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_500)).toBe('13 s');
    expect(formatDuration(2_500)).toBe('2.5 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatAgo', () => {
  it('says how long ago, from seconds to days', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(formatAgo('2026-01-01T23:59:55Z', now)).toBe('just now');
    expect(formatAgo('2026-01-01T23:59:30Z', now)).toBe('30 s ago');
    expect(formatAgo('2026-01-01T23:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-01-01T21:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2025-12-30T00:00:00Z', now)).toBe('3 d ago');
    expect(formatAgo('not a time', now)).toBe('—');
  });
});
