import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test webhook receiver got: the parsed body and the headers of each request. */
export interface ReceivedWebhook {
  body: Record<string, unknown>;
  raw: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A webhook receiver on 127.0.0.1 for tests: records requests, answers `status()` (200 by default). */
export async function startWebhookReceiver(status: () => number = () => 200): Promise<{
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const code = status();
      if (code < 300)
        received.push({ body: JSON.parse(raw) as Record<string, unknown>, raw, headers: request.headers });
      response.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
