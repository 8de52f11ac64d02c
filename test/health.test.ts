import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DurableConsumer, SqliteEventStore } from '../src/events/index.js';
import { silentLogger } from '../src/kernel/index.js';
import { createVigiaServer, type VigiaServer } from '../src/server/index.js';

let dir: string;
let store: SqliteEventStore;
let server: VigiaServer;
let consumer: DurableConsumer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-health-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  consumer = new DurableConsumer(store, { name: 'health-probe', handle: async () => undefined });
  server = await createVigiaServer({ store, logger: silentLogger(), version: 'test', consumers: [consumer] });
  await server.app.ready();
});

afterAll(async () => {
  await consumer.stop();
  await server.app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ready = () => server.app.inject({ method: 'GET', url: '/health/ready' });

describe('/health/ready', () => {
  it('is ready only while the store answers and every background consumer runs', async () => {
    expect((await ready()).statusCode).toBe(503);
    await consumer.start();
    expect((await ready()).statusCode).toBe(200);
    await consumer.stop();
    const stopped = await ready();
    expect(stopped.statusCode).toBe(503);
    // It says no more than that.
    expect(stopped.json()).toEqual({ status: 'unavailable' });
    await consumer.start();
    expect((await ready()).json()).toEqual({ status: 'ok' });
  });

  it('is not ready once the store stops answering, and live stays up', async () => {
    await consumer.stop();
    await store.close();
    expect((await ready()).statusCode).toBe(503);
    expect((await server.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});
