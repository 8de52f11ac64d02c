import { describe, expect, it } from 'vitest';
import { parseRoute, type RouteDocument } from './route-document.js';
import { type RootRouteSettings, RouteTree } from './route-tree.js';

const ROOT: RootRouteSettings = {
  receivers: ['ops-mail'],
  groupBy: ['alertname', 'service'],
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 4 * 3_600_000,
};

function route(doc: Record<string, unknown>): { id: string } & RouteDocument {
  const parsed = parseRoute(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { id: `id-${String(doc.name)}`, ...parsed.value };
}

function keysOf(tree: RouteTree, labels: Record<string, string>): string[] {
  return tree.match(labels).map((m) => m.routeKey);
}

describe('RouteTree', () => {
  it('sends an alert no route matches to the root, with the root settings', () => {
    const tree = new RouteTree(ROOT, [
      route({ name: 'db', matchers: ['service="db"'], receivers: ['db-pager'] }),
    ]);
    expect(tree.match({ service: 'web' })).toEqual([
      {
        routeKey: '(root)',
        receivers: ['ops-mail'],
        groupBy: ['alertname', 'service'],
        groupWaitMs: 30_000,
        groupIntervalMs: 300_000,
        repeatIntervalMs: 4 * 3_600_000,
      },
    ]);
  });

  it('tries top-level routes by priority, then by name, and the first match wins', () => {
    const tree = new RouteTree(ROOT, [
      route({ name: 'b-any', receivers: ['b'] }),
      route({ name: 'a-any', receivers: ['a'] }),
      route({ name: 'urgent', priority: 5, matchers: ['severity="critical"'], receivers: ['pager'] }),
    ]);
    expect(keysOf(tree, { severity: 'critical' })).toEqual(['urgent']);
    expect(keysOf(tree, { severity: 'info' })).toEqual(['a-any']);
  });

  it('lets a route with continue pass the alert on to the following routes too', () => {
    const tree = new RouteTree(ROOT, [
      route({ name: 'audit', priority: 1, continue: true, receivers: ['audit-log'] }),
      route({ name: 'db', priority: 2, matchers: ['service="db"'], receivers: ['db-pager'] }),
      route({ name: 'web', priority: 3, matchers: ['service="web"'], receivers: ['web-pager'] }),
    ]);
    expect(tree.match({ service: 'db' }).map((m) => [m.routeKey, m.receivers])).toEqual([
      ['audit', ['audit-log']],
      ['db', ['db-pager']],
    ]);
    // No other route matches: the audit route alone takes it (the root is only the fallback).
    expect(keysOf(tree, { service: 'mail' })).toEqual(['audit']);
  });

  it('gives children the parent settings they do not set, and top-level routes the root settings', () => {
    const tree = new RouteTree(ROOT, [
      route({
        name: 'database-team',
        matchers: ['service=~"db|cache"'],
        receivers: ['db-pager'],
        escalation: 'db-escalation',
        groupBy: ['alertname'],
        groupInterval: '10m',
        routes: [{ name: 'critical', matchers: ['severity="critical"'], groupWait: '5s' }],
      }),
    ]);
    expect(tree.match({ service: 'cache', severity: 'critical' })).toEqual([
      {
        routeKey: 'database-team/critical',
        receivers: ['db-pager'],
        escalation: 'db-escalation',
        groupBy: ['alertname'],
        groupWaitMs: 5000,
        groupIntervalMs: 600_000,
        repeatIntervalMs: 4 * 3_600_000,
      },
    ]);
    const parent = tree.match({ service: 'db', severity: 'warning' });
    expect(parent).toMatchObject([{ routeKey: 'database-team', groupWaitMs: 30_000 }]);
  });

  it('lets a route without receivers only group its children, and an explicit [] notify nobody', () => {
    const tree = new RouteTree(ROOT, [
      route({
        name: 'teams',
        receivers: [],
        routes: [
          { name: 'db', matchers: ['team="db"'], receivers: ['db-pager'] },
          { name: 'web', matchers: ['team="web"'] },
        ],
      }),
    ]);
    expect(tree.match({ team: 'db' })).toMatchObject([{ routeKey: 'teams/db', receivers: ['db-pager'] }]);
    // A child without receivers inherits the parent's (none here): a deliberate "drop" route.
    expect(tree.match({ team: 'web' })).toMatchObject([{ routeKey: 'teams/web', receivers: [] }]);
    expect(tree.match({ team: 'other' })).toMatchObject([{ routeKey: 'teams', receivers: [] }]);
  });

  it('inherits receivers from the root when a top-level route leaves them unset', () => {
    const tree = new RouteTree(ROOT, [route({ name: 'slow', groupWait: '2m' })]);
    expect(tree.match({})).toMatchObject([
      { routeKey: 'slow', receivers: ['ops-mail'], groupWaitMs: 120_000 },
    ]);
  });

  it('tries nested children in list order, with continue inside a subtree', () => {
    const tree = new RouteTree(ROOT, [
      route({
        name: 'ops',
        routes: [
          { name: 'first', matchers: ['env="prod"'], continue: true, receivers: ['one'] },
          { name: 'second', matchers: ['env="prod"'], receivers: ['two'] },
          { name: 'third', matchers: ['env="prod"'], receivers: ['three'] },
        ],
      }),
    ]);
    expect(keysOf(tree, { env: 'prod' })).toEqual(['ops/first', 'ops/second']);
  });

  it('turns groupBy ["..."] into "all"', () => {
    const tree = new RouteTree({ ...ROOT, groupBy: ['...'] }, [route({ name: 'x', matchers: ['a="1"'] })]);
    expect(tree.match({}).map((m) => m.groupBy)).toEqual(['all']);
    expect(tree.match({ a: '1' }).map((m) => m.groupBy)).toEqual(['all']);
  });

  it('hands out copies: changing a match does not change the tree', () => {
    const tree = new RouteTree(ROOT, []);
    tree.match({})[0]!.receivers.push('intruder');
    expect(tree.match({})[0]!.receivers).toEqual(['ops-mail']);
  });

  it('lists every receiver and escalation policy it refers to', () => {
    const tree = new RouteTree(ROOT, [
      route({
        name: 'a',
        receivers: ['x'],
        escalation: 'p1',
        routes: [{ name: 'b', receivers: ['y'], escalation: 'p2' }],
      }),
    ]);
    expect(tree.receiverNames()).toEqual(new Set(['ops-mail', 'x', 'y']));
    expect(tree.escalationNames()).toEqual(new Set(['p1', 'p2']));
  });

  it('leaves out a second top-level route with the same name, or one it cannot read, and says so', () => {
    const broken = { ...route({ name: 'broken' }), matchers: ['not a matcher'] };
    const tree = new RouteTree(ROOT, [
      route({ name: 'dup', receivers: ['first'] }),
      { ...route({ name: 'dup', receivers: ['second'] }), id: 'id-zzz' },
      broken,
    ]);
    expect(tree.match({})).toMatchObject([{ routeKey: 'dup', receivers: ['first'] }]);
    expect(tree.receiverNames()).toEqual(new Set(['ops-mail', 'first']));
    expect(tree.ignoredRoutes()).toEqual([
      {
        id: 'id-broken',
        name: 'broken',
        reason: expect.stringContaining('"not a matcher" is not a matcher'),
      },
      { id: 'id-zzz', name: 'dup', reason: 'another route is named "dup"' },
    ]);
  });
});
