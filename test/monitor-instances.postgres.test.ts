import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../src/events/index.js';
import { silentLogger, systemClock } from '../src/kernel/index.js';
import { closeHttpCheckAgent, MonitorService } from '../src/monitor/index.js';
import { monitorResource } from '../src/server/monitoring/monitor-resource.js';
import { ResourceStore } from '../src/server/resources/resource-store.js';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from './support/postgres.js';
import { spawnVigia, type VigiaProcess } from './support/vigia-process.js';

const url = postgresUrlOrSkip();
const schema = uniqueSchema('monitor_instances');
const MONITORS = 24;
const INTERVAL_MS = 5000;
const dirs: string[] = [];
const processes: VigiaProcess[] = [];
const targets: Server[] = [];

afterAll(async () => {
  for (const vigia of processes) if (vigia.child.exitCode === null) vigia.child.kill('SIGKILL');
  await Promise.all(processes.map((vigia) => vigia.exited));
  await closeHttpCheckAgent();
  for (const server of targets) await new Promise((resolve) => server.close(resolve));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (url) await dropSchema(url, schema);
});

/** An HTTP target recording when each monitor (path /m/<n>) was checked. */
async function startTarget(): Promise<{ base: string; hits: Map<string, number[]> }> {
  const hits = new Map<string, number[]>();
  const target = createServer((request, response) => {
    const at = Date.now();
    const list = hits.get(request.url ?? '') ?? [];
    list.push(at);
    hits.set(request.url ?? '', list);
    response.end('ok');
  });
  targets.push(target);
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(target.address() as AddressInfo).port}`, hits };
}

/** Starts `vigia up` on the shared PostgreSQL schema with short shard leases. */
async function startInstance(name: string): Promise<VigiaProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `vigia-${name}-`));
  dirs.push(dataDir);
  const vigia = spawnVigia(['up', '--port', '0'], {
    ...process.env,
    VIGIA_CONFIG: '',
    VIGIA_DATA_DIR: dataDir,
    VIGIA_EVENTS_BACKEND: 'postgres',
    VIGIA_POSTGRES_URL: url!,
    VIGIA_POSTGRES_SCHEMA: schema,
    VIGIA_MONITORING_LEASE_SECONDS: '2',
    VIGIA_LOG_LEVEL: 'info',
  });
  processes.push(vigia);
  await vigia.waitForStdout((stdout) => /listening on/.test(stdout));
  expect(vigia.output().stdout, vigia.output().stderr).toMatch(/listening on/);
  return vigia;
}

/** The number of shards an instance said it owns last. */
function ownedShards(vigia: VigiaProcess): number {
  const owned = [...vigia.output().stderr.matchAll(/"shards":(\d+)[^\n]*monitor shards owned/g)];
  return owned.length === 0 ? 0 : Number(owned[owned.length - 1]![1]);
}

async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs: number,
  instances: VigiaProcess[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      const logs = instances.map((vigia) =>
        vigia
          .output()
          .stderr.split('\n')
          .filter((l) => /shard/.test(l)),
      );
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(logs)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The shortest gap between two checks of one monitor: well under an interval means a slot ran twice. */
function shortestGap(times: number[]): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) shortest = Math.min(shortest, times[i]! - times[i - 1]!);
  return shortest;
}

describe.skipIf(url === null)('several instances on PostgreSQL', () => {
  it('run each monitor once per interval between them, and take over a dead instance’s monitors within two intervals', async () => {
    const { base, hits } = await startTarget();
    const store = await PostgresEventStore.open({ connectionString: url!, schema, poolSize: 2 });
    const resources = new ResourceStore(store);
    const monitors = monitorResource(() => resources);
    await resources.start([monitors]);
    for (let i = 0; i < MONITORS; i++) {
      await resources.create(
        monitors,
        { name: `m${i}`, kind: 'http', service: 'web', url: `${base}/m/${i}`, intervalSeconds: 5 },
        { actor: 'test' },
      );
    }
    await store.close();

    const [a, b] = await Promise.all([startInstance('a'), startInstance('b')]);
    await waitFor(
      'both instances to share the shards',
      () => ownedShards(a) > 0 && ownedShards(b) > 0 && ownedShards(a) + ownedShards(b) === 64,
      20_000,
      [a, b],
    );

    // Three intervals with both running.
    const sharedFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MS));
    for (let i = 0; i < MONITORS; i++) {
      const times = (hits.get(`/m/${i}`) ?? []).filter((t) => t >= sharedFrom);
      expect(times.length, `monitor ${i}`).toBeGreaterThanOrEqual(2);
      expect(times.length, `monitor ${i}`).toBeLessThanOrEqual(4);
    }

    // A dies without a word: its leases must run out before B takes its shards.
    a.child.kill('SIGKILL');
    const killedAt = Date.now();
    await a.exited;
    await waitFor('B to own every shard', () => ownedShards(b) === 64, 2 * INTERVAL_MS, [b]);
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_MS + 1000));
    for (let i = 0; i < MONITORS; i++) {
      const times = hits.get(`/m/${i}`) ?? [];
      const firstAfterKill = times.find((t) => t > killedAt);
      expect(firstAfterKill, `monitor ${i} checked after the failover`).toBeDefined();
      expect(firstAfterKill! - killedAt, `monitor ${i} failover`).toBeLessThanOrEqual(2 * INTERVAL_MS);
      // Never twice in one interval, before, during or after the handover.
      expect(shortestGap(times), `monitor ${i}`).toBeGreaterThan(INTERVAL_MS / 2);
    }
  }, 90_000);
});

describe.skipIf(url === null)('requests reaching the instance that does not run the monitor', () => {
  it('are forwarded as events: "check now" and heartbeats act on the instance that runs it', async () => {
    const { base, hits } = await startTarget();
    const ownSchema = uniqueSchema('monitor_forwarding');
    const open = () => PostgresEventStore.open({ connectionString: url!, schema: ownSchema, poolSize: 4 });
    const stores = [await open(), await open()];
    const resources = new ResourceStore(stores[0]!);
    const monitors = monitorResource(() => resources);
    await resources.start([monitors]);
    const services = stores.map(
      (store, i) =>
        new MonitorService({
          store,
          clock: systemClock,
          logger: silentLogger(),
          instanceId: `instance-${i}`,
          leaseMs: 3000,
          flushIntervalMs: 20,
        }),
    );
    try {
      await Promise.all(services.map((service) => service.start()));
      await waitFor(
        'the shards to be split',
        () =>
          services.every((s) => s.ownedShards > 0) &&
          services[0]!.ownedShards + services[1]!.ownedShards === 64,
        10_000,
        [],
      );
      // Long intervals: only the requests below cause checks.
      const created = [];
      for (let i = 0; i < 8; i++) {
        created.push(
          await resources.create(
            monitors,
            { name: `f${i}`, kind: 'http', service: 'web', url: `${base}/f/${i}`, intervalSeconds: 3600 },
            { actor: 'test' },
          ),
        );
      }
      const beat = await resources.create(
        monitors,
        { name: 'beat', kind: 'heartbeat', service: 'jobs', intervalSeconds: 3600 },
        { actor: 'test' },
      );
      await waitFor(
        'both instances to know the monitors',
        () => services.every((s) => s.definition(beat.id)),
        10_000,
        [],
      );
      // A monitor run by instance 1, asked of instance 0.
      const remote = created.find((m) => services[1]!.runsHere(m.id) && !services[0]!.runsHere(m.id));
      expect(remote, 'some monitor is run by instance 1').toBeDefined();
      const path = `/f/${created.indexOf(remote!)}`;
      const before = hits.get(path)?.length ?? 0;
      expect(await services[0]!.checkNow(remote!.id)).toBe(true);
      await waitFor('the forwarded check', () => (hits.get(path)?.length ?? 0) > before, 10_000, []);

      const [asker, runner] = services[0]!.runsHere(beat.id) ? [services[1]!, services[0]!] : services;
      expect(await asker!.recordHeartbeat(beat.id, { status: 'down', message: 'disk full' })).toBe(true);
      let status: Awaited<ReturnType<MonitorService['queries']['status']>>;
      const deadline = Date.now() + 10_000;
      do {
        await runner!.settle();
        status = await runner!.queries.status(beat.id);
      } while (status?.lastMessage !== 'disk full' && Date.now() < deadline);
      expect(status).toMatchObject({ status: 'down', lastMessage: 'disk full', kind: 'heartbeat' });
    } finally {
      await Promise.all(services.map((service) => service.stop()));
      for (const store of stores) await store.close();
      await dropSchema(url!, ownSchema);
    }
  }, 60_000);
});
