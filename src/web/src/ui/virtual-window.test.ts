import { describe, expect, it } from 'vitest';
import { nearEnd, visibleWindow } from './virtual-window.js';

const base = { rowHeight: 40, viewportHeight: 400, overscan: 5 };

describe('visibleWindow', () => {
  it('renders the rows in view plus the overscan, and spacers for the rest', () => {
    expect(visibleWindow({ ...base, scrollTop: 0, count: 10_000 })).toEqual({
      start: 0,
      end: 15,
      before: 0,
      after: (10_000 - 15) * 40,
    });
    // Scrolled to row 100.5: rows 100..110 are visible.
    expect(visibleWindow({ ...base, scrollTop: 4020, count: 10_000 })).toEqual({
      start: 95,
      end: 116,
      before: 95 * 40,
      after: (10_000 - 116) * 40,
    });
  });

  it('keeps the total height of rows and spacers equal to the whole list', () => {
    for (const scrollTop of [0, 1, 39, 40, 12_345, 399_600, 10_000_000]) {
      const window = visibleWindow({ ...base, scrollTop, count: 10_000 });
      expect(window.before + (window.end - window.start) * 40 + window.after).toBe(400_000);
      expect(window.start).toBeGreaterThanOrEqual(0);
      expect(window.end).toBeLessThanOrEqual(10_000);
    }
  });

  it('shows the last rows when scrolled past the end (a list that shrank)', () => {
    const window = visibleWindow({ ...base, scrollTop: 1_000_000, count: 50 });
    expect(window.end).toBe(50);
    expect(window.start).toBeLessThan(50);
  });

  it('never renders more than maxRows rows, keeping those in view', () => {
    const tall = visibleWindow({ ...base, viewportHeight: 20_000, scrollTop: 40_000, count: 10_000 });
    expect(tall.end - tall.start).toBe(100);
    expect(tall.start).toBe(1000);
    const capped = visibleWindow({ ...base, scrollTop: 4000, count: 10_000, maxRows: 12 });
    expect(capped).toMatchObject({ start: 100, end: 112 });
  });

  it('renders nothing for an empty list or a bad row height', () => {
    expect(visibleWindow({ ...base, scrollTop: 0, count: 0 })).toEqual({
      start: 0,
      end: 0,
      before: 0,
      after: 0,
    });
    expect(visibleWindow({ ...base, rowHeight: 0, scrollTop: 0, count: 5 }).end).toBe(0);
  });
});

describe('nearEnd', () => {
  it('says when the rendered rows come close to the last loaded row', () => {
    expect(nearEnd({ start: 0, end: 15, before: 0, after: 0 }, 200, 50)).toBe(false);
    expect(nearEnd({ start: 140, end: 160, before: 0, after: 0 }, 200, 50)).toBe(true);
    expect(nearEnd({ start: 0, end: 3, before: 0, after: 0 }, 3, 0)).toBe(true);
  });
});
