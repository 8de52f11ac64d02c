import autocannon from 'autocannon';
import { percentile } from '../lib/stats.js';

/** The requests of one case: what autocannon sends, over and over, on every connection. */
export interface LoadCase {
  /** Origin of the server, e.g. `http://127.0.0.1:43123`. */
  origin: string;
  method: 'GET' | 'POST';
  /** The path, or a function giving each request its own (appends rotate over streams). */
  path: string | (() => string);
  headers?: Record<string, string>;
  body?: string;
}

/** One measured round. Latencies are autocannon's per-response times, in milliseconds. */
export interface LoadSample {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** 2xx responses counted. */
  ok: number;
  seconds: number;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
}

/**
 * Offers closed-loop load (each connection sends its next request when the answer arrives) for
 * `seconds` and measures it. Throws when any response is not 2xx or any request fails, so a
 * refused or broken request can never pass for a fast one.
 */
export async function runLoad(load: LoadCase, options: LoadOptions): Promise<LoadSample> {
  // autocannon's own latency histogram keeps whole milliseconds; sub-millisecond reads need more.
  const latencies: number[] = [];
  const refused = new Map<number, number>();
  const { path } = load;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${load.origin}${typeof path === 'string' ? path : '/'}`,
        method: load.method,
        headers: load.headers ?? {},
        ...(load.body === undefined ? {} : { body: load.body }),
        ...(typeof path === 'function'
          ? { requests: [{ setupRequest: (r) => ({ ...r, path: path() }) }] }
          : {}),
        connections: options.connections,
        duration: options.seconds,
        // The run ends at the first sample tick after `duration`: tick often to end on time.
        sampleInt: 250,
        timeout: 10,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else refused.set(statusCode, (refused.get(statusCode) ?? 0) + 1);
    });
  });
  if (refused.size > 0 || result.errors > 0 || result.timeouts > 0) {
    const statuses = [...refused].map(([status, count]) => `${count} × ${status}`).join(', ');
    throw new Error(
      `${load.method} ${typeof path === 'string' ? path : path()}: ${statuses || 'no refusals'}; ` +
        `${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  if (latencies.length === 0) throw new Error(`${load.method}: no response within ${options.seconds} s`);
  return {
    requestsPerSecond: latencies.length / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    ok: latencies.length,
    seconds: result.duration,
  };
}
