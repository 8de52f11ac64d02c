import { describe, expect, it } from 'vitest';
import { ContextKeeper } from './context-keeper.js';
import { diagnose } from './diagnose.js';
import { DiagnosisOptionError, DiagnosisStateError } from './diagnosis-errors.js';
import { CheckSeries, ObservedEvents } from './observed-events.js';
import { at, MINUTE, Timeline } from './test-events.js';

/** A busy little system: web → api → db, a cache, metrics, a deploy, an open breaker and two alerts. */
function busy(t: Timeline): void {
  t.defineMonitor('m-web', 'web', ['api']);
  t.defineMonitor('m-api', 'api', ['db', 'cache']);
  t.defineMonitor('m-db', 'db');
  t.goes('m-web', 'web', 'unknown', 'up', at(0));
  t.goes('m-api', 'api', 'unknown', 'up', at(0));
  t.goes('m-db', 'db', 'unknown', 'up', at(0));
  t.steady('api', 'response_time_ms', 0, 12, 120);
  t.steady('api', 'cpu_percent', 0, 12, 35);
  t.change('chg-1', 'deploy', 'api', at(8), 'api v7');
  t.breaker('monitor_host_db', 'closed', 'open', at(9));
  t.goes('m-db', 'db', 'up', 'down', at(10), 'connection refused');
  t.alertFired('a-db', 'db', at(11), 'db-down');
  t.alertFired('a-api', 'api', at(12), 'api-errors');
}

describe('ContextKeeper', () => {
  it('learns the service graph and statuses from monitor definitions and results', () => {
    const t = new Timeline();
    busy(t);
    const context = t.keeper.contextFor(Timeline.alert('a-api', 'api', at(12)), at(13));

    expect([...context.services.keys()].sort()).toEqual(['api', 'cache', 'db', 'web']);
    expect(context.services.get('api')).toMatchObject({ dependsOn: ['cache', 'db'], status: 'up' });
    expect(context.services.get('cache')).toMatchObject({ dependsOn: [], status: 'unknown', monitors: [] });
    expect(context.services.get('db')).toMatchObject({ status: 'down', sinceMs: at(10) });
    expect(context.alert).toMatchObject({
      alertId: 'a-api',
      ruleName: 'service-down',
      service: 'api',
      firedAtMs: at(12),
    });
    expect(context.alert.ref?.summary).toBe('alert api-errors fired on api');
    expect(context.activeAlerts.map((a) => a.alertId)).toEqual(['a-db', 'a-api']);
    expect(context.changes.map((c) => c.changeId)).toEqual(['chg-1']);
    expect(context.openBreakers.map((b) => [b.policy, b.state])).toEqual([['monitor_host_db', 'open']]);
    expect(context.checks.map((c) => c.status)).toEqual(['up']);
    expect(context.metrics.map((s) => s.metric).sort()).toEqual([
      'cpu_percent',
      'response_time_ms',
      CheckSeries.failureRatio,
      CheckSeries.latencyMs,
    ]);
  });

  it('follows definitions as they change and forgets deleted monitors', () => {
    const t = new Timeline();
    t.defineMonitor('m-api', 'api', ['db']);
    t.emit(
      ObservedEvents.monitorUpdated,
      { id: 'm-api', doc: { name: 'api', service: 'api', dependsOn: ['queue'] } },
      at(1),
    );
    t.defineMonitor('m-old', 'legacy', ['api']);
    t.emit(ObservedEvents.monitorDeleted, { id: 'm-old' }, at(2));

    const services = t.keeper.contextFor(Timeline.alert('x', 'api', at(3)), at(3)).services;

    expect([...services.keys()].sort()).toEqual(['api', 'queue']);
    expect(services.get('api')?.dependsOn).toEqual(['queue']);
  });

  it('forgets resolved alerts, closed breakers and inhibitions that ended', () => {
    const t = new Timeline();
    t.alertFired('a-1', 'api', at(1));
    t.alertFired('a-2', 'web', at(1));
    t.emit(
      ObservedEvents.alertInhibited,
      { alertId: 'a-2', causes: [{ kind: 'dependency', service: 'web', dependency: 'api' }] },
      at(1),
    );
    t.breaker('b-1', 'closed', 'open', at(1));
    t.alertResolved('a-1', at(2));
    t.emit(ObservedEvents.alertUninhibited, { alertId: 'a-2' }, at(2));
    t.breaker('b-1', 'half-open', 'closed', at(2));

    const context = t.keeper.contextFor(Timeline.alert('a-2', 'web', at(1)), at(3));

    expect(context.activeAlerts.map((a) => a.alertId)).toEqual(['a-2']);
    expect(context.inhibitions).toEqual([]);
    expect(context.openBreakers).toEqual([]);
  });

  it('keeps per-minute means of a series, folding several samples of one minute', () => {
    const t = new Timeline();
    t.samples('api', 'cpu_percent', [
      [at(1), 80],
      [at(1) + 10_000, 100],
      [at(2), 50],
    ]);
    t.samples('api', 'disk_percent', [[at(1), 99]]);
    t.emit(
      ObservedEvents.samplesRecorded,
      { source: 'push', samples: [{ name: 'cpu_percent', value: 99, labels: {}, timestamp: at(1) }] },
      at(2),
    );

    const metrics = t.keeper.contextFor(Timeline.alert('x', 'api', at(2)), at(3)).metrics;

    expect(metrics).toHaveLength(1);
    expect(metrics[0]!.minutes.map((m) => [m.minuteMs, m.mean, m.max, m.count])).toEqual([
      [at(1), 90, 100, 2],
      [at(2), 50, 50, 1],
    ]);
    expect(metrics[0]!.minutes[0]!.peakRef.summary).toBe('api: cpu_percent 100 at 12:01 UTC');
  });

  it('drops old data: metric minutes past the window, changes past a day, checks past the last N', () => {
    const t = new Timeline({ checksPerMonitor: 5 });
    t.change('ancient', 'deploy', 'api', at(0));
    for (let minute = 0; minute <= 180; minute++) {
      t.samples('api', 'cpu_percent', [[at(minute), 50]]);
      t.check('m-api', 'api', minute % 2 === 0 ? 'up' : 'down', at(minute));
    }
    t.change('fresh', 'deploy', 'api', at(25 * 60));
    t.samples('api', 'cpu_percent', [[at(25 * 60), 50]]);

    const state = t.keeper.exportState();

    expect(state.changes.map((c) => c.changeId)).toEqual(['fresh']);
    expect(state.monitors[0]!.checks).toHaveLength(5);
    const cpu = state.series.find((s) => s.metric === 'cpu_percent')!;
    expect(cpu.minutes.map((m) => m.minuteMs)).toEqual([at(25 * 60)]);
    // The check series ended hours ago: dropped whole.
    expect(state.series.map((s) => s.metric)).toEqual(['cpu_percent']);
  });

  it('never keeps more than a window of minutes per series, whatever the timestamps', () => {
    const t = new Timeline({ metricWindowMs: 10 * MINUTE });
    const points: Array<[number, number]> = [];
    for (let minute = 0; minute < 100; minute++) points.push([at(minute), minute]);
    t.samples('api', 'cpu_percent', points, at(0));

    expect(t.keeper.exportState().series[0]!.minutes.length).toBeLessThanOrEqual(11);
  });

  it('forgets the least recently heard-of monitors past its limit', () => {
    const t = new Timeline({ maxMonitors: 2 });
    t.check('m-1', 'one', 'up', at(1));
    t.check('m-2', 'two', 'up', at(2));
    t.check('m-1', 'one', 'up', at(3));
    t.check('m-3', 'three', 'up', at(4));

    expect(t.keeper.exportState().monitors.map((m) => m.monitorId)).toEqual(['m-1', 'm-3']);
  });

  it('ignores events of other types and payloads missing the fields it needs', () => {
    const t = new Timeline();
    t.emit('monitor.check_requested', { monitorId: 'm-1' }, at(1));
    t.emit(ObservedEvents.checkCompleted, { monitorId: 'm-1', service: 'api', status: 'on fire' }, at(1));
    t.emit(ObservedEvents.checkCompleted, null, at(1));
    t.emit(ObservedEvents.alertFired, { labels: { service: 'api' } }, at(1));
    t.emit(ObservedEvents.changeRecorded, { changeId: 'c', kind: 'rollback', at: 'now' }, at(1));
    t.emit(
      ObservedEvents.configReloaded,
      { trigger: 'signal', counts: { created: 0, updated: 0, deleted: 0 } },
      at(1),
    );
    // The configuration applied at start is the baseline, whatever it created.
    t.emit(
      ObservedEvents.configReloaded,
      { trigger: 'start', counts: { created: 7, updated: 0, deleted: 0 } },
      at(1),
    );

    const state = t.keeper.exportState();

    expect(state).toMatchObject({ monitors: [], series: [], alerts: [], changes: [] });
  });

  it('round-trips its state through JSON: the copy diagnoses as the original does', () => {
    const t = new Timeline();
    busy(t);
    const copy = new ContextKeeper();
    copy.importState(JSON.parse(JSON.stringify(t.keeper.exportState())));

    const alert = Timeline.alert('a-api', 'api', at(12));
    expect(copy.exportState()).toEqual(t.keeper.exportState());
    expect(diagnose(alert, copy.contextFor(alert, at(13)))).toEqual(
      diagnose(alert, t.keeper.contextFor(alert, at(13))),
    );

    // Both go on learning alike.
    const next = t.goes('m-db', 'db', 'down', 'up', at(14));
    copy.apply(t.events.at(-2)!);
    copy.apply(next);
    expect(copy.contextFor(alert, at(15))).toEqual(t.keeper.contextFor(alert, at(15)));
  });

  it('refuses a saved state of the wrong shape, naming the fields, and keeps what it had', () => {
    const t = new Timeline();
    busy(t);
    const before = t.keeper.exportState();
    const bad = JSON.parse(JSON.stringify(before));
    bad.monitors[0].status = 'sideways';
    bad.changes[0].atMs = 'yesterday';

    let error: unknown;
    try {
      t.keeper.importState(bad);
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(DiagnosisStateError);
    expect((error as DiagnosisStateError).code).toBe('DIAGNOSIS_STATE_INVALID');
    expect((error as DiagnosisStateError).errors.map((e) => e.field)).toEqual([
      'monitors[0].status',
      'changes[0].atMs',
    ]);
    expect(t.keeper.exportState()).toEqual(before);
    expect(() => t.keeper.importState({ version: 2 })).toThrow(/version/);
  });

  it('refuses options out of range, naming the option', () => {
    expect(() => new ContextKeeper({ checksPerMonitor: 0 })).toThrow(DiagnosisOptionError);
    expect(() => new ContextKeeper({ metricWindowMs: 1.5 })).toThrow(
      /metricWindowMs must be a whole number of at least 1, got 1.5/,
    );
  });

  it('gives a copy: changing a context changes nothing kept', () => {
    const t = new Timeline();
    busy(t);
    const alert = Timeline.alert('a-api', 'api', at(12));
    const context = t.keeper.contextFor(alert, at(13));
    context.changes.length = 0;
    context.services.get('db')!.status = 'up';
    context.checks[0]!.status = 'down';

    const again = t.keeper.contextFor(alert, at(13));
    expect(again.changes).toHaveLength(1);
    expect(again.services.get('db')!.status).toBe('down');
    expect(again.checks[0]!.status).toBe('up');
  });
});
