import { describe, expect, it } from 'vitest';
import { activeBySeverity, type ServiceStatus, tilesToShow } from './overview-model.js';

const s = (service: string, status: ServiceStatus['status']): ServiceStatus => ({
  service,
  status,
  monitors: 1,
});

describe('tilesToShow', () => {
  it('puts the services that need a look first, by name, without duplicates, at most max', () => {
    const tiles = tilesToShow(
      [
        [s('db', 'down')],
        [s('api', 'degraded')],
        [s('web', 'up'), s('api', 'degraded'), s('db', 'down'), s('auth', 'unknown'), s('cron', 'paused')],
      ],
      4,
    );
    expect(tiles.map((t) => t.service)).toEqual(['db', 'api', 'auth', 'web']);
  });
});

describe('activeBySeverity', () => {
  it('adds firing and pending per severity and leaves resolved and unknown severities out', () => {
    expect(
      activeBySeverity([
        { state: 'firing', severity: 'critical', count: 2 },
        { state: 'pending', severity: 'critical', count: 1 },
        { state: 'resolved', severity: 'warning', count: 9 },
        { state: 'firing', severity: 'bogus', count: 5 },
        { state: 'firing', severity: 'info', count: 1 },
      ]),
    ).toEqual({ critical: 3, error: 0, warning: 0, info: 1 });
  });
});
