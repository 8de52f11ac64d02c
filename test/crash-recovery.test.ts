import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventStore, PostgresEventStore, SqliteEventStore } from '../src/events/index.js';
import { crashConsumer, projectionTable } from './fixtures/crash-writer.js';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from './support/postgres.js';

const writerScript = path.join(import.meta.dirname, 'fixtures', 'crash-writer.ts');

/** Starts the writer, waits for `minAcks` acknowledged appends, then SIGKILLs it mid-stream. */
async function runAndKill(args: string[], minAcks: number): Promise<number[]> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', writerScript, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: number[] = [];
  let stderr = '';
  let buffered = '';
  let acks = 0;
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('ack ')) continue;
        for (const p of line.slice(4).split(' ')) acked.push(Number(p));
        if (++acks === minAcks) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          child.on('exit', () => resolve());
        }
      }
    });
  });
  return acked;
}

async function verifyRecovery(store: EventStore, acked: number[]): Promise<{ events: number; head: number }> {
  const stored = new Set<number>();
  for await (const event of store.readAll()) stored.add(event.position);
  for (const position of acked) expect(stored.has(position)).toBe(true);

  const consumer = crashConsumer(store);
  await consumer.start();
  await consumer.waitUntilCaughtUp();
  await consumer.stop();
  const rows = await store.withTransaction((tx) =>
    tx.query<{ total: number | string; max_seen: number | string }>(
      `SELECT count(*) AS total, max(seen) AS max_seen FROM ${projectionTable}`,
    ),
  );
  expect(Number(rows[0]!.total)).toBe(stored.size);
  expect(Number(rows[0]!.max_seen)).toBe(1);
  return { events: stored.size, head: await store.headPosition() };
}

describe('crash recovery (kill -9 during appends)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('SQLite keeps every acknowledged append, without gaps, and the consumer resumes exactly once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigia-crash-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'events.db');
    const acked = await runAndKill(['sqlite', file], 400);
    expect(acked.length).toBeGreaterThan(400);

    const store = SqliteEventStore.open({ file });
    cleanups.push(() => store.close());
    const { events, head } = await verifyRecovery(store, acked);
    expect(events).toBe(head);
    const more = await store.appendToStream('after-crash', [{ type: 'crash.after', data: {} }]);
    expect(more.positions[0]).toBe(head + 1);
  });

  const url = postgresUrlOrSkip();
  it.skipIf(url === null)(
    'PostgreSQL keeps every acknowledged append and the consumer resumes exactly once',
    async () => {
      const schema = uniqueSchema('crash');
      cleanups.push(() => dropSchema(url!, schema));
      const acked = await runAndKill(['postgres', url!, schema], 300);
      const store = await PostgresEventStore.open({ connectionString: url!, schema });
      cleanups.push(() => store.close());
      await verifyRecovery(store, acked);
    },
  );
});
