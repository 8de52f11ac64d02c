import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../events/index.js';
import { HttpProblemError } from '../problem.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import { ResourceStore } from '../resources/resource-store.js';
import { ConfigMonitorsError, describeEntryError, syncConfigMonitors } from './config-monitors.js';
import { CONFIG_FILE_LABEL, MANAGED_BY_LABEL } from './config-ownership.js';
import { monitorResource } from './monitor-resource.js';

const FILE = '/etc/vigia/vigia.yaml';
const API = { actor: 'user:ana' };

let dir: string;
let store: SqliteEventStore;
let resources: ResourceStore;
let monitors: ResourceDefinition;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vigia-config-monitors-'));
  store = SqliteEventStore.open({ file: path.join(dir, 'events.db') });
  resources = new ResourceStore(store);
  monitors = monitorResource(() => resources);
  await resources.start([monitors]);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const web = { name: 'web-home', kind: 'http', service: 'web', url: 'http://127.0.0.1:9/' };
const db = { name: 'db-port', kind: 'tcp', service: 'db', host: '127.0.0.1', port: 5432 };
const dns = { name: 'dns-a', kind: 'dns', service: 'dns', hostname: 'example.org' };

const sync = (entries: unknown[]) => syncConfigMonitors(resources, monitors, entries, { file: FILE });

async function stored(): Promise<Map<string, Record<string, unknown>>> {
  const page = await resources.list(monitors, { limit: 500, filters: {} });
  return new Map(page.items.map((m) => [String(m.doc.name), { ...m.doc, id: m.id, version: m.version }]));
}

async function eventCount(): Promise<number> {
  let count = 0;
  for await (const _ of store.readAll()) count++;
  return count;
}

async function refusal(work: Promise<unknown>): Promise<ConfigMonitorsError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigMonitorsError);
  return error as ConfigMonitorsError;
}

describe('syncConfigMonitors', () => {
  it('creates, then leaves unchanged entries alone (no event), replaces changed ones and deletes dropped ones', async () => {
    expect(await sync([web, db])).toEqual({
      created: ['web-home', 'db-port'],
      updated: [],
      deleted: [],
      unchanged: 0,
    });
    const first = await stored();
    expect(first.get('web-home')).toMatchObject({
      url: 'http://127.0.0.1:9/',
      labels: { [MANAGED_BY_LABEL]: 'config', [CONFIG_FILE_LABEL]: FILE },
    });
    const events = await eventCount();
    const created = await store.readStream(`monitors-${first.get('web-home')!.id}`);
    expect(created.map((e) => [e.type, e.metadata.actor])).toEqual([
      ['monitor.monitor_created', `config:${FILE}`],
    ]);

    // Same content, other key order: nothing to do, nothing written.
    const reordered = { url: web.url, service: 'web', kind: 'http', name: 'web-home' };
    expect(await sync([db, reordered])).toEqual({ created: [], updated: [], deleted: [], unchanged: 2 });
    expect(await eventCount()).toBe(events);

    expect(await sync([{ ...web, url: 'http://127.0.0.1:10/health' }, dns])).toEqual({
      created: ['dns-a'],
      updated: ['web-home'],
      deleted: ['db-port'],
      unchanged: 0,
    });
    const after = await stored();
    expect([...after.keys()].sort()).toEqual(['dns-a', 'web-home']);
    expect(after.get('web-home')).toMatchObject({ url: 'http://127.0.0.1:10/health', version: 2 });
    expect(after.get('web-home')!.id).toBe(first.get('web-home')!.id);
  });

  it('never touches monitors created through the API, and refuses an entry that takes their name', async () => {
    const api = await resources.create(monitors, { ...db, name: 'api-made' }, API);
    await sync([web]);
    expect(await sync([])).toEqual({ created: [], updated: [], deleted: ['web-home'], unchanged: 0 });
    expect((await resources.get(monitors, api.id))?.version).toBe(1);

    const events = await eventCount();
    const error = await refusal(sync([web, { ...dns, name: 'api-made' }]));
    expect(error.errors).toEqual([
      expect.objectContaining({ index: 1, name: 'api-made', field: 'monitors[1].name' }),
    ]);
    expect(error.errors[0]!.message).toContain(api.id);
    expect(await eventCount()).toBe(events);
    expect([...(await stored()).keys()]).toEqual(['api-made']);
  });

  it('changes nothing when one entry is wrong, and names each wrong entry by index, name and field', async () => {
    await sync([web]);
    const before = await stored();
    const events = await eventCount();
    const error = await refusal(
      sync([
        { ...web, url: 'http://127.0.0.1:11/' },
        db,
        { ...web, name: 'api-health', url: 'ftp://user:s3cret@example.org/' },
        { ...db, name: 'negative', intervalSeconds: -5 },
        { ...db, name: 'strange', kind: 'smtp' },
        { ...web, name: 'asserts', assertions: [{ jsonPath: 'status', matches: '([' }] },
        'not a monitor',
      ]),
    );
    expect(error.errors.map((e) => e.field)).toEqual([
      'monitors[2].url',
      'monitors[3].intervalSeconds',
      'monitors[4].kind',
      'monitors[5].assertions[0].matches',
      'monitors[6]',
    ]);
    expect(describeEntryError(error.errors[0]!)).toBe(
      'monitors[2] (name "api-health"): url must be an http:// or https:// URL',
    );
    // The URL may carry credentials: the report keeps the field, never the value.
    expect(error.message).not.toContain('s3cret');
    expect(error.message).toContain('monitors[3] (name "negative"): intervalSeconds must be an integer');
    expect(error.message).toContain('monitors[6]: must be an object');
    expect(await eventCount()).toBe(events);
    expect(await stored()).toEqual(before);
  });

  it('refuses names used twice in the file, reserved labels and what the API would refuse as too long', async () => {
    const error = await refusal(
      sync([
        web,
        { ...db, name: 'web-home' },
        { ...dns, labels: { [MANAGED_BY_LABEL]: 'me' } },
        { ...dns, name: `x${'y'.repeat(150)}` },
      ]),
    );
    expect(error.errors.map((e) => [e.field, e.message])).toEqual([
      ['monitors[1].name', 'is also the name of monitors[0]'],
      [`monitors[2].labels.${MANAGED_BY_LABEL}`, 'is set by Vigia on monitors from the file; remove it'],
      ['monitors[3].name', 'must be at most 100 characters, got 151'],
    ]);
    expect(await stored()).toEqual(new Map());
  });

  it('keeps a pause made through the API across reloads, unless the file sets paused', async () => {
    await sync([web]);
    const current = (await resources.list(monitors, { limit: 10, filters: {} })).items[0]!;
    await resources.replace(monitors, current.id, { ...current.doc, paused: true }, current.version, API);
    expect(await sync([web])).toMatchObject({ updated: [], unchanged: 1 });
    expect((await stored()).get('web-home')?.paused).toBe(true);
    expect(await sync([{ ...web, paused: false }])).toMatchObject({ updated: ['web-home'] });
    expect((await stored()).get('web-home')?.paused).toBe(false);
  });
});

describe('API writes to monitors from the configuration file', () => {
  it('are refused with MANAGED_BY_CONFIG naming the file, except pause and resume', async () => {
    await sync([web]);
    const current = (await resources.list(monitors, { limit: 10, filters: {} })).items[0]!;
    const changeUrl = resources.replace(
      monitors,
      current.id,
      { ...current.doc, url: 'http://127.0.0.1:12/' },
      current.version,
      API,
    );
    await expect(changeUrl).rejects.toMatchObject({ status: 409, code: 'MANAGED_BY_CONFIG' });
    await expect(changeUrl).rejects.toThrow(FILE);
    await expect(resources.remove(monitors, current.id, undefined, API)).rejects.toMatchObject({
      status: 409,
      code: 'MANAGED_BY_CONFIG',
    });
    const paused = await resources.replace(
      monitors,
      current.id,
      { ...current.doc, paused: true },
      current.version,
      API,
    );
    expect(paused.doc.paused).toBe(true);
  });

  it('may not claim the ownership labels for a monitor of their own', async () => {
    const claim = resources.create(
      monitors,
      { ...db, labels: { [MANAGED_BY_LABEL]: 'config', [CONFIG_FILE_LABEL]: FILE } },
      API,
    );
    await expect(claim).rejects.toBeInstanceOf(HttpProblemError);
    await expect(claim).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await stored()).toEqual(new Map());
  });
});
