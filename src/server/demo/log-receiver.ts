import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../../kernel/index.js';

/** The path the demo's webhook receiver posts to. */
const PATH = '/notifications';
/** Notifications are small; a bigger body is refused without being buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The part of a webhook notification (payload version 1) the log line shows. */
const notificationSchema = z.object({
  status: z.string(),
  reason: z.string().optional(),
  receiver: z.string().optional(),
  alerts: z.array(z.object({ labels: z.record(z.string(), z.string()).default({}) })),
});

/** A running log receiver. */
export interface DemoLogReceiver {
  /** Where the demo's webhook receiver sends: http://127.0.0.1:<port>/notifications. */
  url: string;
  close(): Promise<void>;
}

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, logger: Logger): Promise<void> {
  if ((req.url ?? '/').split('?')[0] !== PATH) return answer(res, 404, { error: `POST to ${PATH}` });
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return answer(res, 405, { error: `${req.method} is not allowed here; use POST` });
  }
  const text = await readBody(req);
  if (text === undefined) {
    res.setHeader('connection', 'close');
    return answer(res, 413, { error: `body: larger than ${MAX_BODY_BYTES} bytes` });
  }
  let parsed: z.infer<typeof notificationSchema>;
  try {
    parsed = notificationSchema.parse(JSON.parse(text));
  } catch {
    logger.warn('demo log receiver: a request that is not a webhook notification was refused');
    return answer(res, 400, { error: 'body: must be a Vigia webhook notification (JSON)' });
  }
  const alerts = distinct(parsed.alerts.map((alert) => alert.labels.alertname));
  const services = distinct(parsed.alerts.map((alert) => alert.labels.service));
  logger.info(
    { status: parsed.status, reason: parsed.reason, alerts, services },
    `alert notification (${parsed.status}): ${alerts.join(', ') || 'no alert names'} on ${services.join(', ') || 'no service'}`,
  );
  answer(res, 200, { ok: true });
}

/** Starts the demo's notification receiver on 127.0.0.1 (a free port): each notification becomes one log line. */
export async function startDemoLogReceiver(logger: Logger): Promise<DemoLogReceiver> {
  const server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000 }, (req, res) => {
    handle(req, res, logger).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
