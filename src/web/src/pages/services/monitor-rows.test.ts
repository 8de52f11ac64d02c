import { describe, expect, it } from 'vitest';
import { applyMonitorChanges, type MonitorChange, type MonitorRow, monitorChangeOf } from './monitor-rows.js';

const row = (monitorId: string, monitor: string, status: MonitorRow['status'] = 'up'): MonitorRow => ({
  monitorId,
  monitor,
  service: 'shop',
  kind: 'http',
  status,
  since: '2026-01-01T00:00:00.000Z',
  lastCheckAt: '2026-01-01T00:00:05.000Z',
  lastLatencyMs: 12,
  lastMessage: 'HTTP 200',
  checks: 4,
});
const down = (monitorId: string, monitor = 'x', service = 'shop'): MonitorChange & { kind: 'status' } => ({
  kind: 'status',
  monitorId,
  monitor,
  service,
  to: 'down',
  message: 'connection refused',
  at: '2026-01-01T00:01:00.000Z',
});

describe('monitorChangeOf', () => {
  it('reads status changes and removals from live events, and nothing else', () => {
    expect(
      monitorChangeOf({
        type: 'monitor.status_changed',
        time: '2026-01-01T00:01:00.000Z',
        data: { monitorId: 'b', monitor: 'x', service: 'shop', from: 'up', to: 'down', message: 'refused' },
      }),
    ).toEqual({ ...down('b'), message: 'refused' });
    expect(monitorChangeOf({ type: 'monitor.monitor_deleted', time: '', data: { id: 'b' } })).toEqual({
      kind: 'deleted',
      monitorId: 'b',
    });
    expect(
      monitorChangeOf({ type: 'monitor.status_changed', time: '', data: { monitorId: 'b', to: 'boom' } }),
    ).toBeUndefined();
    expect(monitorChangeOf({ type: 'monitor.check_completed', time: '', data: null })).toBeUndefined();
  });
});

describe('applyMonitorChanges', () => {
  const rows = [row('a', 'api'), row('b', 'db'), row('d', 'web')];

  it('updates a loaded row in place, keeping its last check', () => {
    const next = applyMonitorChanges(rows, [down('b', 'db')], { filters: {}, complete: false });
    expect(next.map((r) => r.status)).toEqual(['up', 'down', 'up']);
    expect(next[1]).toMatchObject({
      since: '2026-01-01T00:01:00.000Z',
      lastMessage: 'connection refused',
      lastLatencyMs: 12,
    });
    expect(rows[1]!.status).toBe('up');
  });

  it('keeps a changed row even when a status filter no longer matches it', () => {
    const upOnly = applyMonitorChanges(rows, [down('a', 'api')], {
      filters: { status: 'up' },
      complete: true,
    });
    expect(upOnly.map((r) => r.monitorId)).toEqual(['a', 'b', 'd']);
  });

  it('adds a monitor not loaded only when every page is loaded and it matches, in id order', () => {
    const change = down('c', 'cache');
    expect(applyMonitorChanges(rows, [change], { filters: {}, complete: false })).toBe(rows);
    expect(applyMonitorChanges(rows, [change], { filters: { q: 'API' }, complete: true })).toBe(rows);
    expect(applyMonitorChanges(rows, [change], { filters: { service: 'other' }, complete: true })).toBe(rows);
    const added = applyMonitorChanges(rows, [change], {
      filters: { q: 'CACH', status: 'down' },
      complete: true,
    });
    expect(added.map((r) => r.monitorId)).toEqual(['a', 'b', 'c', 'd']);
    expect(added[2]).toMatchObject({ monitor: 'cache', status: 'down', lastCheckAt: null });
  });

  it('removes a deleted monitor, and returns the same rows when nothing applies', () => {
    const next = applyMonitorChanges(rows, [{ kind: 'deleted', monitorId: 'a' }], {
      filters: {},
      complete: true,
    });
    expect(next.map((r) => r.monitorId)).toEqual(['b', 'd']);
    expect(
      applyMonitorChanges(rows, [{ kind: 'deleted', monitorId: 'zz' }], { filters: {}, complete: true }),
    ).toBe(rows);
    expect(applyMonitorChanges(rows, [], { filters: {}, complete: true })).toBe(rows);
  });

  it('applies a burst of changes in order: the last status wins', () => {
    const back: MonitorChange = {
      ...down('b', 'db'),
      to: 'up',
      message: 'HTTP 200',
      at: '2026-01-01T00:02:00.000Z',
    };
    const next = applyMonitorChanges(rows, [down('b', 'db'), back], { filters: {}, complete: false });
    expect(next[1]).toMatchObject({ status: 'up', since: '2026-01-01T00:02:00.000Z' });
  });
});
