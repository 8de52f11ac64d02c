/**
 * HTTP API: Vigia's server beside bare Fastify — the framework it is built on, and so the ceiling
 * of any server on it — each in its own process on 127.0.0.1, loaded by autocannon from this
 * process, the two interleaved round by round:
 *  - authenticated read of a read model: `GET /api/tokens` with an admin token (the token list,
 *    queried from the `auth_tokens` projection in SQLite) against `GET /hello`;
 *  - authenticated append: `POST /api/streams/bench-<n>/events`, one small event, admin token,
 *    `n` rotating over 1,000 streams, against `POST /hello/<n>` with the same JSON body.
 * Vigia runs as `vigia up` builds it (bench/api/vigia-server.ts); bare Fastify has no logger.
 * Besides requests per second and latency, each server reports its CPU time per request: on a
 * small machine the load generator competes with the server for cores, and this does not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadCase, type LoadSample, runLoad } from './api/load.js';
import { FULL, QUICK, type Settings, TARGETS } from './api/settings.js';
import type { VigiaServerInfo } from './api/vigia-server.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { onCleanup } from './lib/cleanup.js';
import { interleave, medianOf } from './lib/interleave.js';
import { type BenchResult, compare } from './lib/result.js';
import { WorkerProcess } from './lib/worker.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VIGIA = 'vigia';
const ANCHOR_GET = 'fastify-bare-get';
const ANCHOR_POST = 'fastify-bare-post';

async function spawn(name: string, script: string): Promise<WorkerProcess> {
  const worker = await WorkerProcess.start(name, path.join(HERE, 'api', script), []);
  onCleanup(() => worker.kill());
  return worker;
}

/** One measured round: the load generator's view, and the server's CPU time per answered request. */
interface RoundSample extends LoadSample {
  serverCpuUsPerRequest: number;
}

type Samples = Map<string, Array<RoundSample | null>>;

interface Case {
  name: string;
  server: WorkerProcess;
  load: LoadCase;
  onSample?: (sample: LoadSample) => void;
}

/** Runs the cases alternately, round by round; a case that fails is null from then on. */
async function measure(
  context: BenchContext,
  settings: Settings,
  cases: ReadonlyArray<Case>,
): Promise<Samples> {
  return interleave<RoundSample | null>(
    cases.map(({ name, server, load, onSample }) => {
      let failed = false;
      return {
        name,
        run: async (round) => {
          if (failed) return null;
          try {
            const seconds = round < 0 ? settings.warmupSeconds : settings.roundSeconds;
            const cpuBefore = await server.call<number>('cpuMicros');
            const sample = await runLoad(load, { seconds, connections: settings.connections });
            const cpu = (await server.call<number>('cpuMicros')) - cpuBefore;
            onSample?.(sample);
            return { ...sample, serverCpuUsPerRequest: cpu / sample.ok };
          } catch (error) {
            failed = true;
            context.log(`${name} failed: ${(error as Error).message.split('\n')[0]}`);
            return null;
          }
        },
      };
    }),
    {
      rounds: settings.rounds,
      warmupRounds: 1,
      onSample: (name, round, sample) => context.log(`  ${name} round ${round + 1}: ${describe(sample)}`),
    },
  );
}

function describe(sample: unknown): string {
  if (sample === null || typeof sample !== 'object') return 'failed';
  const s = sample as RoundSample;
  const rate = Math.round(s.requestsPerSecond).toLocaleString('en-US');
  return (
    `${rate} req/s, p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms, ` +
    `server CPU ${Math.round(s.serverCpuUsPerRequest)} µs/request`
  );
}

/** The median of one number over a contender's rounds; null when any of its rounds failed. */
function median(samples: Samples, name: string, pick: (sample: RoundSample) => number): number | null {
  const list = samples.get(name);
  if (!list || list.length === 0 || list.some((s) => s === null)) return null;
  return medianOf(list as RoundSample[], pick);
}

function results(reads: Samples, appends: Samples): BenchResult[] {
  const rate = { unit: 'requests/s', better: 'higher' } as const;
  const ms = { unit: 'ms', better: 'lower' } as const;
  const cpu = { unit: 'µs/request', better: 'lower' } as const;
  const side = (samples: Samples, anchor: string, pick: (sample: RoundSample) => number) => ({
    vigia: median(samples, VIGIA, pick),
    anchor,
    anchorValue: median(samples, anchor, pick),
  });
  return [
    compare({
      metric: 'read_authenticated_requests_per_s',
      ...rate,
      ...side(reads, ANCHOR_GET, (s) => s.requestsPerSecond),
      targetRatio: TARGETS.readRatio,
    }),
    compare({ metric: 'read_latency_p50_ms', ...ms, ...side(reads, ANCHOR_GET, (s) => s.p50Ms) }),
    compare({ metric: 'read_latency_p99_ms', ...ms, ...side(reads, ANCHOR_GET, (s) => s.p99Ms) }),
    compare({
      metric: 'read_server_cpu_us_per_request',
      ...cpu,
      ...side(reads, ANCHOR_GET, (s) => s.serverCpuUsPerRequest),
    }),
    compare({
      metric: 'append_authenticated_requests_per_s',
      ...rate,
      ...side(appends, ANCHOR_POST, (s) => s.requestsPerSecond),
      target: TARGETS.appendsPerSecond,
    }),
    compare({ metric: 'append_latency_p50_ms', ...ms, ...side(appends, ANCHOR_POST, (s) => s.p50Ms) }),
    compare({
      metric: 'append_latency_p99_ms',
      ...ms,
      ...side(appends, ANCHOR_POST, (s) => s.p99Ms),
      target: TARGETS.appendP99Ms,
    }),
    compare({
      metric: 'append_server_cpu_us_per_request',
      ...cpu,
      ...side(appends, ANCHOR_POST, (s) => s.serverCpuUsPerRequest),
    }),
  ];
}

const benchmark: Benchmark = {
  description: 'HTTP API: authenticated reads and appends vs bare Fastify (autocannon on loopback)',
  async run(context) {
    const { log } = context;
    const settings = context.quick ? QUICK : FULL;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigia-bench-api-'));
    onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));

    const [vigia, anchor] = await Promise.all([
      spawn(VIGIA, 'vigia-server.ts'),
      spawn('fastify', 'fastify-server.ts'),
    ]);
    const [vigiaInfo, anchorInfo] = await Promise.all([
      vigia.call<VigiaServerInfo>('open', { dataDir }),
      anchor.call<{ address: string }>('open'),
    ]);
    log(`Vigia on ${vigiaInfo.address} (SQLite in ${dataDir}), bare Fastify on ${anchorInfo.address}`);
    const { connections, rounds, roundSeconds, warmupSeconds } = settings;
    log(
      `${connections} connections; per case ${rounds} × ${roundSeconds} s after ${warmupSeconds} s warm-up`,
    );
    const admin = { authorization: `Bearer ${vigiaInfo.adminToken}` };
    const body = JSON.stringify({ events: [{ type: 'bench.appended', data: { value: 42 } }] });
    const json = { 'content-type': 'application/json' };
    const rotating = (pathOf: (n: number) => string) => {
      let next = 0;
      return () => pathOf(next++ % settings.streams);
    };

    log('authenticated read: GET /api/tokens (admin) vs GET /hello');
    const reads = await measure(context, settings, [
      {
        name: ANCHOR_GET,
        server: anchor,
        load: { origin: anchorInfo.address, method: 'GET', path: '/hello' },
      },
      {
        name: VIGIA,
        server: vigia,
        load: { origin: vigiaInfo.address, method: 'GET', path: '/api/tokens', headers: admin },
      },
    ]);

    log('authenticated append: POST /api/streams/bench-<n>/events (admin, one event) vs POST /hello/<n>');
    const headBefore = await vigia.call<number>('headPosition');
    let acknowledged = 0;
    const appends = await measure(context, settings, [
      {
        name: ANCHOR_POST,
        server: anchor,
        load: {
          origin: anchorInfo.address,
          method: 'POST',
          path: rotating((n) => `/hello/${n}`),
          headers: json,
          body,
        },
      },
      {
        name: VIGIA,
        server: vigia,
        load: {
          origin: vigiaInfo.address,
          method: 'POST',
          path: rotating((n) => `/api/streams/bench-${n}/events`),
          headers: { ...admin, ...json },
          body,
        },
        onSample: (sample) => {
          acknowledged += sample.ok;
        },
      },
    ]);
    // Every acknowledged append is in the log (a few more may be: answers cut off at a round's end).
    const written = (await vigia.call<number>('headPosition')) - headBefore;
    const count = (n: number) => n.toLocaleString('en-US');
    log(`${count(acknowledged)} appends acknowledged, ${count(written)} written`);
    if (written < acknowledged)
      throw new Error(`Only ${written} of ${acknowledged} acknowledged appends are in the log`);

    await Promise.all([vigia.stop(), anchor.stop()]);
    return results(reads, appends);
  },
};

export default benchmark;
