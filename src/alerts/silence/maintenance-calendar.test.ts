import { describe, expect, it } from 'vitest';
import { MaintenanceCalendar, upcomingOccurrences } from './maintenance-calendar.js';
import type { MaintenanceWindowDocument } from './maintenance-window.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const db = { service: 'db', severity: 'warning' };

function window(
  id: string,
  doc: Partial<MaintenanceWindowDocument>,
): { id: string } & MaintenanceWindowDocument {
  return {
    id,
    name: id,
    matchers: ['service="db"'],
    schedule: '0 2 * * 0',
    duration: '2h',
    timezone: 'UTC',
    ...doc,
  };
}

function calendarOf(...windows: Array<{ id: string } & MaintenanceWindowDocument>): MaintenanceCalendar {
  const calendar = new MaintenanceCalendar();
  calendar.set(windows);
  return calendar;
}

describe('MaintenanceCalendar', () => {
  it('mutes matching alerts from each occurrence for its duration', () => {
    const calendar = calendarOf(window('w', {}));
    expect(calendar.activeFor(db, at('2026-11-22T01:59:59Z'))).toEqual([]);
    expect(calendar.activeFor(db, at('2026-11-22T02:00:00Z'))).toEqual(['w']);
    expect(calendar.activeFor(db, at('2026-11-22T03:59:59Z'))).toEqual(['w']);
    expect(calendar.activeFor(db, at('2026-11-22T04:00:00Z'))).toEqual([]);
    expect(calendar.activeFor({ service: 'api' }, at('2026-11-22T03:00:00Z'))).toEqual([]);
    // A week later it comes back.
    expect(calendar.activeFor(db, at('2026-11-29T02:30:00Z'))).toEqual(['w']);
  });

  it('tells when the next window opens or closes', () => {
    const calendar = calendarOf(
      window('w', {}),
      window('daily', { schedule: '0 23 * * *', duration: '30m' }),
    );
    expect(iso(calendar.nextChangeAt(at('2026-11-21T12:00:00Z')))).toBe('2026-11-21T23:00:00.000Z');
    expect(iso(calendar.nextChangeAt(at('2026-11-21T23:00:00Z')))).toBe('2026-11-21T23:30:00.000Z');
    expect(iso(calendar.nextChangeAt(at('2026-11-21T23:30:00Z')))).toBe('2026-11-22T02:00:00.000Z');
    expect(iso(calendar.nextChangeAt(at('2026-11-22T02:00:00Z')))).toBe('2026-11-22T04:00:00.000Z');
  });

  it('follows local time in Europe/Lisbon across the spring change', () => {
    const calendar = calendarOf(window('w', { timezone: 'Europe/Lisbon' }));
    // Winter (UTC+0): 02:00-04:00 local is 02:00-04:00Z.
    expect(calendar.activeFor(db, at('2026-03-22T02:30:00Z'))).toEqual(['w']);
    // 2026-03-29 is the first day of summer time (UTC+1): 02:00 local is 01:00Z.
    expect(calendar.activeFor(db, at('2026-03-29T00:59:00Z'))).toEqual([]);
    expect(calendar.activeFor(db, at('2026-03-29T01:00:00Z'))).toEqual(['w']);
    expect(calendar.activeFor(db, at('2026-03-29T02:59:00Z'))).toEqual(['w']);
    expect(calendar.activeFor(db, at('2026-03-29T03:00:00Z'))).toEqual([]);
    expect(
      calendar.upcoming('w', at('2026-03-20T00:00:00Z'), 3).map((o) => [iso(o.start), iso(o.end)]),
    ).toEqual([
      ['2026-03-22T02:00:00.000Z', '2026-03-22T04:00:00.000Z'],
      ['2026-03-29T01:00:00.000Z', '2026-03-29T03:00:00.000Z'],
      ['2026-04-05T01:00:00.000Z', '2026-04-05T03:00:00.000Z'],
    ]);
  });

  it('lasts its duration in real time across the autumn change, and a repeated time opens once', () => {
    // 01:30 happens twice on 2026-10-25 in Lisbon (00:30Z in summer time, 01:30Z in winter time).
    const calendar = calendarOf(
      window('w', { timezone: 'Europe/Lisbon', schedule: '30 1 * * *', duration: '1h' }),
    );
    expect(calendar.activeFor(db, at('2026-10-25T00:30:00Z'))).toEqual(['w']);
    expect(calendar.activeFor(db, at('2026-10-25T01:29:59Z'))).toEqual(['w']);
    expect(calendar.activeFor(db, at('2026-10-25T01:30:00Z'))).toEqual([]);
    expect(calendar.activeFor(db, at('2026-10-25T02:00:00Z'))).toEqual([]);
    expect(calendar.activeFor(db, at('2026-10-26T01:45:00Z'))).toEqual(['w']);
  });

  it('counts only occurrences starting in [validFrom, validUntil), each for its whole duration', () => {
    const calendar = calendarOf(
      window('w', {
        schedule: '0 23 * * *',
        validFrom: '2026-11-20T23:30:00Z',
        validUntil: '2026-11-22T23:00:00Z',
      }),
    );
    expect(calendar.activeFor(db, at('2026-11-20T23:45:00Z'))).toEqual([]);
    expect(calendar.activeFor(db, at('2026-11-21T23:15:00Z'))).toEqual(['w']);
    // Started on the 21st before validUntil: runs to its end even past it.
    expect(calendar.activeFor(db, at('2026-11-22T00:30:00Z'))).toEqual(['w']);
    expect(calendar.activeFor(db, at('2026-11-22T23:15:00Z'))).toEqual([]);
    expect(calendar.upcoming('w', at('2026-11-01T00:00:00Z'), 10).map((o) => iso(o.start))).toEqual([
      '2026-11-21T23:00:00.000Z',
    ]);
    expect(calendar.nextChangeAt(at('2026-11-22T02:00:00Z'))).toBeUndefined();
  });

  it('treats overlapping occurrences as one stretch', () => {
    const calendar = calendarOf(window('w', { schedule: '0 * * * *', duration: '90m' }));
    expect(calendar.activeFor(db, at('2026-11-22T10:59:59Z'))).toEqual(['w']);
    expect(calendar.activeFor(db, at('2026-11-22T11:00:00Z'))).toEqual(['w']);
    const next = calendar.nextChangeAt(at('2026-11-22T11:00:00Z'));
    expect(next === undefined || next > at('2026-11-22T12:00:00Z')).toBe(true);
  });

  it('lists upcoming occurrences, the one in progress first', () => {
    const calendar = calendarOf(window('w', {}));
    expect(calendar.upcoming('w', at('2026-11-22T03:00:00Z'), 2).map((o) => iso(o.start))).toEqual([
      '2026-11-22T02:00:00.000Z',
      '2026-11-29T02:00:00.000Z',
    ]);
    expect(calendar.upcoming('unknown', at('2026-11-22T03:00:00Z'), 2)).toEqual([]);
    expect(upcomingOccurrences(window('w', {}), at('2026-11-22T04:00:00Z'), 1)).toEqual([
      { start: at('2026-11-29T02:00:00Z'), end: at('2026-11-29T04:00:00Z') },
    ]);
  });

  it('lists the active windows sorted by id, leaving out windows it cannot read', () => {
    const calendar = calendarOf(
      window('b', {}),
      window('a', { matchers: ['severity="warning"'] }),
      window('broken', { schedule: 'every sunday' }),
    );
    expect(calendar.activeFor(db, at('2026-11-22T02:30:00Z'))).toEqual(['a', 'b']);
    expect(calendar.invalidIds()).toEqual(['broken']);
  });

  it('answers 10k alerts at one time against 50 windows', () => {
    const calendar = calendarOf(
      ...Array.from({ length: 50 }, (_, i) =>
        window(`w${i}`, {
          matchers: [`service="svc-${i}"`],
          schedule: `${i} 2 * * 0`,
          timezone: 'Europe/Lisbon',
        }),
      ),
    );
    const now = at('2026-11-22T02:30:00Z');
    let muted = 0;
    for (let i = 0; i < 10_000; i++)
      if (calendar.activeFor({ service: `svc-${i % 100}` }, now).length > 0) muted++;
    expect(muted).toBe(31 * 100); // windows starting at 02:00..02:30 are open at 02:30
  });
});
