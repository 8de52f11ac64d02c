/**
 * Webhook receivers for the alerting benchmark: N HTTP servers on 127.0.0.1 (free ports) that
 * answer 200 at once and record each request's arrival time (nowNs, taken when the body has
 * been read) and parsed JSON body. Both Alertmanager's and Vigia's notifications land here, so
 * both sides are timed by the same clock in the same process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowNs } from '../lib/timing.js';

/** One notification as a receiver got it. */
export interface Arrival {
  /** Index of the receiver (0 … N-1). */
  receiver: number;
  /** When its body had been read (nowNs). */
  atNs: bigint;
  body: unknown;
}

/** Picks, from a notification body, whether it is the one awaited. */
export type ArrivalMatch = (body: unknown) => boolean;

interface Waiter {
  match: ArrivalMatch;
  /** First matching arrival per receiver. */
  got: Map<number, Arrival>;
  receivers: ReadonlySet<number>;
  resolve: (arrivals: Arrival[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class WebhookSink {
  private readonly arrivals: Arrival[] = [];
  private readonly waiters = new Set<Waiter>();

  private constructor(
    private readonly servers: Server[],
    /** `http://127.0.0.1:<port>/hook` per receiver. */
    readonly urls: ReadonlyArray<string>,
  ) {}

  /** Starts `count` receivers (1 … 100). */
  static async start(count: number): Promise<WebhookSink> {
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      throw new Error(`receivers must be 1 … 1000, not ${count}`);
    }
    const servers: Server[] = [];
    const urls: string[] = [];
    let sink: WebhookSink | undefined;
    const pendingArrivals: Arrival[] = [];
    for (let index = 0; index < count; index++) {
      const server = createServer((request, response) => {
        void readBody(request, response).then((body) => {
          const arrival: Arrival = { receiver: index, atNs: nowNs(), body };
          if (sink) sink.record(arrival);
          else pendingArrivals.push(arrival);
        });
      });
      server.keepAliveTimeout = 60_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
    }
    sink = new WebhookSink(servers, urls);
    for (const arrival of pendingArrivals) sink.record(arrival);
    return sink;
  }

  get size(): number {
    return this.servers.length;
  }

  /** Every notification received so far, in arrival order. */
  all(): ReadonlyArray<Arrival> {
    return this.arrivals;
  }

  /** Forgets what was received (between rounds, to keep memory flat). */
  clear(): void {
    this.arrivals.length = 0;
  }

  /**
   * Resolves with the first arrival matching `match` at each of `receivers` (all by default),
   * counting those already received; rejects after `timeoutMs`.
   */
  waitFor(match: ArrivalMatch, timeoutMs: number, receivers?: ReadonlyArray<number>): Promise<Arrival[]> {
    const wanted = new Set(receivers ?? this.servers.map((_, index) => index));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        got: new Map(),
        receivers: wanted,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(
            new Error(
              `only ${waiter.got.size} of ${wanted.size} receivers got the notification within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
      for (const arrival of this.arrivals) this.offer(waiter, arrival);
    });
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('webhook sink closed'));
    }
    this.waiters.clear();
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  private record(arrival: Arrival): void {
    this.arrivals.push(arrival);
    for (const waiter of [...this.waiters]) this.offer(waiter, arrival);
  }

  private offer(waiter: Waiter, arrival: Arrival): void {
    if (!waiter.receivers.has(arrival.receiver) || waiter.got.has(arrival.receiver)) return;
    if (!waiter.match(arrival.body)) return;
    waiter.got.set(arrival.receiver, arrival);
    if (waiter.got.size < waiter.receivers.size) return;
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    waiter.resolve([...waiter.got.values()]);
  }
}

/** Reads and parses the body, then answers 200 (an unparsable body is kept as its text). */
async function readBody(request: IncomingMessage, response: ServerResponse): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('ok');
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Whether a notification body (Alertmanager's or Vigia's webhook payload) carries an alert with these labels. */
export function hasAlertWith(labels: Readonly<Record<string, string>>, status = 'firing'): ArrivalMatch {
  return (body) => {
    if (typeof body !== 'object' || body === null) return false;
    const alerts = (body as { alerts?: unknown }).alerts;
    if (!Array.isArray(alerts)) return false;
    return alerts.some((alert: unknown) => {
      if (typeof alert !== 'object' || alert === null) return false;
      const a = alert as { labels?: Record<string, unknown>; status?: unknown };
      if (a.status !== undefined && a.status !== status) return false;
      return Object.entries(labels).every(([name, value]) => a.labels?.[name] === value);
    });
  };
}
