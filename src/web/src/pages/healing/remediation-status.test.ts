import { describe, expect, it } from 'vitest';
import {
  isRemediationPhase,
  STATUS_FILTERS,
  statusLabel,
  statusTone,
  timeLeft,
  timeToHeal,
} from './remediation-status.js';

describe('remediation status', () => {
  it('reads as people say it, with a tone per outcome', () => {
    expect(statusLabel('acting')).toBe('running');
    expect(statusLabel('awaiting_approval')).toBe('waiting for approval');
    expect(statusLabel('not_healed')).toBe('not healed');
    expect(statusLabel(null)).toBe('no remediation');
    expect([
      statusTone('healed'),
      statusTone('escalated'),
      statusTone('awaiting_approval'),
      statusTone(null),
    ]).toEqual(['good', 'bad', 'waiting', 'none']);
    expect(STATUS_FILTERS.every(isRemediationPhase)).toBe(true);
    expect(isRemediationPhase('exploded')).toBe(false);
    expect(isRemediationPhase(null)).toBe(false);
  });

  it('gives the time to heal of a healed remediation only', () => {
    expect(timeToHeal({ status: 'healed', healedInMs: 12_500 })).toBe('13 s');
    expect(timeToHeal({ status: 'escalated', healedInMs: null })).toBe('—');
    expect(timeToHeal(null)).toBe('—');
  });

  it('says how long an approval has left', () => {
    const now = Date.parse('2026-11-22T12:00:00.000Z');
    expect(timeLeft('2026-11-22T12:14:05.000Z', now)).toBe('14 min 5 s');
    expect(timeLeft('2026-11-22T11:59:00.000Z', now)).toBe('expired');
    expect(timeLeft('soon', now)).toBe('—');
  });
});
