import { describe, expect, it } from 'vitest';
import {
  cursorToReadOn,
  EMPTY_LOG,
  incidentIdOf,
  type LogEvent,
  matchesFilters,
  withPage,
} from './event-log.js';
import { NO_FILTERS } from './events-query.js';

const event = (position: number, overrides: Partial<LogEvent> = {}): LogEvent => ({
  position,
  streamId: `monitor-${position}`,
  id: `e${position}`,
  type: 'monitor.check_completed',
  time: `2026-11-22T10:00:${String(position).padStart(2, '0')}.000Z`,
  data: {},
  metadata: {},
  ...overrides,
});

describe('reading the log page by page', () => {
  it('appends pages in log order without showing an event twice', () => {
    const first = withPage(EMPTY_LOG, { events: [event(1), event(2)], next: '2' });
    expect(cursorToReadOn(first, '')).toBe('2');
    const second = withPage(first, { events: [event(2), event(3)], next: null });
    expect(second.events.map((e) => e.position)).toEqual([1, 2, 3]);
    expect(second.next).toBeNull();
    // At the end of the log so far: on from the last event shown.
    expect(cursorToReadOn(second, '')).toBe('3');
    expect(withPage(second, { events: [event(3)], next: null })).toEqual(second);
  });

  it('reads from the filters’ start while nothing is shown', () => {
    expect(cursorToReadOn(EMPTY_LOG, '40')).toBe('40');
    expect(cursorToReadOn(EMPTY_LOG, '')).toBeUndefined();
  });
});

describe('matchesFilters', () => {
  it('keeps the live events the server would have given', () => {
    const e = event(5, {
      type: 'healing.alert_diagnosed',
      streamId: 'remediation-x',
      metadata: { correlationId: 'x' },
    });
    expect(matchesFilters(e, NO_FILTERS)).toBe(true);
    expect(matchesFilters(e, { ...NO_FILTERS, types: ['monitor.', 'healing.'] })).toBe(true);
    expect(matchesFilters(e, { ...NO_FILTERS, types: ['monitor.'] })).toBe(false);
    expect(matchesFilters(e, { ...NO_FILTERS, streams: ['remediation-'] })).toBe(true);
    expect(matchesFilters(e, { ...NO_FILTERS, streams: ['alert-'] })).toBe(false);
    expect(matchesFilters(e, { ...NO_FILTERS, correlationId: 'x' })).toBe(true);
    expect(matchesFilters(e, { ...NO_FILTERS, correlationId: 'y' })).toBe(false);
    expect(matchesFilters(e, { ...NO_FILTERS, since: '2026-11-22T10:00:05.000Z' })).toBe(true);
    expect(matchesFilters(e, { ...NO_FILTERS, until: '2026-11-22T10:00:05.000Z' })).toBe(false);
  });
});

describe('incidentIdOf', () => {
  it('names the incident of alerting and healing events only', () => {
    const id = 'd52d982c-3c15-88e8-a38e-85c34aa755b1';
    expect(incidentIdOf({ type: 'healing.remediation_healed', metadata: { correlationId: id } })).toBe(id);
    expect(incidentIdOf({ type: 'alerts.alert_fired', metadata: { correlationId: id } })).toBe(id);
    expect(incidentIdOf({ type: 'resources.created', metadata: { correlationId: id } })).toBeUndefined();
    expect(
      incidentIdOf({ type: 'healing.change_recorded', metadata: { correlationId: 'req-1' } }),
    ).toBeUndefined();
  });
});
