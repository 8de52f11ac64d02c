import { describe, expect, it } from 'vitest';
import { DependencyView } from './dependency-view.js';
import type { InhibitRuleDocument } from './inhibit-rule-document.js';
import { type InhibitableAlert, Inhibitor } from './inhibitor.js';

const alert = (alertId: string, labels: Record<string, string>): InhibitableAlert => ({ alertId, labels });

/** web → api → db, each service with one monitor, all up. */
function services(): DependencyView {
  const view = new DependencyView();
  view.setMonitor('m-web', 'web', ['api']);
  view.setMonitor('m-api', 'api', ['db']);
  view.setMonitor('m-db', 'db', []);
  for (const id of ['m-web', 'm-api', 'm-db']) view.setMonitorStatus(id, 'up');
  return view;
}

const rule = (id: string, doc: Partial<InhibitRuleDocument>) => ({
  id,
  name: id,
  sourceMatchers: ['severity="critical"'],
  targetMatchers: ['severity="warning"'],
  equal: ['service'],
  ...doc,
});

describe('Inhibitor by dependency', () => {
  const dbCritical = alert('db-1', { service: 'db', severity: 'critical' });
  const dbWarning = alert('db-2', { service: 'db', severity: 'warning' });
  const apiAlert = alert('api-1', { service: 'api', severity: 'error' });
  const webAlert = alert('web-1', { service: 'web', severity: 'error' });
  const firing = [dbWarning, dbCritical, apiAlert, webAlert];

  it('inhibits alerts of every service depending on a down one, naming it and its worst alert', () => {
    const view = services();
    view.setMonitorStatus('m-db', 'down');
    const prepared = new Inhibitor(view).prepare(firing);
    expect(prepared.causesFor(apiAlert)).toEqual([
      { kind: 'dependency', service: 'api', dependency: 'db', causeAlertId: 'db-1' },
    ]);
    expect(prepared.causesFor(webAlert)).toEqual([
      { kind: 'dependency', service: 'web', dependency: 'db', causeAlertId: 'db-1' },
    ]);
    expect(prepared.causesFor(dbCritical)).toEqual([]);
  });

  it('names the nearest down dependency when several are down', () => {
    const view = services();
    view.setMonitorStatus('m-db', 'down');
    view.setMonitorStatus('m-api', 'down');
    const prepared = new Inhibitor(view).prepare(firing);
    expect(prepared.causesFor(webAlert)).toEqual([
      { kind: 'dependency', service: 'web', dependency: 'api', causeAlertId: 'api-1' },
    ]);
    expect(prepared.causesFor(apiAlert)[0]).toMatchObject({ dependency: 'db' });
  });

  it('names the dependency without an alert when none of its alerts fires', () => {
    const view = services();
    view.setMonitorStatus('m-db', 'down');
    expect(new Inhibitor(view).prepare([apiAlert]).causesFor(apiAlert)).toEqual([
      { kind: 'dependency', service: 'api', dependency: 'db' },
    ]);
  });

  it('does not inhibit alerts without a service label, nor when turned off, nor when all is up', () => {
    const view = services();
    expect(new Inhibitor(view).prepare(firing).causesFor(apiAlert)).toEqual([]);
    view.setMonitorStatus('m-db', 'down');
    expect(new Inhibitor(view).prepare(firing).causesFor(alert('x', { severity: 'error' }))).toEqual([]);
    expect(new Inhibitor(view, { byDependency: false }).prepare(firing).causesFor(apiAlert)).toEqual([]);
  });

  it('follows the dependencies as they change between two prepares', () => {
    const view = services();
    const inhibitor = new Inhibitor(view);
    expect(inhibitor.prepare(firing).causesFor(webAlert)).toEqual([]);
    view.setMonitorStatus('m-db', 'down');
    expect(inhibitor.prepare(firing).causesFor(webAlert)).toHaveLength(1);
    view.setMonitorStatus('m-db', 'up');
    expect(inhibitor.prepare(firing).causesFor(webAlert)).toEqual([]);
  });

  it('does not loop on a dependency cycle', () => {
    const view = new DependencyView();
    view.setMonitor('m-a', 'a', ['b']);
    view.setMonitor('m-b', 'b', ['a']);
    view.setMonitorStatus('m-a', 'down');
    view.setMonitorStatus('m-b', 'down');
    const a = alert('a-1', { service: 'a' });
    const b = alert('b-1', { service: 'b' });
    const prepared = new Inhibitor(view).prepare([a, b]);
    expect(prepared.causesFor(a)).toEqual([
      { kind: 'dependency', service: 'a', dependency: 'b', causeAlertId: 'b-1' },
    ]);
    expect(prepared.causesFor(b)).toEqual([
      { kind: 'dependency', service: 'b', dependency: 'a', causeAlertId: 'a-1' },
    ]);
  });
});

describe('Inhibitor by label rules', () => {
  const inhibitor = new Inhibitor(new DependencyView());
  inhibitor.setRules([rule('critical-mutes-warning', {})]);

  it('mutes a target while a source with the same equal labels fires', () => {
    const source = alert('s', { service: 'api', severity: 'critical' });
    const target = alert('t', { service: 'api', severity: 'warning' });
    const elsewhere = alert('e', { service: 'db', severity: 'warning' });
    const prepared = inhibitor.prepare([source, target, elsewhere]);
    expect(prepared.causesFor(target)).toEqual([
      { kind: 'rule', inhibitRuleId: 'critical-mutes-warning', causeAlertId: 's' },
    ]);
    expect(prepared.causesFor(elsewhere)).toEqual([]);
    expect(prepared.causesFor(source)).toEqual([]);
    expect(inhibitor.prepare([target, elsewhere]).causesFor(target)).toEqual([]);
  });

  it('treats an absent equal label as the empty value', () => {
    const source = alert('s', { severity: 'critical' });
    const target = alert('t', { severity: 'warning', service: '' });
    const other = alert('o', { severity: 'warning', service: 'api' });
    const prepared = inhibitor.prepare([source, target, other]);
    expect(prepared.causesFor(target)).toHaveLength(1);
    expect(prepared.causesFor(other)).toEqual([]);
  });

  it('never inhibits an alert by itself, but by another source', () => {
    const both = new Inhibitor(new DependencyView());
    both.setRules([
      rule('r', { sourceMatchers: ['team="ops"'], targetMatchers: ['team="ops"'], equal: ['cluster'] }),
    ]);
    const first = alert('a', { team: 'ops', cluster: 'eu', severity: 'info' });
    const second = alert('b', { team: 'ops', cluster: 'eu', severity: 'critical' });
    expect(both.prepare([first]).causesFor(first)).toEqual([]);
    const prepared = both.prepare([first, second]);
    expect(prepared.causesFor(first)).toEqual([{ kind: 'rule', inhibitRuleId: 'r', causeAlertId: 'b' }]);
    expect(prepared.causesFor(second)).toEqual([{ kind: 'rule', inhibitRuleId: 'r', causeAlertId: 'a' }]);
  });

  it('names the most severe source, and lists a dependency cause before rule causes by rule id', () => {
    const view = services();
    view.setMonitorStatus('m-db', 'down');
    const withRules = new Inhibitor(view);
    withRules.setRules([
      rule('z-any-source', {
        sourceMatchers: ['service="api"'],
        targetMatchers: ['alertname="latency"'],
        equal: [],
      }),
      rule('a-errors', {
        sourceMatchers: ['severity=~"error|critical"'],
        targetMatchers: ['alertname="latency"'],
      }),
    ]);
    const target = alert('t', { service: 'api', alertname: 'latency', severity: 'warning' });
    const error = alert('e', { service: 'api', severity: 'error' });
    const critical = alert('c', { service: 'api', severity: 'critical' });
    expect(withRules.prepare([target, error, critical]).causesFor(target)).toEqual([
      { kind: 'dependency', service: 'api', dependency: 'db' },
      { kind: 'rule', inhibitRuleId: 'a-errors', causeAlertId: 'c' },
      { kind: 'rule', inhibitRuleId: 'z-any-source', causeAlertId: 'c' },
    ]);
  });

  it('prepares 10k firing alerts once and answers for each of them', () => {
    const view = new DependencyView();
    for (let s = 0; s < 200; s++) {
      view.setMonitor(`m-${s}`, `svc-${s}`, s > 0 ? [`svc-${s - 1}`] : []);
      view.setMonitorStatus(`m-${s}`, s % 50 === 0 ? 'down' : 'up');
    }
    const many = new Inhibitor(view);
    many.setRules([
      rule('r1', {}),
      rule('r2', { sourceMatchers: ['alertname="down"'], targetMatchers: ['alertname=~"latency|errors"'] }),
      rule('r3', {
        sourceMatchers: ['severity="error"'],
        targetMatchers: ['severity="info"'],
        equal: ['service', 'env'],
      }),
    ]);
    const severities = ['info', 'warning', 'error', 'critical'];
    const names = ['down', 'latency', 'errors', 'disk'];
    const firing = Array.from({ length: 10_000 }, (_, i) =>
      alert(`a${i}`, {
        service: `svc-${i % 200}`,
        severity: severities[i % 4]!,
        alertname: names[i % 3]!,
        env: 'prod',
      }),
    );
    const prepared = many.prepare(firing);
    let inhibited = 0;
    for (const a of firing) if (prepared.causesFor(a).length > 0) inhibited++;
    expect(inhibited).toBeGreaterThan(9000);
  });
});
