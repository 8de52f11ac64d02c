import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { CronSchedule } from './cron-schedule.js';
import { instantOfWallTime, isTimeZone, zoneOffsetAt } from './zoned-time.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function schedule(expression: string, timezone = 'UTC'): CronSchedule {
  const parsed = CronSchedule.parse(expression, timezone);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.schedule;
}

function occurrences(s: CronSchedule, fromIso: string, count: number): string[] {
  const found: string[] = [];
  let t = at(fromIso);
  for (let i = 0; i < count; i++) {
    t = s.nextAfter(t)!;
    found.push(iso(t)!);
  }
  return found;
}

describe('CronSchedule', () => {
  it.each([
    '0 2 * * 0',
    '*/15 9-17 * JAN,jul *',
    '0 0 L * *',
    '0 0 * * 5L',
    '0 0 * * 1#2',
    '0 0 1,15 * 1',
    '30 4 29 2 *',
    '5 4 * * 7',
    '0 0 ? * MON-FRI',
    '0 0 13 * 5',
  ])('fires when cron-parser does in UTC: %s', (expression) => {
    const reference = CronExpressionParser.parse(expression, {
      tz: 'UTC',
      currentDate: at('2026-01-01T00:00:00Z'),
    });
    const s = schedule(expression);
    let t = at('2026-01-01T00:00:00Z');
    for (let i = 0; i < 150; i++) {
      const want = reference.next().getTime();
      expect(iso(s.nextAfter(t))).toBe(iso(want));
      t = want;
    }
  });

  it('is strictly after the time asked, to the millisecond', () => {
    const s = schedule('0 2 * * *');
    expect(iso(s.nextAfter(at('2026-01-01T02:00:00Z')))).toBe('2026-01-02T02:00:00.000Z');
    expect(iso(s.nextAfter(at('2026-01-01T01:59:59.999Z')))).toBe('2026-01-01T02:00:00.000Z');
  });

  it('keeps a Sunday 02:00 Lisbon schedule at 02:00 local across both DST changes', () => {
    const s = schedule('0 2 * * 0', 'Europe/Lisbon');
    expect(occurrences(s, '2026-03-20T00:00:00Z', 3)).toEqual([
      '2026-03-22T02:00:00.000Z', // WET, UTC+0
      '2026-03-29T01:00:00.000Z', // WEST, UTC+1, the first day of summer time
      '2026-04-05T01:00:00.000Z',
    ]);
    expect(occurrences(s, '2026-10-20T00:00:00Z', 2)).toEqual([
      '2026-10-25T02:00:00.000Z', // back to WET that morning
      '2026-11-01T02:00:00.000Z',
    ]);
  });

  it('moves a time skipped by the spring change forward, and fires a repeated time once', () => {
    const s = schedule('30 1 * * *', 'Europe/Lisbon');
    // 2026-03-29: 01:00 WET jumps to 02:00 WEST, so 01:30 happens as 02:30 WEST (01:30Z).
    expect(occurrences(s, '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    // 2026-10-25: 02:00 WEST goes back to 01:00 WET, so 01:30 happens twice; only the first counts.
    expect(occurrences(s, '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it.each([
    ['30 1 * * *', '2026-03-28T22:00:00Z', 2],
    ['30 1 * * *', '2026-10-24T22:00:00Z', 2],
    ['15 0-3 * * *', '2026-03-28T22:00:00Z', 6],
    ['15 0-3 * * *', '2026-10-24T22:00:00Z', 6],
    ['*/20 * * * *', '2026-10-24T22:00:00Z', 15],
  ])(
    'gives the same next occurrence wherever the search starts: %s near %s',
    (expression, fromIso, count) => {
      const s = schedule(expression, 'Europe/Lisbon');
      const list = occurrences(s, fromIso, count).map(at);
      for (let t = at(fromIso); t < list[list.length - 1]!; t += 60_000) {
        expect(iso(s.nextAfter(t)), `after ${iso(t)}`).toBe(iso(list.find((o) => o > t)));
      }
    },
  );

  it.each([
    ['0 2 * *', 'must have 5 fields'],
    ['0 0 2 * * 0', 'must have 5 fields'],
    ['61 * * * *', 'got value 61 expected range 0-59'],
    ['0 0 * * 8', 'expected range 0-7'],
    ['H 2 * * *', 'H (a random value)'],
    ['0 0 31 2 *', 'Invalid explicit day of month'],
    ['a b c d e', 'is not a cron schedule'],
  ])('refuses %s with the reason', (expression, reason) => {
    const parsed = CronSchedule.parse(expression, 'UTC');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(reason);
  });
});

describe('zoned time', () => {
  it('knows IANA zones and refuses others', () => {
    expect(isTimeZone('Europe/Lisbon')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('../etc/passwd')).toBe(false);
  });

  it('places wall-clock times around the Lisbon changes', () => {
    expect(zoneOffsetAt('Europe/Lisbon', at('2026-07-01T12:00:00Z'))).toBe(3_600_000);
    expect(zoneOffsetAt('Europe/Lisbon', at('2026-01-01T12:00:00Z'))).toBe(0);
    // 01:30 on 2026-03-29 does not exist: moved forward by the jump.
    expect(iso(instantOfWallTime('Europe/Lisbon', at('2026-03-29T01:30:00Z')))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 01:30 on 2026-10-25 happens twice: the first one (still WEST).
    expect(iso(instantOfWallTime('Europe/Lisbon', at('2026-10-25T01:30:00Z')))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });
});
