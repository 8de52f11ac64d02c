import { describe, expect, it } from 'vitest';
import { parseAlertRule, parseReceiver, parseRoute, unknownReferences } from '../../alerts/index.js';
import { parseRunbook, type RunbookDocument, RunbookMatcher } from '../../healing/runbooks/index.js';
import { parseFleetDescription, parseMonitor } from '../../monitor/index.js';
import { type DemoServiceAddress, demoDefinitions } from './demo-definitions.js';
import { demoSimulatorFleet } from './demo-fleet.js';
import { isLoopbackAddress } from './loopback-url.js';

const fleet = parseFleetDescription(demoSimulatorFleet());
const addresses: DemoServiceAddress[] = fleet.services.map((service, index) => ({
  name: service.name,
  url: `http://127.0.0.1:${41000 + index}`,
}));
const logReceiverUrl = 'http://127.0.0.1:40999/notifications';

/** The value of a parser's answer, or a failure listing every field error. */
function parsedValue<T>(parsed: { ok: true; value: T } | { ok: false; errors: unknown[] }, what: string): T {
  if (!parsed.ok) expect.fail(`${what} does not parse: ${JSON.stringify(parsed.errors)}`);
  return parsed.value;
}

describe('the demo fleet', () => {
  it('has 7 services: web → api, auth; api → db, cache; worker → queue', () => {
    const edges = Object.fromEntries(fleet.services.map((s) => [s.name, s.dependsOn]));
    expect(edges).toEqual({
      web: ['api', 'auth'],
      api: ['db', 'cache'],
      db: [],
      cache: [],
      queue: [],
      worker: ['queue'],
      auth: [],
    });
  });
});

describe('demoDefinitions', () => {
  const definitions = demoDefinitions(addresses, { logReceiverUrl });

  it('gives one http monitor per service on /health every 5 s, labelled demo, with the fleet as dependsOn', () => {
    const checks = definitions.monitors.filter((m) => m.kind === 'http');
    expect(checks).toHaveLength(7);
    for (const [index, document] of checks.entries()) {
      const parsed = parseMonitor(structuredClone(document));
      if (!parsed.ok) expect.fail(`monitors[${index}]: ${JSON.stringify(parsed.errors)}`);
      const service = fleet.services[index]!;
      expect(parsed.monitor).toMatchObject({
        service: service.name,
        intervalSeconds: 5,
        labels: { demo: 'true' },
        dependsOn: service.dependsOn,
      });
      expect(document.url).toBe(`${addresses[index]!.url}/health`);
    }
    expect(new Set(definitions.monitors.map((m) => m.name)).size).toBe(14);
  });

  it('scrapes each service’s /metrics every 5 s, unlabelled demo so the down rule ignores it', () => {
    const scrapes = definitions.monitors.filter((m) => m.kind === 'prometheus');
    expect(scrapes.map((m) => m.url)).toEqual(addresses.map((a) => `${a.url}/metrics`));
    for (const document of scrapes) {
      const parsed = parseMonitor(structuredClone(document));
      if (!parsed.ok) expect.fail(`${document.name}: ${JSON.stringify(parsed.errors)}`);
      expect(parsed.monitor).toMatchObject({ intervalSeconds: 5, dependsOn: [] });
      expect(document.labels).not.toHaveProperty('demo');
    }
  });

  it('gives rules, a receiver and a route that parse and refer to each other', () => {
    const rules = definitions.rules.map((rule) =>
      parsedValue(parseAlertRule(structuredClone(rule)), rule.name),
    );
    const down = rules.find((rule) => rule.name === 'demo-service-down')!;
    expect(down).toMatchObject({
      severity: 'critical',
      for: '5s',
      condition: { kind: 'monitor_down', matchers: ['demo="true"'] },
    });
    const cpu = rules.find((rule) => rule.name === 'demo-high-cpu')!;
    expect(cpu).toMatchObject({
      for: '10s',
      labels: { demo: 'true' },
      condition: { kind: 'threshold', series: 'cpu_percent', op: '>', threshold: 90, window: '10s' },
    });

    const receivers = definitions.receivers.map((r) =>
      parsedValue(parseReceiver(structuredClone(r)), r.name),
    );
    expect(receivers).toEqual([
      expect.objectContaining({ name: 'demo-log', kind: 'webhook', url: logReceiverUrl }),
    ]);
    const routes = definitions.routes.map((r) => parsedValue(parseRoute(structuredClone(r)), r.name));
    expect(routes[0]).toMatchObject({ matchers: ['demo="true"'], receivers: ['demo-log'], groupWait: '0s' });
    const receiverNames = new Set(receivers.map((r) => r.name));
    for (const route of routes) expect(unknownReferences(route, receiverNames, new Set())).toEqual([]);
  });

  it('gives one runbook per service that switches that simulator off on loopback, and only for its alerts', () => {
    const runbooks = definitions.runbooks.map((r) => parsedValue(parseRunbook(structuredClone(r)), r.name));
    expect(runbooks.map((r) => r.name)).toEqual(addresses.map((a) => `demo-heal-${a.name}`));
    for (const [index, runbook] of runbooks.entries()) {
      expect(runbook.verify).toEqual({ within: '1m' });
      expect(runbook.budget.maxActionsPerHour).toBe(20);
      expect(runbook.steps).toHaveLength(1);
      const action = runbook.steps[0]!.action;
      expect(action).toEqual({ kind: 'simulator_fault_off', url: addresses[index]!.url });
      expect(isLoopbackAddress(new URL((action as { url: string }).url).hostname)).toBe(true);
    }

    const matcher = new RunbookMatcher();
    matcher.set(runbooks.map((r: RunbookDocument) => ({ ...r, id: r.name })));
    const alert = (labels: Record<string, string>, severity = 'critical') => ({
      labels,
      severity,
      ruleName: 'demo-service-down',
    });
    expect(matcher.forAlert(alert({ service: 'db', demo: 'true' })).map((r) => r.name)).toEqual([
      'demo-heal-db',
    ]);
    // Not a demo alert, or a recovery announcement (info): nothing to heal.
    expect(matcher.forAlert(alert({ service: 'db' }))).toEqual([]);
    expect(matcher.forAlert(alert({ service: 'db', demo: 'true' }, 'info'))).toEqual([]);
  });

  it('refuses addresses that are not loopback, or names that repeat, naming the field', () => {
    expect(() => demoDefinitions([{ name: 'db', url: 'http://10.0.0.5:5432' }], { logReceiverUrl })).toThrow(
      /services\[0\]\.url must be on loopback .* got host 10\.0\.0\.5/,
    );
    expect(() => demoDefinitions([{ name: 'db', url: 'http://localhost:5432' }], { logReceiverUrl })).toThrow(
      /services\[0\]\.url must be on loopback/,
    );
    expect(() =>
      demoDefinitions(
        [
          { name: 'db', url: 'http://127.0.0.1:1' },
          { name: 'db', url: 'http://127.0.0.1:2' },
        ],
        { logReceiverUrl },
      ),
    ).toThrow(/services\[1\]\.name "db" appears twice/);
    expect(() => demoDefinitions([], { logReceiverUrl })).toThrow(/at least one/);
  });

  it('keeps only dependencies that are part of the given fleet', () => {
    const partial = demoDefinitions(
      [
        { name: 'web', url: 'http://127.0.0.1:1' },
        { name: 'api', url: 'http://127.0.0.1:2' },
      ],
      { logReceiverUrl },
    );
    expect(partial.monitors.filter((m) => m.kind === 'http').map((m) => m.dependsOn)).toEqual([['api'], []]);
  });
});
