import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/index.js';
import { type DemoLogReceiver, startDemoLogReceiver } from './log-receiver.js';

let receiver: DemoLogReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function startCapturing(): Promise<{ lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  receiver = await startDemoLogReceiver(logger);
  return { lines };
}

function post(url: string, body: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

const notification = {
  version: 1,
  receiver: 'demo-log',
  status: 'firing',
  reason: 'group',
  groupLabels: { alertname: 'demo-service-down', service: 'db' },
  alerts: [
    { status: 'firing', labels: { alertname: 'demo-service-down', service: 'db', severity: 'critical' } },
    { status: 'firing', labels: { alertname: 'demo-service-down', service: 'db', monitor: 'demo-db-2' } },
    { status: 'firing', labels: { alertname: 'demo-high-cpu', service: 'api' } },
  ],
};

describe('the demo log receiver', () => {
  it('listens on loopback, logs each notification as one info line and answers 200', async () => {
    const { lines } = await startCapturing();
    expect(receiver!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/notifications$/);
    const response = await post(receiver!.url, JSON.stringify(notification));
    expect(response.status).toBe(200);
    const logged = lines.filter((line) => line.level === 30);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      status: 'firing',
      alerts: ['demo-service-down', 'demo-high-cpu'],
      services: ['db', 'api'],
      msg: 'alert notification (firing): demo-service-down, demo-high-cpu on db, api',
    });

    await post(
      receiver!.url,
      JSON.stringify({ ...notification, status: 'resolved', alerts: [notification.alerts[0]] }),
    );
    expect(lines.filter((line) => line.level === 30)[1]).toMatchObject({
      status: 'resolved',
      services: ['db'],
    });
  });

  it('refuses what is not a notification, other methods and paths, without logging it as one', async () => {
    const { lines } = await startCapturing();
    expect((await post(receiver!.url, 'not json')).status).toBe(400);
    expect((await post(receiver!.url, '{"status":"firing"}')).status).toBe(400);
    expect((await fetch(receiver!.url)).status).toBe(405);
    expect((await post(receiver!.url.replace('/notifications', '/other'), '{}')).status).toBe(404);
    expect(lines.filter((line) => line.level === 30)).toEqual([]);
    expect(lines.filter((line) => line.level === 40)).toHaveLength(2);
  });

  it('closes its port', async () => {
    await startCapturing();
    const url = receiver!.url;
    await receiver!.close();
    await expect(post(url, JSON.stringify(notification))).rejects.toThrow();
  });
});
