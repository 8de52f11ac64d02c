import { describe, expect, it } from 'vitest';
import {
  checkHistoryRows,
  describeServiceEvent,
  isServiceEvent,
  keepNewest,
  type LogEvent,
  serviceEventsPath,
} from './monitor-events.js';

const event = (type: string, data: unknown, extra: Partial<LogEvent> = {}): LogEvent => ({
  position: 1,
  streamId: 's',
  id: `${type}-1`,
  type,
  time: '2026-01-01T00:00:10.000Z',
  metadata: {},
  data,
  ...extra,
});

describe('checkHistoryRows', () => {
  it('lists checks with status, latency and message, and status changes as such', () => {
    const rows = checkHistoryRows([
      event('monitor.check_completed', {
        status: 'down',
        latencyMs: 3.5,
        message: 'connection refused',
        startedAt: '2026-01-01T00:00:09.000Z',
      }),
      event('monitor.status_changed', { from: 'up', to: 'down', message: 'connection refused' }),
      event('monitor.check_requested', {}),
    ]);
    expect(rows).toEqual([
      {
        id: 'monitor.check_completed-1',
        at: '2026-01-01T00:00:09.000Z',
        kind: 'check',
        status: 'down',
        latencyMs: 3.5,
        message: 'connection refused',
      },
      {
        id: 'monitor.status_changed-1',
        at: '2026-01-01T00:00:10.000Z',
        kind: 'change',
        status: 'down',
        latencyMs: null,
        message: 'Status up → down: connection refused',
      },
    ]);
  });
});

describe('serviceEventsPath', () => {
  it('narrows the log to the monitors’ streams when they fit in one query', () => {
    const path = serviceEventsPath(['m1', 'm2'], '2026-01-01T00:00:00.000Z');
    const query = new URL(path, 'http://x').searchParams;
    expect(query.getAll('type')).toEqual(['monitor.status_changed', 'monitor.monitor_']);
    expect(query.getAll('streamPrefix')).toEqual([
      'monitor-results-m1',
      'monitors-m1',
      'monitor-results-m2',
      'monitors-m2',
    ]);
    expect(query.get('since')).toBe('2026-01-01T00:00:00.000Z');
    expect(query.get('after')).toBeNull();
  });

  it('reads all monitor events of those types for a service with many monitors, from a cursor', () => {
    const ids = Array.from({ length: 11 }, (_, i) => `m${i}`);
    const query = new URL(serviceEventsPath(ids, '2026-01-01T00:00:00.000Z', '42'), 'http://x').searchParams;
    expect(query.getAll('streamPrefix')).toEqual([]);
    expect(query.get('after')).toBe('42');
  });
});

describe('isServiceEvent', () => {
  const ids = new Set(['m1']);
  it('keeps events naming the service or one of its monitors', () => {
    expect(isServiceEvent(event('monitor.status_changed', { service: 'db' }), 'db', ids)).toBe(true);
    expect(isServiceEvent(event('monitor.monitor_deleted', { id: 'm1' }), 'db', ids)).toBe(true);
    expect(
      isServiceEvent(event('monitor.monitor_created', { id: 'm9', doc: { service: 'db' } }), 'db', ids),
    ).toBe(true);
    expect(
      isServiceEvent(event('monitor.status_changed', { service: 'api', monitorId: 'm2' }), 'db', ids),
    ).toBe(false);
  });
});

describe('describeServiceEvent', () => {
  it('says what happened, to which monitor, and who did it', () => {
    const names = new Map([['m1', 'demo-db']]);
    expect(
      describeServiceEvent(
        event('monitor.status_changed', { monitor: 'demo-db', from: 'up', to: 'down', message: 'HTTP 500' }),
        names,
      ).text,
    ).toBe('demo-db: up → down (HTTP 500)');
    const paused = describeServiceEvent(
      event(
        'monitor.monitor_updated',
        { id: 'm1', doc: { name: 'demo-db', paused: true } },
        { metadata: { actor: 'user:ana' } },
      ),
      names,
    );
    expect(paused).toMatchObject({ text: 'Monitor demo-db changed (paused)', actor: 'user:ana' });
    expect(describeServiceEvent(event('monitor.monitor_deleted', { id: 'm1' }), names).text).toBe(
      'Monitor demo-db deleted',
    );
  });
});

describe('keepNewest', () => {
  it('keeps the last ones across pages', () => {
    expect(keepNewest([1, 2, 3], [4, 5], 3)).toEqual([3, 4, 5]);
    expect(keepNewest([], [1], 3)).toEqual([1]);
  });
});
