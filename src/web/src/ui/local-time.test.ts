import { describe, expect, it } from 'vitest';
import { isoToLocalInput, localInputToIso } from './local-time.js';

describe('datetime-local values', () => {
  it('round-trip with ISO instants in the reader’s zone', () => {
    for (const local of ['2026-11-22T10:30', '2026-01-02T00:00', '2026-07-15T23:59:30']) {
      expect(isoToLocalInput(localInputToIso(local))).toBe(local);
    }
    const iso = localInputToIso('2026-11-22T10:30');
    expect(Date.parse(iso)).toBe(new Date(2026, 10, 22, 10, 30).getTime());
  });

  it('give nothing for empty or malformed values', () => {
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('22/11/2026 10:30')).toBe('');
    expect(localInputToIso('2026-13-45T99:99')).toBe('');
    expect(isoToLocalInput('')).toBe('');
    expect(isoToLocalInput('not a time')).toBe('');
  });
});
