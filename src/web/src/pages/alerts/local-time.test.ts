import { describe, expect, it } from 'vitest';
import { localInputToIso, toLocalInput } from './local-time.js';

describe('local times', () => {
  it('reads a datetime-local value as local time and writes one back', () => {
    const ms = new Date(2026, 0, 2, 9, 5).getTime();
    expect(toLocalInput(ms)).toBe('2026-01-02T09:05');
    expect(localInputToIso('2026-01-02T09:05')).toBe(new Date(ms).toISOString());
    expect(localInputToIso(' 2026-01-02T09:05:30 ')).toBe(new Date(ms + 30_000).toISOString());
  });

  it('refuses what is not a local time', () => {
    expect(localInputToIso('tomorrow')).toBeUndefined();
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('2026-13-45T99:99')).toBeUndefined();
  });
});
