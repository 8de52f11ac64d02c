import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  type Clock,
  type Logger,
  silentLogger,
  systemClock,
  type TimerHandle,
  ValidationError,
  VigiaError,
} from '../../kernel/index.js';
import { allowMethods, readLimitedBody, sendJson, sendTooLarge } from './http-io.js';
import { MetricsPusher, type PushStats, pushTargetProblem, type ResourceSample } from './metrics-pusher.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheusText } from './prometheus-text.js';
import {
  DEFAULT_FAULTS,
  describeIssues,
  type FaultSettings,
  faultFields,
  MAX_CHAOS_BODY_BYTES,
  parseFaultPatch,
  portSchema,
  pushFields,
  serviceNameSchema,
} from './settings-schema.js';

/** Options of one simulated service; fault settings left out take DEFAULT_FAULTS. */
export interface SimulatedServiceOptions extends Partial<FaultSettings> {
  name: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Names of the services this one calls; informational, shown by GET /info. */
  dependsOn?: string[];
  /** Where to POST cpu/memory samples; off unless given. Must be loopback unless allowRemotePush. */
  pushUrl?: string;
  /** Default 10,000 ms. */
  pushIntervalMs?: number;
  /** Sent as `authorization: Bearer <pushToken>`. */
  pushToken?: string;
  allowRemotePush?: boolean;
  logger?: Logger;
  clock?: Clock;
  /** Uniform random numbers in [0, 1); injectable so tests can pin the dice. */
  random?: () => number;
}

/** Request counts of a service since it started. */
export interface SimulatedServiceStats {
  /** Service requests received (the /chaos, /metrics and /info control routes are not counted). */
  requests: number;
  /** Service requests answered 500 or dropped while unavailable. */
  errors: number;
  push: PushStats;
}

const DEFAULT_PUSH_INTERVAL_MS = 10_000;
/** Noise amplitude of each resource sample, in percentage points either side of the baseline. */
const CPU_NOISE = 3;
const MEMORY_NOISE = 1;

const optionsSchema = z
  .object({
    name: serviceNameSchema,
    port: portSchema.optional(),
    host: z.string().min(1).optional(),
    dependsOn: z.array(serviceNameSchema).max(100).optional(),
  })
  .extend(z.object(faultFields).partial().shape)
  .extend(z.object(pushFields).partial().shape)
  .strict();

function clampPercent(value: number): number {
  return Math.round(Math.min(100, Math.max(0, value)) * 10) / 10;
}

/**
 * One fake HTTP service on plain node:http (cheap per request, no per-request logging).
 * Service routes (`/`, `/health`, anything else) obey the injected faults; `/chaos` and `/metrics`
 * do not, and while unavailable every route but `/chaos` gets its connection destroyed.
 */
export class SimulatedService {
  /** The service name, as in metric labels and answers. */
  readonly name: string;
  /** Services this one calls (informational). */
  readonly dependsOn: readonly string[];
  private readonly initial: Readonly<FaultSettings>;
  private current: FaultSettings;
  private readonly server: Server;
  private readonly pending = new Set<TimerHandle>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly pusher: MetricsPusher | undefined;
  private readonly okBody: string;
  private readonly failBody: string;
  private readonly notFoundBody: string;
  private requests = 0;
  private errors = 0;
  private boundPort: number | undefined;
  private startedAt = '';
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: SimulatedServiceOptions) {
    const parsed = optionsSchema.safeParse(stripRuntime(options));
    if (!parsed.success) {
      const where = typeof options.name === 'string' ? ` "${options.name}"` : '';
      throw new ValidationError(
        `Invalid simulated service${where}: ${describeIssues(parsed.error.issues, 'options')}`,
      );
    }
    if (options.pushUrl !== undefined) {
      const problem = pushTargetProblem(options.pushUrl, options.allowRemotePush === true);
      if (problem)
        throw new ValidationError(`Invalid simulated service "${options.name}": pushUrl ${problem}`);
    }
    this.name = options.name;
    this.dependsOn = Object.freeze([...(options.dependsOn ?? [])]);
    const initial = { ...DEFAULT_FAULTS };
    for (const key of Object.keys(DEFAULT_FAULTS) as Array<keyof FaultSettings>) {
      if (options[key] !== undefined) Object.assign(initial, { [key]: options[key] });
    }
    this.initial = Object.freeze(initial);
    this.current = { ...initial };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger();
    // Answers are built once: at 1,000 requests/s every allocation counts.
    this.okBody = JSON.stringify({ status: 'ok', service: this.name });
    this.failBody = JSON.stringify({ status: 'error', service: this.name, error: 'injected failure' });
    this.notFoundBody = JSON.stringify({ status: 'not_found', service: this.name });
    this.server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 });
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
    if (options.pushUrl !== undefined) {
      this.pusher = new MetricsPusher({
        service: this.name,
        url: options.pushUrl,
        intervalMs: options.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS,
        token: options.pushToken,
        sample: () => this.sample(),
        clock: this.clock,
        logger: this.logger,
      });
    }
  }

  /** Listens (default 127.0.0.1, port 0 = free) and starts pushing if configured; resolves with the URL. */
  async start(): Promise<string> {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.message;
        reject(
          new VigiaError(
            'SIMULATOR_LISTEN_FAILED',
            `Simulated service "${this.name}" cannot listen on ${host}:${port}: ${why}`,
            {
              cause: error,
              details: { service: this.name, host, port },
            },
          ),
        );
      };
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    this.startedAt = new Date(this.clock.now()).toISOString();
    this.pusher?.start();
    return this.url;
  }

  /** The port it listens on (known once started). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error(`Simulated service "${this.name}" is not started`);
    return this.boundPort;
  }

  /** Base URL, e.g. http://127.0.0.1:43125 (IPv6 hosts in brackets). */
  get url(): string {
    const host = this.options.host ?? '127.0.0.1';
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  /** The fault settings in force. */
  faults(): FaultSettings {
    return { ...this.current };
  }

  /** Switches any subset of the faults, validated like a POST /chaos body; returns the settings in force. */
  setFaults(patch: Partial<FaultSettings>): FaultSettings {
    const parsed = parseFaultPatch(patch);
    if (!parsed.ok) throw new ValidationError(`Invalid faults for "${this.name}": ${parsed.error}`);
    Object.assign(this.current, parsed.patch);
    return this.faults();
  }

  /** Restores the settings the service started with. */
  resetFaults(): FaultSettings {
    this.current = { ...this.initial };
    return this.faults();
  }

  /** One noisy sample around the cpu/memory baselines. */
  sample(): ResourceSample {
    const noise = (amplitude: number) => (this.random() * 2 - 1) * amplitude;
    return {
      cpuPercent: clampPercent(this.current.cpuPercent + noise(CPU_NOISE)),
      memoryPercent: clampPercent(this.current.memoryPercent + noise(MEMORY_NOISE)),
    };
  }

  /** Request and push counts since start. */
  stats(): SimulatedServiceStats {
    const push = this.pusher?.stats() ?? { sent: 0, failed: 0 };
    return { requests: this.requests, errors: this.errors, push };
  }

  /** Stops pushing, closes the port and cuts open connections (no drain: it is a simulator). */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      this.pusher?.stop();
      for (const timer of this.pending) timer.cancel();
      this.pending.clear();
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.stopping;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (path === '/chaos' || path === '/chaos/reset') {
      this.handleChaos(path, req, res).catch(() => res.destroy());
    } else if (!this.current.available) {
      // A down service looks like a network error to checks, not like an HTTP answer.
      this.requests++;
      this.errors++;
      req.socket.destroy();
    } else if (path === '/metrics') {
      if (allowMethods(req, res, 'GET, HEAD')) this.handleMetrics(res);
    } else if (path === '/info') {
      if (allowMethods(req, res, 'GET, HEAD')) {
        sendJson(res, 200, { service: this.name, dependsOn: this.dependsOn, startedAt: this.startedAt });
      }
    } else {
      this.requests++;
      if (allowMethods(req, res, 'GET, HEAD')) this.answerWithFaults(path, res);
    }
  }

  private answerWithFaults(path: string, res: ServerResponse): void {
    const { failureRate, latencyMs, jitterMs } = this.current;
    const fail = failureRate > 0 && this.random() < failureRate;
    const known = path === '/' || path === '/health';
    const answer = () => {
      if (fail) this.errors++;
      const body = fail ? this.failBody : known ? this.okBody : this.notFoundBody;
      res.writeHead(fail ? 500 : known ? 200 : 404, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    };
    const delay = latencyMs + (jitterMs > 0 ? this.random() * jitterMs : 0);
    if (delay < 1) {
      answer();
      return;
    }
    const timer = this.clock.setTimer(delay, () => {
      this.pending.delete(timer);
      if (!res.destroyed) answer();
    });
    this.pending.add(timer);
  }

  private async handleChaos(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (path === '/chaos/reset') {
      if (!allowMethods(req, res, 'POST')) return;
      req.resume();
      sendJson(res, 200, this.resetFaults());
      return;
    }
    if (!allowMethods(req, res, 'GET, HEAD, POST')) return;
    if (req.method !== 'POST') {
      sendJson(res, 200, this.faults());
      return;
    }
    const body = await readLimitedBody(req, MAX_CHAOS_BODY_BYTES);
    if (!body.ok) {
      if (body.reason === 'too-large') sendTooLarge(res, MAX_CHAOS_BODY_BYTES);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      sendJson(res, 400, { error: 'body: not valid JSON (send an object such as {"failureRate":0.5})' });
      return;
    }
    const parsed = parseFaultPatch(json);
    if (!parsed.ok) {
      sendJson(res, 400, { error: parsed.error });
      return;
    }
    Object.assign(this.current, parsed.patch);
    this.logger.info({ service: this.name, faults: this.current }, 'simulated service faults switched');
    sendJson(res, 200, this.faults());
  }

  private handleMetrics(res: ServerResponse): void {
    const { cpuPercent, memoryPercent } = this.sample();
    const text = renderPrometheusText(this.name, [
      { name: 'cpu_percent', help: 'Simulated CPU usage in percent.', type: 'gauge', value: cpuPercent },
      {
        name: 'memory_percent',
        help: 'Simulated memory usage in percent.',
        type: 'gauge',
        value: memoryPercent,
      },
      {
        name: 'requests_total',
        help: 'Service requests received (control routes excluded).',
        type: 'counter',
        value: this.requests,
      },
      {
        name: 'errors_total',
        help: 'Service requests answered 500 or dropped while unavailable.',
        type: 'counter',
        value: this.errors,
      },
    ]);
    res.writeHead(200, {
      'content-type': PROMETHEUS_CONTENT_TYPE,
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}

/** The data fields of the options (logger, clock and random are objects zod need not see). */
function stripRuntime(options: SimulatedServiceOptions): Record<string, unknown> {
  const { logger: _logger, clock: _clock, random: _random, ...data } = options;
  return data;
}

/** Creates and starts a simulated service. */
export async function startSimulatedService(options: SimulatedServiceOptions): Promise<SimulatedService> {
  const service = new SimulatedService(options);
  await service.start();
  return service;
}
