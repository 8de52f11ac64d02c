import { describe, expect, it } from 'vitest';
import { historyAddress, historyApiPath, historyFiltersFromQuery } from './history-filters.js';

describe('history filters and the address', () => {
  it('reads the filters from the address, leaving out a severity there is not', () => {
    const filters = historyFiltersFromQuery(
      new URLSearchParams('tab=history&severity=loud&service=api&rule=cpu&from=2026-01-01T10:00'),
    );
    expect(filters).toEqual({ severity: '', service: 'api', rule: 'cpu', from: '2026-01-01T10:00', to: '' });
  });

  it('writes them back, leaving empty ones out, and reads the same filters again', () => {
    const filters = {
      severity: 'critical' as const,
      service: ' api ',
      rule: '',
      from: '',
      to: '2026-01-02T08:00',
    };
    const address = historyAddress(filters);
    expect(address).toBe('/alerts?tab=history&severity=critical&service=api&to=2026-01-02T08%3A00');
    const again = historyFiltersFromQuery(new URLSearchParams(address.split('?')[1]));
    expect(again).toEqual({ ...filters, service: 'api' });
  });
});

describe('historyApiPath', () => {
  const none = { severity: '' as const, service: '', rule: '', from: '', to: '' };

  it('asks for every state, newest first, a page at a time', () => {
    expect(historyApiPath(none)).toBe('/api/alerts?state=all&limit=50');
  });

  it('passes the filters, times as ISO instants, and the cursor', () => {
    const path = historyApiPath(
      { severity: 'warning', service: 'db', rule: 'db-down', from: '2026-01-02T09:05', to: 'junk' },
      '1767000000000:0b6f2a34-0000-4000-8000-000000000000',
    );
    const query = new URLSearchParams(path.split('?')[1]);
    expect(query.get('severity')).toBe('warning');
    expect(query.get('service')).toBe('db');
    expect(query.get('rule')).toBe('db-down');
    expect(query.get('from')).toBe(new Date(2026, 0, 2, 9, 5).toISOString());
    expect(query.has('to')).toBe(false);
    expect(query.get('cursor')).toBe('1767000000000:0b6f2a34-0000-4000-8000-000000000000');
  });
});
