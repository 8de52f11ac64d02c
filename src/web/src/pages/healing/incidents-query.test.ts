import { describe, expect, it } from 'vitest';
import {
  ALL_INCIDENTS,
  alertsApiPath,
  incidentFiltersFromQuery,
  incidentsPath,
  remediationsApiPath,
} from './incidents-query.js';

const query = (path: string) => new URL(path, 'http://vigia.test').searchParams;

describe('incident filters in the address', () => {
  it('round-trip, leaving empty ones out', () => {
    const filters = { status: 'awaiting_approval' as const, rule: 'demo-service-down', target: 'db' };
    expect(incidentsPath(filters)).toBe(
      '/incidents?status=awaiting_approval&rule=demo-service-down&target=db',
    );
    expect(incidentFiltersFromQuery(query(incidentsPath(filters)))).toEqual(filters);
    expect(incidentsPath(ALL_INCIDENTS)).toBe('/incidents');
  });

  it('ignore an unknown status and trim names', () => {
    expect(incidentFiltersFromQuery(query('/incidents?status=exploded&target=%20db%20'))).toEqual({
      status: '',
      rule: '',
      target: 'db',
    });
  });
});

describe('API paths', () => {
  it('ask for remediations and for the alert history with the same filters', () => {
    const filters = { status: 'healed' as const, rule: 'r', target: 'db' };
    expect(remediationsApiPath(filters, 50)).toBe(
      '/api/remediations?status=healed&rule=r&target=db&limit=50',
    );
    expect(remediationsApiPath(ALL_INCIDENTS, 200, '17:abc')).toBe(
      '/api/remediations?limit=200&cursor=17%3Aabc',
    );
    expect(alertsApiPath(filters, 50, null)).toBe('/api/alerts?state=all&rule=r&service=db&limit=50');
  });
});
