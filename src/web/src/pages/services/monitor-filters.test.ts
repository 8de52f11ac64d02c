import { describe, expect, it } from 'vitest';
import {
  filtersFromQuery,
  filtersKey,
  MAX_FILTER_LENGTH,
  monitorStatusesPath,
  monitorsPageAddress,
} from './monitor-filters.js';

describe('monitor filters and the address query', () => {
  it('reads status, service and search text, ignoring an unknown status', () => {
    expect(filtersFromQuery(new URLSearchParams('status=down&service=db&q=api'))).toEqual({
      status: 'down',
      service: 'db',
      q: 'api',
    });
    expect(filtersFromQuery(new URLSearchParams('status=exploded&q='))).toEqual({});
  });

  it('cuts texts to what the API takes', () => {
    const long = 'x'.repeat(MAX_FILTER_LENGTH + 20);
    const filters = filtersFromQuery(new URLSearchParams({ q: long, service: long }));
    expect(filters.q).toHaveLength(MAX_FILTER_LENGTH);
    expect(filters.service).toHaveLength(MAX_FILTER_LENGTH);
  });

  it('writes the filters back into an address that reads as the same filters', () => {
    const filters = { status: 'degraded', service: 'a b', q: 'db&x' } as const;
    const address = monitorsPageAddress(filters);
    expect(address).toBe('/services?status=degraded&service=a+b&q=db%26x');
    expect(filtersFromQuery(new URL(address, 'http://x').searchParams)).toEqual(filters);
    expect(monitorsPageAddress({})).toBe('/services');
  });
});

describe('monitorStatusesPath', () => {
  it('asks the API for one page with the filters, the cursor and a trimmed search', () => {
    expect(monitorStatusesPath({ status: 'up', q: ' db ' }, 200)).toBe(
      '/api/status/monitors?status=up&q=db&limit=200',
    );
    expect(monitorStatusesPath({ service: 'web' }, 500, 'abc')).toBe(
      '/api/status/monitors?service=web&after=abc&limit=500',
    );
    expect(monitorStatusesPath({ q: '   ' }, 10, null)).toBe('/api/status/monitors?limit=10');
  });
});

describe('filtersKey', () => {
  it('changes with what is selected, not with spaces around the search', () => {
    expect(filtersKey({ q: 'db ' })).toBe(filtersKey({ q: 'db' }));
    expect(filtersKey({ q: 'db' })).not.toBe(filtersKey({ q: 'd' }));
    expect(filtersKey({ status: 'up' })).not.toBe(filtersKey({ service: 'up' }));
  });
});
