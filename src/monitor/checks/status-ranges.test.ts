import { describe, expect, it } from 'vitest';
import { effectiveStatusRanges, formatStatusRanges, isExpectedStatus } from './status-ranges.js';

describe('status ranges', () => {
  it('match inclusive ranges', () => {
    const ranges: Array<[number, number]> = [
      [200, 299],
      [304, 304],
    ];
    expect([200, 299, 304].every((code) => isExpectedStatus(code, ranges))).toBe(true);
    expect([199, 300, 503].some((code) => isExpectedStatus(code, ranges))).toBe(false);
  });

  it('read as a person writes them, defaulting to 200-299', () => {
    expect(
      formatStatusRanges([
        [200, 299],
        [304, 304],
      ]),
    ).toBe('200-299, 304');
    expect(effectiveStatusRanges([])).toEqual([[200, 299]]);
  });
});
