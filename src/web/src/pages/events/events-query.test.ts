import { describe, expect, it } from 'vitest';
import {
  chainPath,
  eventAtPath,
  eventsPath,
  filtersFromQuery,
  logPageApiPath,
  NO_FILTERS,
  splitPrefixes,
  withLastMinutes,
} from './events-query.js';

const query = (path: string) => new URL(path, 'http://vigia.test').searchParams;

describe('explorer filters in the address', () => {
  it('round-trip through the address query', () => {
    const filters = {
      types: ['monitor.', 'alerts.'],
      streams: ['monitor-results-'],
      since: '2026-11-22T10:00:00.000Z',
      until: '2026-11-22T11:00:00.000Z',
      correlationId: 'd52d982c-3c15-88e8-a38e-85c34aa755b1',
      after: '120',
      open: '01a2030a-b784-76e0-8ae1-22ec334146b8',
    };
    const path = eventsPath(filters);
    expect(path.startsWith('/events?')).toBe(true);
    expect(filtersFromQuery(query(path))).toEqual(filters);
    expect(eventsPath(NO_FILTERS)).toBe('/events');
  });

  it('leave out what the API would refuse, and split prefixes typed with commas', () => {
    const filters = filtersFromQuery(
      query(
        '/events?type=monitor.,%20alerts.&type=monitor.&since=yesterday&until=2026-11-22T11:00Z&after=abc',
      ),
    );
    expect(filters.types).toEqual(['monitor.', 'alerts.']);
    expect(filters.since).toBe('');
    expect(filters.until).toBe('2026-11-22T11:00:00.000Z');
    expect(filters.after).toBe('');
    expect(filtersFromQuery(query('/events?after=42.108')).after).toBe('42.108');
    expect(splitPrefixes([' , a,,b ', 'a'])).toEqual(['a', 'b']);
  });

  it('link a chain and an event used as evidence', () => {
    expect(chainPath('abc')).toBe('/events?correlationId=abc');
    const at = filtersFromQuery(
      query(eventAtPath({ streamId: 'monitor-1', position: 148, eventId: 'e-148' })),
    );
    expect(at).toMatchObject({ streams: ['monitor-1'], after: '147', open: 'e-148' });
    expect(filtersFromQuery(query(eventAtPath({ streamId: 's', position: 0, eventId: 'e' }))).after).toBe(
      '0',
    );
  });
});

describe('logPageApiPath', () => {
  it('asks the API for one page with every filter, each prefix its own parameter', () => {
    const filters = {
      ...NO_FILTERS,
      types: ['monitor.', 'alerts.'],
      streams: ['alert-'],
      since: '2026-11-22T10:00:00.000Z',
      correlationId: 'chain 1',
      after: '7',
    };
    const asked = query(logPageApiPath(filters, 50));
    expect(asked.getAll('type')).toEqual(['monitor.', 'alerts.']);
    expect(asked.getAll('streamPrefix')).toEqual(['alert-']);
    expect(asked.get('since')).toBe(filters.since);
    expect(asked.get('until')).toBeNull();
    expect(asked.get('correlationId')).toBe('chain 1');
    expect(asked.get('limit')).toBe('50');
    expect(asked.get('after')).toBe('7');
    expect(query(logPageApiPath(filters, 50, '99')).get('after')).toBe('99');
    expect(logPageApiPath(NO_FILTERS, 10)).toBe('/api/events?limit=10');
  });
});

describe('withLastMinutes', () => {
  it('starts the range that long before now, open-ended, from its start', () => {
    const now = Date.parse('2026-11-22T12:00:00.000Z');
    const filters = { ...NO_FILTERS, types: ['monitor.'], until: '2026-11-22T11:00:00.000Z', after: '5' };
    expect(withLastMinutes(filters, 15, now)).toEqual({
      ...filters,
      since: '2026-11-22T11:45:00.000Z',
      until: '',
      after: '',
    });
  });
});
