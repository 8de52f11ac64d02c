import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from '../../../test/support/postgres.js';
import {
  type EventStore,
  PostgresEventStore,
  ProjectionRunner,
  SqliteEventStore,
} from '../../events/index.js';
import { FakeClock } from '../../kernel/index.js';
import {
  type CheckCompletedData,
  MonitorEvents,
  type MonitorStatus,
  monitorResultStream,
  type StatusChangedData,
} from '../monitor-events.js';
import { MonitorQueries } from './monitor-queries.js';
import { monitorStatusProjection } from './monitor-status-projection.js';

const T0 = Date.UTC(2026, 2, 1, 12, 0);
const MINUTE = 60_000;
const url = postgresUrlOrSkip();

/** Monitors of the fixture: [id suffix, name, service, status]. */
const MONITORS: Array<[string, string, string, MonitorStatus]> = [
  ['01', 'Checkout-API', 'shop', 'up'],
  ['02', 'checkout_db', 'shop', 'down'],
  ['03', 'cart%ratio', 'shop', 'degraded'],
  ['04', 'search-api', 'search', 'degraded'],
  ['05', 'search-index', 'search', 'up'],
  ['06', 'nightly\\backup', 'backup', 'paused'],
  ['07', 'mailer', 'mail', 'unknown'],
  ['08', 'mail-api', 'mail', 'up'],
];
const idOf = (suffix: string) => `01890000-0000-7000-8000-0000000000${suffix}`;

interface Backend {
  name: string;
  open(): Promise<{ store: EventStore; close(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(path.join(tmpdir(), 'vigia-monitor-queries-'));
      const store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
      return {
        store,
        async close() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
if (url) {
  backends.push({
    name: 'PostgreSQL',
    async open() {
      const schema = uniqueSchema('monitor_queries');
      const store = await PostgresEventStore.open({ connectionString: url, schema, poolSize: 2 });
      return {
        store,
        async close() {
          await store.close();
          await dropSchema(url, schema);
        },
      };
    },
  });
}

describe.each(backends)('monitor queries on $name', (backend) => {
  let opened: Awaited<ReturnType<Backend['open']>>;
  let runner: ProjectionRunner;
  let queries: MonitorQueries;

  beforeAll(async () => {
    opened = await backend.open();
    const clock = new FakeClock(T0 + 10 * MINUTE);
    runner = new ProjectionRunner(opened.store, monitorStatusProjection, { clock });
    await runner.start();
    for (const [suffix, monitor, service, to] of MONITORS) {
      const changed: StatusChangedData = {
        monitorId: idOf(suffix),
        monitor,
        service,
        from: 'unknown',
        to,
        message: '',
      };
      await opened.store.appendToStream(monitorResultStream(idOf(suffix)), [
        { type: MonitorEvents.statusChanged, data: changed },
      ]);
    }
    // Checkout-API: minute 0 has two up checks, minute 1 one down and one degraded check.
    const check = (minute: number, status: CheckCompletedData['status'], latencyMs: number) => {
      const at = new Date(T0 + minute * MINUTE + 1000).toISOString();
      const data: CheckCompletedData = {
        monitorId: idOf('01'),
        monitor: 'Checkout-API',
        service: 'shop',
        kind: 'http',
        status,
        latencyMs,
        message: status,
        dueAt: at,
        startedAt: at,
      };
      return { type: MonitorEvents.checkCompleted, data };
    };
    await opened.store.appendToStream(monitorResultStream(idOf('01')), [
      check(0, 'up', 10),
      check(0, 'up', 20),
      check(1, 'down', 30),
      check(1, 'degraded', 40),
    ]);
    await runner.waitUntilCaughtUp();
    queries = new MonitorQueries(opened.store, runner, clock);
  });

  afterAll(async () => {
    await runner?.stop();
    await opened?.close();
  });

  const names = async (options: Parameters<MonitorQueries['statuses']>[0]) =>
    (await queries.statuses(options)).items.map((m) => m.monitor);

  it('finds monitors whose name contains the text, ignoring case', async () => {
    expect(await names({ q: 'API', limit: 100 })).toEqual(['Checkout-API', 'search-api', 'mail-api']);
    expect(await names({ q: 'checkout', limit: 100 })).toEqual(['Checkout-API', 'checkout_db']);
    expect(await names({ q: 'api', service: 'mail', limit: 100 })).toEqual(['mail-api']);
    expect(await names({ q: 'api', status: 'degraded', limit: 100 })).toEqual(['search-api']);
    expect(await names({ q: 'nothing like it', limit: 100 })).toEqual([]);
  });

  it('takes %, _ and backslash in the text literally', async () => {
    expect(await names({ q: '_', limit: 100 })).toEqual(['checkout_db']);
    expect(await names({ q: '%', limit: 100 })).toEqual(['cart%ratio']);
    expect(await names({ q: 't%r', limit: 100 })).toEqual(['cart%ratio']);
    expect(await names({ q: '\\', limit: 100 })).toEqual(['nightly\\backup']);
  });

  it('pages a search with the same cursor as the unfiltered list', async () => {
    const first = await queries.statuses({ q: 'api', limit: 2 });
    expect(first.items.map((m) => m.monitor)).toEqual(['Checkout-API', 'search-api']);
    expect(first.next).toBe(idOf('04'));
    const rest = await queries.statuses({ q: 'api', after: first.next!, limit: 2 });
    expect(rest.items.map((m) => m.monitor)).toEqual(['mail-api']);
    expect(rest.next).toBeNull();
  });

  it('counts monitors by status and services by their worst status', async () => {
    expect(await queries.summary()).toEqual({
      monitors: { total: 8, up: 3, down: 1, degraded: 2, unknown: 1, paused: 1 },
      // shop: down (down > degraded > up); search: degraded; backup: paused; mail: up (up > unknown).
      services: { total: 4, up: 1, down: 1, degraded: 1, unknown: 0, paused: 1 },
    });
  });

  it('gives the checks of each latency step by outcome', async () => {
    const points = await queries.latency(idOf('01'), T0, T0 + 5 * MINUTE, 1);
    expect(points.map(({ checks, up, degraded, down }) => ({ checks, up, degraded, down }))).toEqual([
      { checks: 2, up: 2, degraded: 0, down: 0 },
      { checks: 2, up: 0, degraded: 1, down: 1 },
    ]);
    const merged = await queries.latency(idOf('01'), T0, T0 + 5 * MINUTE, 5);
    expect(merged).toMatchObject([{ checks: 4, up: 2, degraded: 1, down: 1 }]);
  });
});
