/**
 * A worker process running Vigia's alerting on the embedded backend as `vigia up` wires it: a
 * SQLite event store in the given folder (WAL, synchronous=normal) and the AlertService following
 * it, info-level logs to /dev/null. Definitions (receivers, routes, rules) are appended as the
 * resource events the API writes; samples as `metric.samples_recorded` events, as the metrics
 * writer appends them. Started by alerts.bench.ts through WorkerProcess; all of Vigia's side of
 * the pipeline measurements lives here.
 *
 * Times handed back are `process.hrtime.bigint()` values as decimal strings: the monotonic clock
 * is the same in every process of the machine (CLOCK_MONOTONIC), so the parent compares them with
 * the arrival times its webhook receivers record.
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import {
  AlertEvents,
  AlertResourceKinds,
  type AlertResourceName,
  AlertService,
  type AlertSettings,
  describeFieldErrors,
  MonitorContract,
  type Parsed,
  parseAlertRule,
  parseReceiver,
  parseRoute,
} from '../../src/alerts/index.js';
import { type EventToAppend, type RecordedEvent, SqliteEventStore } from '../../src/events/index.js';
import { createLogger, newId, systemClock } from '../../src/kernel/index.js';
import { elapsedMs, nowNs } from '../lib/timing.js';
import { serveWorker } from '../lib/worker.js';
import type { Settings } from './settings.js';
import {
  type BenchSample,
  chunks,
  PROBE_METRIC,
  PROBE_RULES,
  type ProbeRule,
  type RuleDoc,
  sweepSamples,
  THRESHOLD,
  thresholdRules,
} from './workload.js';

export interface OpenParams {
  dataDir: string;
  settings: Settings;
  /** Webhook URLs: the grouping receiver, and the fan-out receivers. */
  groupingUrl: string;
  fanoutUrls: string[];
}

/** The worker's health since the previous call: event-loop delay and memory. */
export interface ProcessHealth {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  heapUsedMb: number;
  rssMb: number;
}

export interface ThroughputRound {
  samples: number;
  events: number;
  /** From the first append to the service having evaluated the last event. */
  ms: number;
  /** Of which appending (the service runs meanwhile). */
  appendMs: number;
}

const SAMPLES_STREAM = 'metrics-push-bench';
/** Receivers one route may list (the route document's limit): fan-out takes several routes. */
const ROUTE_RECEIVERS = 10;
/** `vigia up`'s defaults (config `alerts:`): alerts no route takes go nowhere. */
const SETTINGS: AlertSettings = {
  root: {
    receivers: [],
    groupBy: ['alertname', 'service'],
    groupWaitMs: 30_000,
    groupIntervalMs: 300_000,
    repeatIntervalMs: 4 * 3_600_000,
  },
  notifyRecovered: true,
  inhibitByDependency: true,
};
const SAMPLES_RECORDED = MonitorContract.samplesRecorded;

let store: SqliteEventStore | undefined;
let service: AlertService | undefined;
/** Makes the service as `open` configured it (the backlog rounds start a fresh one). */
let makeService: (() => AlertService) | undefined;
let settings: Settings | undefined;
/** Waiters for `alerts.alert_fired` of a probe, by the probe's `probe` label. */
const firedWaiters = new Map<string, (atNs: bigint) => void>();
/** Sample timestamps must grow: the last one used. */
let lastTimestamp = 0;

function nextTimestamp(): number {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return lastTimestamp;
}

function probeRule(rule: ProbeRule, forDuration: string): RuleDoc {
  return {
    name: PROBE_RULES[rule],
    severity: 'warning',
    for: forDuration,
    condition: {
      kind: 'threshold',
      series: PROBE_METRIC[rule],
      matchers: [],
      aggregate: 'last',
      op: '>',
      threshold: THRESHOLD,
    },
  };
}

/**
 * The `<prefix>_created` event of a new definition, its document checked and completed by the
 * module's parser, as the API stores it (a document the runtime would ignore fails the run here).
 */
function resourceEvent<T>(
  resource: AlertResourceName,
  parse: (doc: unknown) => Parsed<T>,
  doc: unknown,
): { stream: string; event: EventToAppend } {
  const parsed = parse(doc);
  if (!parsed.ok) throw new Error(`${resource} document refused: ${describeFieldErrors(parsed.errors)}`);
  const { kind, eventPrefix } = AlertResourceKinds[resource];
  const id = newId();
  return {
    stream: `${kind}-${id}`,
    event: { type: `${eventPrefix}_created`, data: { id, doc: parsed.value } },
  };
}

/** Receivers, routes and rules as the API would append them. */
async function define(params: OpenParams): Promise<void> {
  const { settings: s, groupingUrl, fanoutUrls } = params;
  const resources: Array<{ stream: string; event: EventToAppend }> = [];
  resources.push(
    resourceEvent('receivers', parseReceiver, { name: 'bench-grouping', kind: 'webhook', url: groupingUrl }),
  );
  const fanoutNames = fanoutUrls.map((_, i) => `bench-fanout-${String(i).padStart(3, '0')}`);
  fanoutUrls.forEach((url, i) => {
    resources.push(resourceEvent('receivers', parseReceiver, { name: fanoutNames[i], kind: 'webhook', url }));
  });
  const route = (
    name: string,
    priority: number,
    rule: string,
    receivers: string[],
    groupWait: string,
    more = false,
  ) =>
    resourceEvent('routes', parseRoute, {
      name,
      priority,
      matchers: [`alertname="${rule}"`],
      receivers,
      groupBy: ['alertname', 'service'],
      groupWait,
      groupInterval: '5m',
      repeatInterval: '4h',
      // Fan-out routes all take the alert (each lists up to ROUTE_RECEIVERS receivers).
      continue: more,
    });
  resources.push(route('bench-grouping', 10, PROBE_RULES.grouping, ['bench-grouping'], s.groupWait));
  for (let from = 0; from < fanoutNames.length; from += ROUTE_RECEIVERS) {
    const part = from / ROUTE_RECEIVERS;
    const names = fanoutNames.slice(from, from + ROUTE_RECEIVERS);
    resources.push(
      route(`bench-fanout-${part}`, 20 + part, PROBE_RULES.fanout, names, s.fanoutGroupWait, true),
    );
  }
  const rules = [
    ...thresholdRules(s),
    probeRule('grouping', '0s'),
    probeRule('fanout', '0s'),
    probeRule('fire', s.fireFor),
  ];
  for (const rule of rules) resources.push(resourceEvent('rules', parseAlertRule, rule));
  for (const batch of chunks(resources, 200)) {
    await store!.appendToStreams(batch.map(({ stream, event }) => ({ streamId: stream, events: [event] })));
  }
}

function onAppended(events: ReadonlyArray<RecordedEvent>): void {
  if (firedWaiters.size === 0) return;
  const atNs = nowNs();
  for (const event of events) {
    if (event.type !== AlertEvents.fired) continue;
    const probe = (event.data as { labels?: Record<string, string> }).labels?.probe;
    if (probe === undefined) continue;
    const waiter = firedWaiters.get(probe);
    if (!waiter) continue;
    firedWaiters.delete(probe);
    waiter(atNs);
  }
}

function appendSamples(samples: BenchSample[]): Promise<unknown> {
  return store!.appendToStream(SAMPLES_STREAM, [
    { type: SAMPLES_RECORDED, data: { source: 'push', samples } },
  ]);
}

/**
 * Appends `count` samples (sweeps over every series, each sweep's timestamp the time it starts)
 * as events of `samplesPerEvent`, `eventsPerAppend` per append, one append after the other.
 */
async function appendSweeps(count: number): Promise<number> {
  const s = settings!;
  const sweepTimes: number[] = [];
  const timestampOf = (sweep: number) => (sweepTimes[sweep] ??= nextTimestamp());
  let events = 0;
  let batch: EventToAppend[] = [];
  const flush = async () => {
    await store!.appendToStream(SAMPLES_STREAM, batch);
    events += batch.length;
    batch = [];
  };
  for (const chunk of chunks(sweepSamples(s, count, timestampOf), s.samplesPerEvent)) {
    batch.push({ type: SAMPLES_RECORDED, data: { source: 'push', samples: chunk } });
    if (batch.length === s.eventsPerAppend) await flush();
  }
  if (batch.length > 0) await flush();
  return events;
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const MB = 1024 * 1024;

serveWorker({
  /**
   * Opens the store, appends the definitions, starts the service and gives it one sweep over
   * every series (so that the latency measurements run with the 10,000 series known).
   */
  async open(params: OpenParams): Promise<{ rules: number; series: number }> {
    settings = params.settings;
    store = SqliteEventStore.open({ file: path.join(params.dataDir, 'events.db'), synchronous: 'normal' });
    store.onAppended(onAppended);
    const logger = createLogger({
      level: 'info',
      pretty: false,
      destination: pino.destination({ dest: '/dev/null', sync: false }),
    });
    await define(params);
    const openedStore = store;
    makeService = () =>
      new AlertService({
        store: openedStore,
        settings: SETTINGS,
        logger: logger.child({ module: 'alerts' }),
        clock: systemClock,
      });
    service = makeService();
    await service.start();
    const series = settings.metrics * settings.labelSets;
    await appendSweeps(series);
    await service.waitUntilCaughtUp();
    loopDelay.enable();
    return { rules: settings.rules + 3, series };
  },

  /** Event-loop delay (p99, max) since the last call, heap and resident memory now. */
  async health(): Promise<ProcessHealth> {
    const { heapUsed, rss } = process.memoryUsage();
    const health: ProcessHealth = {
      loopDelayP99Ms: loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : 0,
      loopDelayMaxMs: loopDelay.count > 0 ? loopDelay.max / 1e6 : 0,
      heapUsedMb: heapUsed / MB,
      rssMb: rss / MB,
    };
    loopDelay.reset();
    return health;
  },

  /** Appends `samples` (see appendSweeps) and waits until the service has evaluated the last one. */
  async throughput({ samples }: { samples: number }): Promise<ThroughputRound> {
    const start = nowNs();
    const events = await appendSweeps(samples);
    const appendMs = elapsedMs(start);
    await service!.waitUntilCaughtUp();
    return { samples, events, ms: elapsedMs(start), appendMs };
  },

  /**
   * Evaluation from the log: the service is stopped, `samples` are appended, and a new service
   * (restoring the stopped one's snapshot) is timed from start until it has evaluated them all —
   * reading, decoding and evaluating on the embedded backend, without the cost of appending.
   */
  async backlog({ samples }: { samples: number }): Promise<ThroughputRound> {
    await service!.stop();
    const events = await appendSweeps(samples);
    service = makeService!();
    const start = nowNs();
    await service.start();
    await service.waitUntilCaughtUp();
    return { samples, events, ms: elapsedMs(start), appendMs: 0 };
  },

  /**
   * Fire latency: `probes` new series of the fire rule's metric cross its threshold, one every
   * `staggerMs`; for each, the time from the start of its append to the commit of its
   * `alerts.alert_fired` event, minus the rule's `for`.
   */
  async fireLatency({
    probes,
    staggerMs,
    forMs,
    tag,
  }: {
    probes: number;
    staggerMs: number;
    forMs: number;
    tag: string;
  }): Promise<number[]> {
    const runs: Array<Promise<number>> = [];
    for (let i = 0; i < probes; i++) {
      const probe = `${tag}-${i}`;
      const fired = new Promise<bigint>((resolve, reject) => {
        const timer = setTimeout(() => {
          firedWaiters.delete(probe);
          reject(new Error(`probe ${probe} did not fire within ${forMs + 30_000} ms`));
        }, forMs + 30_000);
        firedWaiters.set(probe, (atNs) => {
          clearTimeout(timer);
          resolve(atNs);
        });
      });
      let start = 0n;
      runs.push(fired.then((atNs) => Number(atNs - start) / 1e6 - forMs));
      start = nowNs();
      await appendSamples([
        { name: PROBE_METRIC.fire, value: THRESHOLD + 10, labels: { probe }, timestamp: nextTimestamp() },
      ]);
      if (i < probes - 1) await new Promise((resolve) => setTimeout(resolve, staggerMs));
    }
    return Promise.all(runs);
  },

  /**
   * Appends the sample that makes probe rule `rule` fire for a new series (labels `service`,
   * `probe`): a new alert, in a new group. Returns when its append started (nowNs, as a string).
   */
  async cross({ rule, service: serviceLabel }: { rule: ProbeRule; service: string }): Promise<string> {
    const start = nowNs();
    await appendSamples([
      {
        name: PROBE_METRIC[rule],
        value: THRESHOLD + 10,
        labels: { service: serviceLabel, probe: serviceLabel },
        timestamp: nextTimestamp(),
      },
    ]);
    return start.toString();
  },

  async close() {
    loopDelay.disable();
    await service?.stop();
    await store?.close();
  },
});
