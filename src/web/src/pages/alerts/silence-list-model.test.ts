import { describe, expect, it } from 'vitest';
import type { SilenceView } from './alert-types.js';
import { arrangeSilences, silenceState } from './silence-list-model.js';

const now = Date.parse('2026-01-01T12:00:00Z');

function silence(id: string, startsAt: string, endsAt: string): SilenceView {
  return { id, matchers: ['service="a"'], startsAt, endsAt, comment: 'c', createdAt: startsAt };
}

describe('silenceState', () => {
  it('is pending before the start, active until just before the end, expired from the end', () => {
    const s = { startsAt: '2026-01-01T11:00:00Z', endsAt: '2026-01-01T12:00:00Z' };
    expect(silenceState(s, Date.parse('2026-01-01T10:59:59Z'))).toBe('pending');
    expect(silenceState(s, Date.parse('2026-01-01T11:00:00Z'))).toBe('active');
    expect(silenceState(s, Date.parse('2026-01-01T11:59:59Z'))).toBe('active');
    expect(silenceState(s, Date.parse('2026-01-01T12:00:00Z'))).toBe('expired');
  });
});

describe('arrangeSilences', () => {
  it('lists active ones ending soonest first, then pending ones, and keeps expired ones apart, latest first', () => {
    const { current, expired } = arrangeSilences(
      [
        silence('pending', '2026-01-01T13:00:00Z', '2026-01-01T14:00:00Z'),
        silence('active-late', '2026-01-01T10:00:00Z', '2026-01-02T00:00:00Z'),
        silence('old', '2026-01-01T08:00:00Z', '2026-01-01T09:00:00Z'),
        silence('active-soon', '2026-01-01T11:00:00Z', '2026-01-01T12:30:00Z'),
        silence('recent', '2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'),
      ],
      now,
    );
    expect(current.map((s) => [s.id, s.state])).toEqual([
      ['active-soon', 'active'],
      ['active-late', 'active'],
      ['pending', 'pending'],
    ]);
    expect(expired.map((s) => s.id)).toEqual(['recent', 'old']);
  });
});
