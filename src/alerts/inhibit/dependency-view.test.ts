import { describe, expect, it } from 'vitest';
import { DependencyStateError, DependencyView } from './dependency-view.js';

/** web → api → db, with a cache beside db; two monitors for api. */
function chain(): DependencyView {
  const view = new DependencyView();
  view.setMonitor('m-web', 'web', ['api']);
  view.setMonitor('m-api-http', 'api', ['db', 'cache']);
  view.setMonitor('m-api-tcp', 'api', []);
  view.setMonitor('m-db', 'db', []);
  view.setMonitor('m-cache', 'cache', []);
  for (const id of ['m-web', 'm-api-http', 'm-api-tcp', 'm-db', 'm-cache']) view.setMonitorStatus(id, 'up');
  return view;
}

describe('DependencyView', () => {
  it('finds a down dependency directly and through others', () => {
    const view = chain();
    view.setMonitorStatus('m-db', 'down');
    expect(view.isDown('db')).toBe(true);
    expect(view.downDependenciesOf('api')).toEqual([{ dependency: 'db', depth: 1 }]);
    expect(view.downDependenciesOf('web')).toEqual([{ dependency: 'db', depth: 2 }]);
    expect(view.downDependenciesOf('db')).toEqual([]);
  });

  it('puts the nearest down dependency first', () => {
    const view = chain();
    view.setMonitorStatus('m-db', 'down');
    view.setMonitorStatus('m-api-tcp', 'down');
    expect(view.downDependenciesOf('web')).toEqual([
      { dependency: 'api', depth: 1 },
      { dependency: 'db', depth: 2 },
    ]);
  });

  it('counts a service down when any one of its monitors is down, and only then', () => {
    const view = chain();
    view.setMonitorStatus('m-api-tcp', 'degraded');
    view.setMonitorStatus('m-api-http', 'paused');
    expect(view.isDown('api')).toBe(false);
    view.setMonitorStatus('m-api-http', 'down');
    expect(view.isDown('api')).toBe(true);
    view.setMonitorStatus('m-api-http', 'up');
    expect(view.downDependenciesOf('web')).toEqual([]);
  });

  it('ends the walk on a cycle and never lists a service as its own dependency', () => {
    const view = new DependencyView();
    view.setMonitor('a', 'a', ['b']);
    view.setMonitor('b', 'b', ['c']);
    view.setMonitor('c', 'c', ['a']);
    view.setMonitor('self', 'self', ['self']);
    for (const id of ['a', 'b', 'c', 'self']) view.setMonitorStatus(id, 'down');
    expect(view.downDependenciesOf('a')).toEqual([
      { dependency: 'b', depth: 1 },
      { dependency: 'c', depth: 2 },
    ]);
    expect(view.downDependenciesOf('self')).toEqual([]);
  });

  it('takes a status that arrives before the monitor definition', () => {
    const view = new DependencyView();
    view.setMonitorStatus('m-db', 'down');
    view.setMonitor('m-api', 'api', ['db']);
    expect(view.downDependenciesOf('api')).toEqual([]);
    view.setMonitor('m-db', 'db', []);
    expect(view.downDependenciesOf('api')).toEqual([{ dependency: 'db', depth: 1 }]);
  });

  it('forgets a removed monitor and follows a changed definition', () => {
    const view = chain();
    view.setMonitorStatus('m-db', 'down');
    view.setMonitor('m-api-http', 'api', ['cache']);
    expect(view.downDependenciesOf('api')).toEqual([]);
    view.setMonitor('m-api-http', 'api', ['db']);
    view.removeMonitor('m-db');
    expect(view.isDown('db')).toBe(false);
    expect(view.downDependenciesOf('api')).toEqual([]);
  });

  it('exports and imports its state as JSON', () => {
    const view = chain();
    view.setMonitorStatus('m-db', 'down');
    view.setMonitorStatus('m-later', 'down');
    const copy = new DependencyView();
    copy.importState(JSON.parse(JSON.stringify(view.exportState())));
    expect(copy.downDependenciesOf('web')).toEqual([{ dependency: 'db', depth: 2 }]);
    expect(copy.exportState()).toEqual(view.exportState());
    copy.importState(undefined);
    expect(copy.exportState()).toEqual({ monitors: [] });
  });

  it('refuses a state it did not write', () => {
    const view = new DependencyView();
    expect(() => view.importState({ monitors: [{ id: 'm' }] } as never)).toThrow(DependencyStateError);
    expect(() => view.importState([] as never)).toThrow(/expected \{ monitors/);
  });
});
