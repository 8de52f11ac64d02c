import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose.js';
import { DiagnosisContextMismatchError } from './diagnosis-errors.js';
import { ObservedEvents } from './observed-events.js';
import { at, Timeline } from './test-events.js';

/** web → api → db, all up at T0. */
function chain(): Timeline {
  const t = new Timeline();
  t.defineMonitor('m-web', 'web', ['api']);
  t.defineMonitor('m-api', 'api', ['db']);
  t.defineMonitor('m-db', 'db');
  for (const [id, service] of [
    ['m-web', 'web'],
    ['m-api', 'api'],
    ['m-db', 'db'],
  ] as const) {
    t.goes(id, service, 'unknown', 'up', at(0));
  }
  return t;
}

function diagnoseAlert(
  t: Timeline,
  alertId: string,
  service: string | undefined,
  firedAt: number,
  nowMs: number,
) {
  const alert = Timeline.alert(alertId, service, firedAt);
  return diagnose(alert, t.keeper.contextFor(alert, nowMs));
}

describe('diagnose', () => {
  it('blames a down dependency of the alerting service first, with its status change as evidence', () => {
    const t = chain();
    const dbDown = t.goes('m-db', 'db', 'up', 'down', at(5), 'connection refused');
    t.goes('m-api', 'api', 'up', 'degraded', at(6), 'slow queries');
    t.alertFired('a-api', 'api', at(7));

    const result = diagnoseAlert(t, 'a-api', 'api', at(7), at(8));

    expect(result).toMatchObject({ alertId: 'a-api', ruleName: 'service-down', service: 'api' });
    const first = result.causes[0]!;
    expect(first).toMatchObject({ kind: 'dependency_down', subject: 'db', confidence: 0.9 });
    expect(first.explanation).toContain('api depends on db');
    expect(first.evidence[0]).toMatchObject({
      eventId: dbDown.id,
      type: ObservedEvents.statusChanged,
      streamId: 'monitor-results-m-db',
      position: dbDown.position,
      summary: 'db: monitor m-db-check down (connection refused)',
    });
    expect(result.causes.at(-1)?.kind).toBe('the_service_itself');
    expect(result.at).toBe(new Date(at(8)).toISOString());
  });

  it('finds a dependency down through others, and says which way it is reached', () => {
    const t = chain();
    t.goes('m-db', 'db', 'up', 'down', at(5), 'connection refused');
    t.alertFired('a-web', 'web', at(7));

    const first = diagnoseAlert(t, 'a-web', 'web', at(7), at(8)).causes[0]!;

    expect(first).toMatchObject({ kind: 'dependency_down', subject: 'db', confidence: 0.85 });
    expect(first.explanation).toContain('web → api → db');
  });

  it('blames the dependency most failing services share when three fail together', () => {
    const t = new Timeline();
    for (const service of ['web', 'api', 'worker']) t.defineMonitor(`m-${service}`, service, ['queue']);
    t.defineMonitor('m-queue', 'queue');
    t.goes('m-queue', 'queue', 'unknown', 'degraded', at(1), 'backlog growing');
    t.goes('m-web', 'web', 'unknown', 'down', at(4), 'timeout');
    t.goes('m-worker', 'worker', 'unknown', 'down', at(5), 'timeout');
    t.goes('m-api', 'api', 'unknown', 'down', at(5), 'timeout');
    t.alertFired('a-api', 'api', at(6));

    const result = diagnoseAlert(t, 'a-api', 'api', at(6), at(7));

    const first = result.causes[0]!;
    expect(first).toMatchObject({ kind: 'shared_dependency', subject: 'queue', confidence: 0.85 });
    expect(first.explanation).toContain('depend on queue, which is degraded itself');
    const evidenceSummaries = first.evidence.map((e) => e.summary);
    expect(evidenceSummaries[0]).toBe('queue: monitor m-queue-check degraded (backlog growing)');
    expect(evidenceSummaries).toContain('worker: monitor m-worker-check down (timeout)');
    expect(result.causes.map((c) => c.kind)).not.toContain('network');
  });

  it('blames the network when three services fail together and share no dependency', () => {
    const t = new Timeline();
    for (const service of ['web', 'api', 'worker']) t.defineMonitor(`m-${service}`, service);
    for (const service of ['web', 'api', 'worker'])
      t.goes(`m-${service}`, service, 'up', 'down', at(3), 'timeout');
    t.breaker('monitor_host_api.internal', 'closed', 'open', at(3));
    t.alertFired('a-web', 'web', at(4));

    const first = diagnoseAlert(t, 'a-web', 'web', at(4), at(5)).causes[0]!;

    expect(first).toMatchObject({ kind: 'network', subject: 'network', confidence: 0.5 });
    expect(first.explanation).toContain('share no dependency');
    expect(first.evidence[0]?.summary).toBe('circuit monitor_host_api.internal open (failures)');
  });

  it('does not call services failing an hour apart a shared failure', () => {
    const t = new Timeline();
    for (const service of ['web', 'api', 'worker']) t.defineMonitor(`m-${service}`, service);
    t.goes('m-web', 'web', 'up', 'down', at(0));
    t.goes('m-worker', 'worker', 'up', 'down', at(5));
    t.goes('m-api', 'api', 'up', 'down', at(60));
    t.alertFired('a-api', 'api', at(61));

    const kinds = diagnoseAlert(t, 'a-api', 'api', at(61), at(62)).causes.map((c) => c.kind);

    expect(kinds).toEqual(['the_service_itself']);
  });

  it('blames a deploy on the service after which its response time rose', () => {
    const t = new Timeline();
    t.defineMonitor('m-api', 'api');
    t.steady('api', 'response_time_ms', 0, 9, 100);
    const deploy = t.change('chg-42', 'deploy', 'api', at(10), 'api v2.3');
    t.steady('api', 'response_time_ms', 10, 18, 400);
    t.alertFired('a-api', 'api', at(18), 'api-slow');

    const result = diagnoseAlert(t, 'a-api', 'api', at(18), at(19));

    const first = result.causes[0]!;
    expect(first).toMatchObject({ kind: 'recent_change', subject: 'chg-42', confidence: 0.75 });
    expect(first.explanation).toContain(
      'deploy on api at 12:10 UTC (api v2.3), 8 minute(s) before the alert fired',
    );
    expect(first.explanation).toContain('response time rose from 100 ms to 400 ms');
    expect(first.evidence[0]?.eventId).toBe(deploy.id);
    expect(first.evidence[1]?.summary).toMatch(/^api: response_time_ms 400 at 12:1\d UTC$/);
    expect(result.considered.samples).toBe(19);
  });

  it('counts a configuration reload that changed monitors as a global change', () => {
    const t = new Timeline();
    t.defineMonitor('m-api', 'api');
    t.steady('api', 'error_rate', 0, 9, 0.01);
    const reload = t.emit(
      ObservedEvents.configReloaded,
      { trigger: 'signal', file: 'vigia.yaml', counts: { created: 0, updated: 2, deleted: 0, unchanged: 5 } },
      at(10),
      'config-reloads',
    );
    t.steady('api', 'error_rate', 10, 15, 0.2);
    t.alertFired('a-api', 'api', at(15), 'api-errors');

    const first = diagnoseAlert(t, 'a-api', 'api', at(15), at(16)).causes[0]!;

    expect(first).toMatchObject({ kind: 'recent_change', subject: reload.id, confidence: 0.6 });
    expect(first.explanation).toContain('config everywhere');
    expect(first.explanation).toContain('error rate rose from 0.01 to 0.2');
  });

  it('ignores changes older than half an hour, on other services, or after the alert fired', () => {
    const t = new Timeline();
    t.defineMonitor('m-api', 'api');
    t.change('old', 'deploy', 'api', at(0));
    t.change('elsewhere', 'deploy', 'web', at(40));
    t.alertFired('a-api', 'api', at(45));
    t.change('later', 'deploy', 'api', at(46));

    const kinds = diagnoseAlert(t, 'a-api', 'api', at(45), at(47)).causes.map((c) => c.kind);

    expect(kinds).toEqual(['the_service_itself']);
  });

  it('keeps a change just before the alert with low confidence when nothing measurable rose', () => {
    const t = new Timeline();
    t.defineMonitor('m-api', 'api');
    t.change('chg-1', 'config', 'api', at(10), 'pool size 10 → 5');
    t.alertFired('a-api', 'api', at(12));

    const change = diagnoseAlert(t, 'a-api', 'api', at(12), at(13)).causes[0]!;

    expect(change).toMatchObject({ kind: 'recent_change', subject: 'chg-1', confidence: 0.4 });
    expect(change.explanation).toContain('no rise of latency or errors after it was measured');
  });

  it('blames cpu saturation at 97 %', () => {
    const t = new Timeline();
    t.defineMonitor('m-api', 'api');
    t.steady('api', 'cpu_percent', 0, 4, 40);
    t.steady('api', 'cpu_percent', 5, 8, 97);
    t.steady('api', 'memory_percent', 0, 8, 60);
    t.alertFired('a-api', 'api', at(8), 'api-slow');

    const first = diagnoseAlert(t, 'a-api', 'api', at(8), at(9)).causes[0]!;

    expect(first).toMatchObject({ kind: 'resource_saturation', subject: 'cpu on api', confidence: 0.75 });
    expect(first.explanation).toContain('cpu_percent of api averaged 97 %');
    expect(first.evidence).toHaveLength(4);
    expect(first.evidence[0]?.summary).toMatch(/^api: cpu_percent 97 at/);
  });

  it('falls back to the service itself, with its failing checks as evidence', () => {
    const t = new Timeline();
    t.defineMonitor('m-api', 'api');
    t.goes('m-api', 'api', 'unknown', 'up', at(0));
    const failed = t.goes('m-api', 'api', 'up', 'down', at(3), 'HTTP 500');
    t.check('m-api', 'api', 'down', at(4), 'HTTP 500');
    t.alertFired('a-api', 'api', at(5));

    const result = diagnoseAlert(t, 'a-api', 'api', at(5), at(6));

    expect(result.causes).toHaveLength(1);
    expect(result.causes[0]).toMatchObject({ kind: 'the_service_itself', subject: 'api', confidence: 0.25 });
    expect(result.causes[0]!.explanation).toContain('2 of the last 3 check(s) of api failed');
    expect(result.causes[0]!.evidence.map((e) => e.position)).toEqual([
      failed.position + 1,
      failed.position - 1,
    ]);
    expect(result.considered).toEqual({
      services: 1,
      checks: 3,
      samples: 0,
      alerts: 1,
      changes: 0,
      openBreakers: 0,
    });
  });

  it('with no evidence at all gives only the service itself, with the alert as evidence', () => {
    const t = new Timeline();
    const fired = t.alertFired('a-api', 'api', at(5));

    const result = diagnoseAlert(t, 'a-api', 'api', at(5), at(6));

    expect(result.causes).toEqual([
      {
        kind: 'the_service_itself',
        subject: 'api',
        confidence: 0.15,
        explanation: 'no evidence points elsewhere; the fault may be in api itself',
        evidence: [
          {
            eventId: fired.id,
            type: ObservedEvents.alertFired,
            streamId: 'alert-a-api',
            position: 1,
            summary: 'alert service-down fired on api',
          },
        ],
      },
    ]);
  });

  it('ranks by confidence and keeps the rules order on ties', () => {
    const t = chain();
    t.goes('m-db', 'db', 'up', 'down', at(5));
    t.steady('api', 'memory_percent', 0, 6, 99);
    t.change('chg-7', 'deploy', 'api', at(1));
    t.alertFired('a-api', 'api', at(6));

    const result = diagnoseAlert(t, 'a-api', 'api', at(6), at(7));

    expect(result.causes.map((c) => [c.kind, c.confidence])).toEqual([
      ['dependency_down', 0.9],
      ['resource_saturation', 0.8],
      ['recent_change', 0.4],
      ['the_service_itself', 0.15],
    ]);
  });

  it('uses the alerts module inhibition when the dependency status is not known here', () => {
    const t = new Timeline();
    t.alertFired('a-api', 'api', at(5));
    const inhibited = t.emit(
      ObservedEvents.alertInhibited,
      {
        alertId: 'a-api',
        causes: [{ kind: 'dependency', service: 'api', dependency: 'db', causeAlertId: 'a-db' }],
      },
      at(5),
      'alert-a-api',
    );

    const first = diagnoseAlert(t, 'a-api', 'api', at(5), at(6)).causes[0]!;

    expect(first).toMatchObject({ kind: 'dependency_down', subject: 'db', confidence: 0.8 });
    expect(first.evidence.map((e) => e.eventId)).toEqual([inhibited.id]);
  });

  it('refuses a context gathered for another alert', () => {
    const t = new Timeline();
    const context = t.keeper.contextFor(Timeline.alert('a-1', 'api', at(1)), at(2));
    expect(() => diagnose(Timeline.alert('a-2', 'api', at(1)), context)).toThrow(
      DiagnosisContextMismatchError,
    );
  });
});
