/**
 * Monitoring at scale: 10,000 HTTP monitors (2,000 with --quick) at a 10 s interval against
 * simulated services on 127.0.0.1, embedded SQLite backend.
 *  - Vigia runs in its own process (bench/monitor/vigia-monitoring.ts) as `vigia up` wires it:
 *    SQLite store, HTTP server, MonitorService with the default concurrency. Monitors are
 *    created through `POST /api/monitors` before the monitors start, so every one of them is
 *    scheduled at once, at a random phase within its interval.
 *  - The simulated services (startSimulatorFleet: 20 services, never failing, 1–5 ms per answer)
 *    run in another process (bench/monitor/simulators.ts), so their CPU is not counted as Vigia's.
 * The first interval is the ramp-up (each monitor's phase comes up); the measured window
 * follows. It reports the checks due in the window whose `monitor.check_completed` event was
 * written (counted from the store) against the checks scheduled in it (monitors × window /
 * interval: one slot per monitor and interval), the scheduling delay (`startedAt - dueAt` of
 * those results), the Vigia process's peak resident memory (sampled every 250 ms from the start
 * of the monitors) and its CPU time per 1,000 checks over the window. Then it times the status
 * routes the dashboard reads — pages of `/api/status/monitors`, `/api/status/services`,
 * `/api/monitors/:id/status` (status + uptime) — one request at a time over HTTP with an admin
 * token, twice: while the monitors still run (what a dashboard sees), and after they stopped.
 * There is no anchor (no other monitoring tool runs here); results carry the targets.
 * Set VIGIA_BENCH_CPU_PROF=<folder> to write a CPU profile of the Vigia process there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetServiceAddress } from '../src/monitor/index.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { onCleanup } from './lib/cleanup.js';
import { type BenchResult, compare } from './lib/result.js';
import { percentile } from './lib/stats.js';
import { elapsedMs, nowNs, sleep } from './lib/timing.js';
import { WorkerProcess } from './lib/worker.js';
import { FULL, QUICK, type Settings, TARGETS } from './monitor/settings.js';
import { describeLatencies, measureStatusQueries } from './monitor/status-queries.js';
import type { CheckStats, Mark, VigiaMonitoringInfo } from './monitor/vigia-monitoring.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Monitors created per call to the worker (progress is logged between calls). */
const CREATE_CHUNK = 1000;
/** Progress is logged this often while the monitors run. */
const PROGRESS_MS = 10_000;
const MB = 1024 * 1024;

async function spawn(name: string, script: string, nodeFlags: string[] = []): Promise<WorkerProcess> {
  const worker = await WorkerProcess.start(name, path.join(HERE, 'monitor', script), [], nodeFlags);
  onCleanup(() => worker.kill());
  return worker;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

function monitorDocs(settings: Settings, services: ReadonlyArray<FleetServiceAddress>) {
  const width = String(settings.monitors).length;
  return Array.from({ length: settings.monitors }, (_, index) => {
    const service = services[index % services.length]!;
    return {
      name: `m${String(index + 1).padStart(width, '0')}`,
      kind: 'http',
      service: service.name,
      url: `${service.url}/health`,
      intervalSeconds: settings.intervalSeconds,
      timeoutMs: 2000,
    };
  });
}

/** Creates the monitors through the API, a chunk at a time, logging progress; returns their ids. */
async function createMonitors(
  context: BenchContext,
  vigia: WorkerProcess,
  settings: Settings,
  services: ReadonlyArray<FleetServiceAddress>,
): Promise<string[]> {
  const docs = monitorDocs(settings, services);
  const ids: string[] = [];
  const start = nowNs();
  for (let from = 0; from < docs.length; from += CREATE_CHUNK) {
    const chunk = docs.slice(from, from + CREATE_CHUNK);
    ids.push(
      ...(await vigia.call<string[]>('createMonitors', {
        docs: chunk,
        concurrency: settings.createConcurrency,
      })),
    );
    const seconds = elapsedMs(start) / 1000;
    context.log(`  created ${count(ids.length)} / ${count(docs.length)} (${count(ids.length / seconds)}/s)`);
  }
  return ids;
}

/** Waits `ms`, logging what the Vigia process did every PROGRESS_MS; returns its mark at the end. */
async function runFor(context: BenchContext, vigia: WorkerProcess, ms: number, label: string): Promise<Mark> {
  const until = Date.now() + ms;
  let last = await vigia.call<Mark>('mark');
  for (;;) {
    const left = until - Date.now();
    if (left <= 0) return last;
    await sleep(Math.min(PROGRESS_MS, left));
    const mark = await vigia.call<Mark>('mark');
    const seconds = (mark.at - last.at) / 1000;
    const cpu = (mark.cpuMicros - last.cpuMicros) / 1e4 / seconds;
    context.log(
      `  ${label}: ${count((mark.head - last.head) / seconds)} events/s written, CPU ${cpu.toFixed(0)}%, ` +
        `RSS ${(mark.rssBytes / MB).toFixed(0)} MB (heap ${(mark.heapUsedBytes / MB).toFixed(0)} MB), ` +
        `event loop delay p99 ${mark.loopDelayP99Ms.toFixed(0)} ms max ${mark.loopDelayMaxMs.toFixed(0)} ms, ` +
        `GC ${mark.gcMs.toFixed(0)} ms (longest ${mark.gcMaxMs.toFixed(0)} ms)`,
    );
    last = mark;
  }
}

interface Measured {
  settings: Settings;
  windowMs: number;
  checks: CheckStats;
  cpuSeconds: number;
  maxRssBytes: number;
  /** Status query latencies with the monitors stopped, and while they run. */
  queriesMs: number[];
  queriesUnderLoadMs: number[];
}

/** Times the status routes (see measureStatusQueries) and logs each route's latencies. */
async function statusQueries(
  context: BenchContext,
  info: VigiaMonitoringInfo,
  ids: ReadonlyArray<string>,
  settings: Settings,
): Promise<number[]> {
  const { listed, routes } = await measureStatusQueries(info.address, info.adminToken, ids, {
    walks: settings.statusWalks,
    services: settings.serviceQueries,
    monitors: settings.monitorQueries,
    warmup: 20,
  });
  if (listed !== ids.length) {
    context.log(`  warning: /api/status/monitors listed ${count(listed)} of ${count(ids.length)} monitors`);
  }
  for (const { route, latenciesMs } of routes) {
    context.log(`  ${route}: ${count(latenciesMs.length)} requests, ${describeLatencies(latenciesMs)}`);
  }
  return routes.flatMap((r) => r.latenciesMs);
}

function results(m: Measured): BenchResult[] {
  const windowSeconds = m.windowMs / 1000;
  // Each monitor has one slot per interval: monitors × window / interval slots fall in the window.
  const scheduledPerSecond = m.settings.monitors / m.settings.intervalSeconds;
  // Checks due in the window whose result was written (by the end, when the monitors stopped).
  const achievedPerSecond = m.checks.completed / windowSeconds;
  // No anchor: no other monitoring tool runs here. The fields stay (BenchResult needs them), empty.
  const none = { anchor: '', anchorValue: null } as const;
  const rate = { unit: 'checks/s', better: 'higher', ...none } as const;
  const ms = { unit: 'ms', better: 'lower', ...none } as const;
  return [
    compare({ metric: 'scheduled_checks_per_s', ...rate, vigia: scheduledPerSecond }),
    compare({ metric: 'achieved_checks_per_s', ...rate, vigia: achievedPerSecond }),
    compare({
      metric: 'achieved_of_scheduled_percent',
      unit: '%',
      better: 'higher',
      ...none,
      vigia: (100 * achievedPerSecond) / scheduledPerSecond,
      target: TARGETS.achievedPercent,
    }),
    compare({ metric: 'scheduling_delay_p50_ms', ...ms, vigia: m.checks.delayP50Ms }),
    compare({
      metric: 'scheduling_delay_p99_ms',
      ...ms,
      vigia: m.checks.delayP99Ms,
      target: TARGETS.schedulingDelayP99Ms,
    }),
    compare({
      metric: 'resident_memory_max_mb',
      unit: 'MB',
      better: 'lower',
      ...none,
      vigia: m.maxRssBytes / MB,
      target: TARGETS.residentMemoryMb,
    }),
    compare({
      metric: 'cpu_seconds_per_1000_checks',
      unit: 's',
      better: 'lower',
      ...none,
      vigia: m.checks.completed > 0 ? (m.cpuSeconds / m.checks.completed) * 1000 : null,
    }),
    compare({ metric: 'status_query_p50_ms', ...ms, vigia: percentile(m.queriesMs, 50) }),
    compare({
      metric: 'status_query_p99_ms',
      ...ms,
      vigia: percentile(m.queriesMs, 99),
      target: TARGETS.statusQueryP99Ms,
    }),
    compare({
      metric: 'status_query_under_load_p50_ms',
      ...ms,
      vigia: percentile(m.queriesUnderLoadMs, 50),
    }),
    compare({
      metric: 'status_query_under_load_p99_ms',
      ...ms,
      vigia: percentile(m.queriesUnderLoadMs, 99),
      target: TARGETS.statusQueryP99Ms,
    }),
  ];
}

const benchmark: Benchmark = {
  description: 'Monitoring: HTTP monitors at a 10 s interval against simulated services (SQLite)',
  async run(context) {
    const { log } = context;
    const settings = context.quick ? QUICK : FULL;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigia-bench-monitor-'));
    onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
    const profileDir = process.env.VIGIA_BENCH_CPU_PROF;
    const profileFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];

    const [vigia, simulators] = await Promise.all([
      spawn('vigia', 'vigia-monitoring.ts', profileFlags),
      spawn('simulators', 'simulators.ts'),
    ]);
    const [info, services] = await Promise.all([
      vigia.call<VigiaMonitoringInfo>('open', { dataDir }),
      simulators.call<FleetServiceAddress[]>('open', { count: settings.services }),
    ]);
    log(`Vigia on ${info.address} (SQLite in ${dataDir}); ${services.length} simulated services`);
    if (profileDir) log(`CPU profile of the Vigia process to ${path.resolve(profileDir)}`);

    const { monitors, intervalSeconds, windowSeconds, createConcurrency } = settings;
    log(`creating ${count(monitors)} HTTP monitors: POST /api/monitors, ${createConcurrency} at a time`);
    const ids = await createMonitors(context, vigia, settings, services);

    const started = await vigia.call<{ at: number; scheduled: number }>('startMonitoring');
    if (started.scheduled !== monitors) {
      throw new Error(`${started.scheduled} monitors scheduled, ${monitors} created`);
    }
    log(`${count(started.scheduled)} monitors started; ramp-up (${intervalSeconds} s, not measured)`);
    const requestsBefore = await simulators.call<{ requests: number }>('stats');
    await runFor(context, vigia, intervalSeconds * 1000, 'ramp-up');

    log(`measuring ${windowSeconds} s`);
    const first = await vigia.call<Mark>('mark');
    const requestsAtWindow = await simulators.call<{ requests: number }>('stats');
    await runFor(context, vigia, windowSeconds * 1000 - (Date.now() - first.at), 'measured');
    const last = await vigia.call<Mark>('mark');
    const requestsAfterWindow = await simulators.call<{ requests: number }>('stats');

    log('status queries while the monitors run: one request at a time, admin token');
    const queriesUnderLoadMs = await statusQueries(context, info, ids, settings);

    log('stopping the monitors (running checks finish, results written, read models caught up)');
    await vigia.call('stopMonitoring');
    log('status queries after the run, monitors stopped');
    const queriesMs = await statusQueries(context, info, ids, settings);

    const checks = await vigia.call<CheckStats>('checkStats', { from: first.at, to: last.at });
    const windowMs = last.at - first.at;
    const scheduled = (monitors * windowMs) / 1000 / intervalSeconds;
    const statuses = Object.entries(checks.byStatus)
      .map(([status, n]) => `${count(n)} ${status}`)
      .join(', ');
    log(
      `checks due in the ${(windowMs / 1000).toFixed(1)} s window: ${count(scheduled)} scheduled, ` +
        `${count(checks.completed)} done (${statuses || 'none'}); ${count(checks.writtenInWindow)} results ` +
        `written in it; simulators answered ${count(requestsAfterWindow.requests - requestsAtWindow.requests)} ` +
        `requests in it (${count(requestsAfterWindow.requests - requestsBefore.requests)} since the start)`,
    );
    log(
      `  scheduling delay p50 ${checks.delayP50Ms.toFixed(1)} ms, p99 ${checks.delayP99Ms.toFixed(1)} ms, ` +
        `max ${checks.delayMaxMs.toFixed(0)} ms`,
    );
    const ramp = await vigia.call<CheckStats>('checkStats', { from: started.at, to: first.at });
    log(
      `  (ramp-up, not measured: ${count(ramp.completed)} checks due, scheduling delay ` +
        `p50 ${ramp.delayP50Ms.toFixed(1)} ms, p99 ${ramp.delayP99Ms.toFixed(1)} ms, max ${ramp.delayMaxMs.toFixed(0)} ms)`,
    );
    if (checks.completed > 0 && (checks.byStatus.up ?? 0) < checks.completed) {
      log('  warning: some checks were not up: the simulators or the loopback struggled');
    }

    await Promise.all([vigia.stop(), simulators.stop()]);
    return results({
      settings,
      windowMs,
      checks,
      cpuSeconds: (last.cpuMicros - first.cpuMicros) / 1e6,
      maxRssBytes: last.maxRssBytes,
      queriesMs,
      queriesUnderLoadMs,
    });
  },
};

export default benchmark;
