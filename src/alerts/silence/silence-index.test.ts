import { describe, expect, it } from 'vitest';
import { SilenceIndex } from './silence-index.js';

const at = (iso: string) => Date.parse(iso);
const silence = (
  id: string,
  matchers: string[],
  startsAt = '2026-11-22T10:00:00Z',
  endsAt = '2026-11-22T12:00:00Z',
) => ({
  id,
  matchers,
  startsAt,
  endsAt,
});

describe('SilenceIndex', () => {
  const index = new SilenceIndex();
  index.set([
    silence('s-api', ['service="api"']),
    silence('s-high', ['alertname=~"high-.*"']),
    silence('s-team', ['team=~"ops|db"', 'env!="dev"']),
    silence('s-later', ['service="api"'], '2026-11-22T13:00:00Z', '2026-11-22T14:00:00Z'),
    silence('s-old', ['service="api"'], '2026-11-21T10:00:00Z', '2026-11-21T12:00:00Z'),
  ]);
  const noon = at('2026-11-22T11:00:00Z');

  it('lists the silences in force that match, sorted', () => {
    expect(index.silencedBy({ service: 'api', alertname: 'high-cpu' }, noon)).toEqual(['s-api', 's-high']);
    expect(index.silencedBy({ service: 'web', alertname: 'high-cpu' }, noon)).toEqual(['s-high']);
    expect(index.silencedBy({ service: 'web', alertname: 'low-disk' }, noon)).toEqual([]);
  });

  it('matches every matcher of a silence, regular expressions whole', () => {
    expect(index.silencedBy({ team: 'db' }, noon)).toEqual(['s-team']);
    expect(index.silencedBy({ team: 'db', env: 'dev' }, noon)).toEqual([]);
    expect(index.silencedBy({ team: 'dba' }, noon)).toEqual([]);
    expect(index.silencedBy({ alertname: 'very-high-cpu' }, noon)).toEqual([]);
  });

  it('applies a silence from startsAt until just before endsAt', () => {
    const labels = { service: 'api' };
    expect(index.silencedBy(labels, at('2026-11-22T09:59:59.999Z'))).toEqual([]);
    expect(index.silencedBy(labels, at('2026-11-22T10:00:00Z'))).toEqual(['s-api']);
    expect(index.silencedBy(labels, at('2026-11-22T12:00:00Z'))).toEqual([]);
    expect(index.silencedBy(labels, at('2026-11-22T13:30:00Z'))).toEqual(['s-later']);
    // Asking about an earlier time again (a replay) gives that time's answer.
    expect(index.silencedBy(labels, at('2026-11-21T11:00:00Z'))).toEqual(['s-old']);
  });

  it('tells when the next silence starts or ends', () => {
    expect(index.nextChangeAt(at('2026-11-22T09:00:00Z'))).toBe(at('2026-11-22T10:00:00Z'));
    expect(index.nextChangeAt(at('2026-11-22T10:00:00Z'))).toBe(at('2026-11-22T12:00:00Z'));
    expect(index.nextChangeAt(at('2026-11-22T12:30:00Z'))).toBe(at('2026-11-22T13:00:00Z'));
    expect(index.nextChangeAt(at('2026-11-22T14:00:00Z'))).toBeUndefined();
  });

  it('replaces the silences on set, leaving out one that cannot be read', () => {
    const other = new SilenceIndex();
    other.set([silence('a', ['service="api"'])]);
    other.set([silence('b', ['service="api"']), silence('broken', ['team=~"(ops"'])]);
    expect(other.silencedBy({ service: 'api', team: 'ops' }, noon)).toEqual(['b']);
    expect(other.invalidIds()).toEqual(['broken']);
  });

  it('answers 10k alerts against 1k silences', () => {
    const many = new SilenceIndex();
    many.set(
      Array.from({ length: 1000 }, (_, i) =>
        i % 10 === 0
          ? silence(`r${i}`, [`alertname=~"rule-${i}-.*"`])
          : silence(`s${i}`, [`service="svc-${i}"`, 'severity!="critical"']),
      ),
    );
    const alerts = Array.from({ length: 10_000 }, (_, i) => ({
      service: `svc-${i % 2000}`,
      alertname: `rule-${i % 1000}-x`,
      severity: 'warning',
      instance: `host-${i}`,
    }));
    many.silencedBy(alerts[0]!, noon);
    let muted = 0;
    for (const labels of alerts) if (many.silencedBy(labels, noon).length > 0) muted++;
    // svc-1..999 not a multiple of 10 (5 alerts each), and rule-<multiple of 10> (10 alerts each).
    expect(muted).toBe(900 * 5 + 100 * 10);
  });
});
