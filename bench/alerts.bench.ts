/**
 * Alerting: evaluation throughput, fire latency, grouping-to-notification latency and fan-out.
 *  - evaluator_samples_per_s: the pure in-memory AlertEvaluator (bench/alerts/evaluator-worker.ts,
 *    its own process) with 1,000 threshold rules over 10,000 series (bench/alerts/workload.ts):
 *    samples ingested per second, `evaluate(now)` every 10,000 samples. No anchor.
 *  - Vigia's side of everything else runs in one process (bench/alerts/vigia-pipeline.ts): SQLite
 *    store, AlertService, definitions appended as resource events, one sweep over the series.
 *  - fire_latency: from appending the sample that crosses a `for: 1s` (2 s full) rule's threshold
 *    to the commit of its `alerts.alert_fired` event, minus `for`. No anchor.
 *  - grouping_notification: from handing an alert to the system to its notification reaching a
 *    webhook receiver on loopback, minus group_wait (1 s): for Vigia from appending the crossing
 *    sample of a `for: 0s` rule, for Prometheus Alertmanager from `POST /api/v2/alerts`. Each
 *    alert starts a new group (fresh `service`); rounds interleaved.
 *  - fanout: one new group routed to 100 webhook receivers (group_wait 0s), until all 100 got it;
 *    Vigia with 10 routes (`continue: true`) of 10 receivers each (a route lists at most 10),
 *    Alertmanager with one receiver of 100 webhook_configs. deliveries/s = 100 ÷ that time.
 *  - evaluation_from_log_samples_per_s: samples already in the SQLite log, read, decoded and
 *    evaluated by a service started on them (the append's own cost left out; it is the metrics
 *    ingestion's, measured with it).
 *  - pipeline_samples_per_s (the embedded backend; measured last, as it leaves the evaluator
 *    full): samples appended as `metric.samples_recorded` events and followed by the AlertService
 *    with the same rules, from the first append until the service has evaluated the last event.
 *    No anchor.
 * Webhook receivers live in this process (bench/alerts/webhook-sink.ts), Alertmanager in its own
 * (bench/alerts/alertmanager.ts); without its binary the benchmark reports Vigia alone (anchor —).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALERTMANAGER_BIN, Alertmanager } from './alerts/alertmanager.js';
import type { EvaluatorRound } from './alerts/evaluator-worker.js';
import { durationMs, FULL, QUICK, type Settings, TARGETS } from './alerts/settings.js';
import type { OpenParams, ProcessHealth, ThroughputRound } from './alerts/vigia-pipeline.js';
import { type Arrival, hasAlertWith, WebhookSink } from './alerts/webhook-sink.js';
import { PROBE_RULES, type ProbeRule } from './alerts/workload.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { onCleanup } from './lib/cleanup.js';
import { type Contender, interleave } from './lib/interleave.js';
import { type BenchResult, compare } from './lib/result.js';
import { median, percentile } from './lib/stats.js';
import { nowNs, sleep } from './lib/timing.js';
import { WorkerProcess } from './lib/worker.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** How long a notification may take beyond group_wait before a round fails. */
const NOTIFY_TIMEOUT_MS = 15_000;
/** Alerts of one grouping round are handed over this far apart. */
const GROUP_STAGGER_MS = 25;

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number | null) => (n === null || !Number.isFinite(n) ? '—' : `${n.toFixed(1)} ms`);

async function spawn(name: string, script: string, nodeFlags: string[] = []): Promise<WorkerProcess> {
  const worker = await WorkerProcess.start(name, path.join(HERE, 'alerts', script), [], nodeFlags);
  onCleanup(() => worker.kill());
  return worker;
}

/** Runs `work`; on failure logs why and returns null (that side is reported as missing). */
async function attempt<T>(context: BenchContext, what: string, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    context.log(`${what} could not run (${reason}): reported as missing`);
    return null;
  }
}

function latest(arrivals: ReadonlyArray<Arrival>): bigint {
  return arrivals.reduce((last, a) => (a.atNs > last ? a.atNs : last), 0n);
}

/** The systems a latency round can hand an alert to. */
interface Systems {
  vigia: WorkerProcess | null;
  alertmanager: Alertmanager | null;
}

/**
 * Hands one new alert of probe `rule` (alertname, a new `service`) to a system: to Vigia the
 * sample that crosses the rule's threshold, to Alertmanager the alert itself. Resolves with when
 * that started (nowNs).
 */
async function handOver(
  systems: Systems,
  contender: 'vigia' | 'alertmanager',
  rule: ProbeRule,
  service: string,
): Promise<bigint> {
  if (contender === 'vigia') {
    return BigInt(await systems.vigia!.call<string>('cross', { rule, service }));
  }
  const start = nowNs();
  await systems.alertmanager!.post([
    {
      labels: { alertname: PROBE_RULES[rule], service, probe: service, severity: 'warning' },
      annotations: { summary: 'bench' },
      startsAt: new Date().toISOString(),
    },
  ]);
  return start;
}

/**
 * A contender whose failure drops it (logged once; its later rounds return null at once) rather
 * than the whole comparison.
 */
function tolerant<T>(context: BenchContext, what: string, contender: Contender<T>): Contender<T | null> {
  let failed = false;
  return {
    name: contender.name,
    run: async (round) => {
      if (failed) return null;
      try {
        return await contender.run(round);
      } catch (error) {
        failed = true;
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        context.log(`${what}: ${contender.name} failed (${reason}); reported as missing`);
        return null;
      }
    },
  };
}

/** The samples of contenders that never failed. */
function completed<T>(samples: Map<string, Array<T | null>>): Map<string, T[]> {
  const done = new Map<string, T[]>();
  for (const [name, list] of samples) {
    if (list.every((sample) => sample !== null)) done.set(name, list as T[]);
  }
  return done;
}

function contendersOf(systems: Systems): Array<'vigia' | 'alertmanager'> {
  const names: Array<'vigia' | 'alertmanager'> = [];
  if (systems.vigia) names.push('vigia');
  if (systems.alertmanager) names.push('alertmanager');
  return names;
}

/** Grouping rounds: each hands `groupsPerRound` new groups over and returns their latencies. */
async function measureGrouping(
  context: BenchContext,
  settings: Settings,
  systems: Systems,
  sink: WebhookSink,
): Promise<Map<string, number[][]>> {
  const waitMs = durationMs(settings.groupWait);
  let serial = 0;
  const contenders = contendersOf(systems).map((name) =>
    tolerant<number[]>(context, 'Grouping latency', {
      name,
      run: async () => {
        const runs: Array<Promise<number>> = [];
        for (let k = 0; k < settings.groupsPerRound; k++) {
          const service = `${name}-g${serial++}`;
          const start = await handOver(systems, name, 'grouping', service);
          runs.push(
            sink
              .waitFor(hasAlertWith({ service }), waitMs + NOTIFY_TIMEOUT_MS)
              .then((arrivals) => Number(latest(arrivals) - start) / 1e6 - waitMs),
          );
          await sleep(GROUP_STAGGER_MS);
        }
        const latencies = await Promise.all(runs);
        sink.clear();
        return latencies;
      },
    }),
  );
  const samples = await interleave(contenders, {
    rounds: settings.groupingRounds,
    warmupRounds: 1,
    onSample: (name, round, sample) => {
      if (sample === null) return;
      const values = (sample as number[]).map((v) => v.toFixed(1)).join(', ');
      context.log(`  grouping round ${round + 1} ${name}: ${values} ms beyond group_wait`);
    },
  });
  return completed(samples);
}

interface FanoutSample {
  allMs: number;
  deliveriesPerSecond: number;
}

/** Fan-out rounds: one new group to every receiver of `sink`. */
async function measureFanout(
  context: BenchContext,
  settings: Settings,
  systems: Systems,
  sink: WebhookSink,
): Promise<Map<string, FanoutSample[]>> {
  const waitMs = durationMs(settings.fanoutGroupWait);
  let serial = 0;
  const contenders = contendersOf(systems).map((name) =>
    tolerant<FanoutSample>(context, 'Fan-out', {
      name,
      run: async () => {
        const service = `${name}-f${serial++}`;
        const start = await handOver(systems, name, 'fanout', service);
        const arrivals = await sink.waitFor(hasAlertWith({ service }), waitMs + NOTIFY_TIMEOUT_MS);
        sink.clear();
        const allMs = Number(latest(arrivals) - start) / 1e6 - waitMs;
        return { allMs, deliveriesPerSecond: (arrivals.length * 1000) / allMs };
      },
    }),
  );
  const samples = await interleave(contenders, {
    rounds: settings.fanoutRounds,
    warmupRounds: 1,
    onSample: (name, round, sample) => {
      if (sample === null) return;
      const { allMs, deliveriesPerSecond } = sample as FanoutSample;
      context.log(
        `  fan-out round ${round + 1} ${name}: all ${settings.fanoutReceivers} in ${allMs.toFixed(1)} ms ` +
          `(${count(deliveriesPerSecond)} deliveries/s)`,
      );
    },
  });
  return completed(samples);
}

interface Measured {
  settings: Settings;
  anchor: string;
  evaluator: EvaluatorRound[] | null;
  pipeline: ThroughputRound[] | null;
  backlog: ThroughputRound[] | null;
  fireMs: number[] | null;
  grouping: Map<string, number[][]> | null;
  fanout: Map<string, FanoutSample[]> | null;
}

function medianOrNull(values: ReadonlyArray<number> | undefined): number | null {
  return values && values.length > 0 ? median(values) : null;
}

function percentileOrNull(values: ReadonlyArray<number> | undefined, p: number): number | null {
  return values && values.length > 0 ? percentile(values, p) : null;
}

function results(m: Measured): BenchResult[] {
  // No embeddable evaluator or pipeline compares: those results carry the targets only.
  const none = { anchor: '', anchorValue: null } as const;
  const groupingVigia = m.grouping?.get('vigia')?.flat();
  const groupingAnchor = m.grouping?.get('alertmanager')?.flat();
  const fanoutVigia = m.fanout?.get('vigia');
  const fanoutAnchor = m.fanout?.get('alertmanager');
  const anchored = (values: number[] | undefined, pick: (v: number[]) => number | null) =>
    values === undefined ? null : pick(values);
  return [
    compare({
      metric: 'evaluator_samples_per_s',
      unit: 'samples/s',
      better: 'higher',
      ...none,
      vigia: medianOrNull(m.evaluator?.map((r) => (r.samples * 1000) / r.ms)),
      target: TARGETS.samplesPerSecond,
    }),
    compare({
      metric: 'pipeline_samples_per_s',
      unit: 'samples/s',
      better: 'higher',
      ...none,
      vigia: medianOrNull(m.pipeline?.map((r) => (r.samples * 1000) / r.ms)),
      target: TARGETS.samplesPerSecond,
    }),
    compare({
      metric: 'evaluation_from_log_samples_per_s',
      unit: 'samples/s',
      better: 'higher',
      ...none,
      vigia: medianOrNull(m.backlog?.map((r) => (r.samples * 1000) / r.ms)),
      target: TARGETS.samplesPerSecond,
    }),
    compare({
      metric: 'fire_latency_p50_ms',
      unit: 'ms',
      better: 'lower',
      ...none,
      vigia: percentileOrNull(m.fireMs ?? undefined, 50),
    }),
    compare({
      metric: 'fire_latency_p99_ms',
      unit: 'ms',
      better: 'lower',
      ...none,
      vigia: percentileOrNull(m.fireMs ?? undefined, 99),
      target: TARGETS.fireLatencyP99Ms,
    }),
    compare({
      metric: 'grouping_notification_p50_ms',
      unit: 'ms',
      better: 'lower',
      anchor: m.anchor,
      vigia: medianOrNull(groupingVigia),
      anchorValue: anchored(groupingAnchor, (v) => medianOrNull(v)),
    }),
    compare({
      metric: 'grouping_notification_p99_ms',
      unit: 'ms',
      better: 'lower',
      anchor: m.anchor,
      vigia: percentileOrNull(groupingVigia, 99),
      anchorValue: anchored(groupingAnchor, (v) => percentileOrNull(v, 99)),
    }),
    compare({
      metric: 'fanout_100_receivers_ms',
      unit: 'ms',
      better: 'lower',
      anchor: m.anchor,
      vigia: medianOrNull(fanoutVigia?.map((s) => s.allMs)),
      anchorValue: medianOrNull(fanoutAnchor?.map((s) => s.allMs)),
    }),
    compare({
      metric: 'fanout_deliveries_per_s',
      unit: 'deliveries/s',
      better: 'higher',
      anchor: m.anchor,
      vigia: medianOrNull(fanoutVigia?.map((s) => s.deliveriesPerSecond)),
      anchorValue: medianOrNull(fanoutAnchor?.map((s) => s.deliveriesPerSecond)),
    }),
  ];
}

async function evaluatorThroughput(context: BenchContext, settings: Settings): Promise<EvaluatorRound[]> {
  const worker = await spawn('evaluator', 'evaluator-worker.ts', ['--expose-gc']);
  try {
    const prepared = await worker.call<{ series: number; rules: number }>('prepare', { settings });
    context.log(
      `evaluator: ${count(prepared.rules)} rules over ${count(prepared.series)} series, ` +
        `${count(settings.evaluatorSamples)} samples per round, evaluate every ${count(settings.evaluateEvery)}`,
    );
    await worker.call<EvaluatorRound>('run', { samples: Math.min(settings.evaluatorSamples, 100_000) });
    const rounds: EvaluatorRound[] = [];
    for (let round = 0; round < settings.evaluatorRounds; round++) {
      const r = await worker.call<EvaluatorRound>('run', { samples: settings.evaluatorSamples });
      rounds.push(r);
      context.log(
        `  evaluator round ${round + 1}: ${count((r.samples * 1000) / r.ms)} samples/s ` +
          `(${count(r.evaluations)} evaluations, ${r.evaluateMs.toFixed(0)} ms of ${r.ms.toFixed(0)} ms evaluating)`,
      );
    }
    return rounds;
  } finally {
    await worker.stop();
  }
}

async function pipelineThroughput(
  context: BenchContext,
  settings: Settings,
  vigia: WorkerProcess,
): Promise<ThroughputRound[]> {
  context.log(
    `pipeline: ${count(settings.pipelineSamples)} samples per round as events of ${settings.samplesPerEvent}, ` +
      `${settings.eventsPerAppend} per append, SQLite, AlertService following`,
  );
  await vigia.call<ThroughputRound>('throughput', { samples: Math.min(settings.pipelineSamples, 50_000) });
  const rounds: ThroughputRound[] = [];
  for (let round = 0; round < settings.pipelineRounds; round++) {
    await vigia.call<ProcessHealth>('health');
    const r = await vigia.call<ThroughputRound>('throughput', { samples: settings.pipelineSamples });
    const h = await vigia.call<ProcessHealth>('health');
    rounds.push(r);
    context.log(
      `  pipeline round ${round + 1}: ${count((r.samples * 1000) / r.ms)} samples/s ` +
        `(${r.events} events; appended in ${r.appendMs.toFixed(0)} ms, evaluated by ${r.ms.toFixed(0)} ms; ` +
        `event loop delay max ${h.loopDelayMaxMs.toFixed(0)} ms, heap ${h.heapUsedMb.toFixed(0)} MB)`,
    );
  }
  return rounds;
}

/** Samples already in the log, evaluated by a service started on them (no append in the timing). */
async function evaluationFromLog(
  context: BenchContext,
  settings: Settings,
  vigia: WorkerProcess,
): Promise<ThroughputRound[]> {
  const rounds: ThroughputRound[] = [];
  for (let round = 0; round < settings.pipelineRounds; round++) {
    const r = await vigia.call<ThroughputRound>('backlog', { samples: settings.pipelineSamples });
    rounds.push(r);
    context.log(
      `  evaluation from the log, round ${round + 1}: ${count((r.samples * 1000) / r.ms)} samples/s ` +
        `(${r.events} events read and evaluated in ${r.ms.toFixed(0)} ms)`,
    );
  }
  return rounds;
}

const benchmark: Benchmark = {
  description: 'Alerting: evaluation throughput, fire latency, notification latency and fan-out',
  async run(context) {
    const { log } = context;
    const settings = context.quick ? QUICK : FULL;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigia-bench-alerts-'));
    onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));

    const groupingSink = await WebhookSink.start(1);
    const fanoutSink = await WebhookSink.start(settings.fanoutReceivers);
    onCleanup(() => Promise.all([groupingSink.close(), fanoutSink.close()]).then(() => undefined));
    log(`${settings.fanoutReceivers + 1} webhook receivers on 127.0.0.1`);

    let alertmanager: Alertmanager | null = null;
    if (!Alertmanager.installed()) {
      log(`${ALERTMANAGER_BIN} is not installed: reporting Vigia against the targets only`);
    } else {
      alertmanager = await attempt(context, 'Alertmanager', () =>
        Alertmanager.start({
          routes: [
            {
              name: 'bench-grouping',
              match: { alertname: PROBE_RULES.grouping },
              urls: groupingSink.urls,
              groupWait: settings.groupWait,
              groupInterval: '5m',
              repeatInterval: '4h',
            },
            {
              name: 'bench-fanout',
              match: { alertname: PROBE_RULES.fanout },
              urls: fanoutSink.urls,
              groupWait: settings.fanoutGroupWait,
              groupInterval: '5m',
              repeatInterval: '4h',
            },
          ],
        }),
      );
      if (alertmanager) log(`Alertmanager ${alertmanager.version} on ${alertmanager.url}`);
    }
    const anchor = alertmanager ? `alertmanager-${alertmanager.version || '?'}` : '—';

    const evaluator = await attempt(context, 'The pure evaluator', () =>
      evaluatorThroughput(context, settings),
    );

    const vigia = await attempt(context, 'Vigia’s alert pipeline', async () => {
      const worker = await spawn('vigia', 'vigia-pipeline.ts');
      const params: OpenParams = {
        dataDir,
        settings,
        groupingUrl: groupingSink.urls[0]!,
        fanoutUrls: [...fanoutSink.urls],
      };
      const opened = await worker.call<{ rules: number; series: number }>('open', params);
      log(
        `Vigia: SQLite in ${dataDir}, AlertService with ${count(opened.rules)} rules, ` +
          `${count(opened.series)} series seen once`,
      );
      return worker;
    });
    const health = async (phase: string) => {
      const h = await vigia?.call<ProcessHealth>('health').catch(() => undefined);
      if (!h) return;
      log(
        `  Vigia process during ${phase}: event loop delay p99 ${h.loopDelayP99Ms.toFixed(0)} ms, ` +
          `max ${h.loopDelayMaxMs.toFixed(0)} ms; heap ${h.heapUsedMb.toFixed(0)} MB, RSS ${h.rssMb.toFixed(0)} MB`,
      );
    };

    // Latencies first, on a quiet service; the throughput rounds (which leave the evaluator
    // holding a minute of samples per series) last.
    let fireMs: number[] | null = null;
    if (vigia) {
      const forMs = durationMs(settings.fireFor);
      log(
        `fire latency: ${settings.fireProbes} probes ${settings.fireStaggerMs} ms apart, for ${settings.fireFor}`,
      );
      fireMs = await attempt(context, 'Fire latency', () =>
        vigia.call<number[]>('fireLatency', {
          probes: settings.fireProbes,
          staggerMs: settings.fireStaggerMs,
          forMs,
          tag: 'fire',
        }),
      );
      if (fireMs) {
        log(
          `  beyond for: p50 ${ms(percentile(fireMs, 50))}, p99 ${ms(percentile(fireMs, 99))}, ` +
            `max ${ms(Math.max(...fireMs))}`,
        );
      }
      await health('fire latency');
    }

    const systems: Systems = { vigia, alertmanager };
    let grouping: Map<string, number[][]> | null = null;
    let fanout: Map<string, FanoutSample[]> | null = null;
    if (vigia || alertmanager) {
      log(
        `grouping to notification: ${settings.groupingRounds} rounds of ${settings.groupsPerRound} new groups, ` +
          `group_wait ${settings.groupWait}, ${contendersOf(systems).join(' vs ')}`,
      );
      grouping = await attempt(context, 'Grouping latency', () =>
        measureGrouping(context, settings, systems, groupingSink),
      );
      await health('grouping');
      log(
        `fan-out: ${settings.fanoutRounds} rounds, one new group to ${settings.fanoutReceivers} receivers, ` +
          `group_wait ${settings.fanoutGroupWait}`,
      );
      fanout = await attempt(context, 'Fan-out', () => measureFanout(context, settings, systems, fanoutSink));
      await health('fan-out');
    }

    const pipeline = vigia
      ? await attempt(context, 'Pipeline throughput', () => pipelineThroughput(context, settings, vigia))
      : null;
    const backlog = vigia
      ? await attempt(context, 'Evaluation from the log', () => evaluationFromLog(context, settings, vigia))
      : null;

    await Promise.all([vigia?.stop(), alertmanager?.stop()]);
    return results({ settings, anchor, evaluator, pipeline, backlog, fireMs, grouping, fanout });
  },
};

export default benchmark;
