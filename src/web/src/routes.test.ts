import { describe, expect, it } from 'vitest';
import { incidentPath, routeOf, servicePath } from './routes.js';

describe('routeOf', () => {
  it('names the page and its decoded parameters', () => {
    expect(routeOf('/')).toEqual({ page: 'overview', params: {} });
    expect(routeOf('/services')).toEqual({ page: 'services', params: {} });
    expect(routeOf('/services/db')).toEqual({ page: 'service', params: { name: 'db' } });
    expect(routeOf(servicePath('a b/c'))).toEqual({ page: 'service', params: { name: 'a b/c' } });
    expect(routeOf(incidentPath('al_1'))).toEqual({ page: 'incident', params: { alertId: 'al_1' } });
    expect(routeOf('/config/monitors')).toEqual({ page: 'config', params: { kind: 'monitors' } });
    expect(routeOf('/admin/')).toEqual({ page: 'admin', params: {} });
  });

  it('calls an unknown address or a broken escape not-found', () => {
    expect(routeOf('/nowhere').page).toBe('not-found');
    expect(routeOf('/services/db/extra').page).toBe('not-found');
    expect(routeOf('/services/%E0%A4%A').page).toBe('not-found');
  });
});
