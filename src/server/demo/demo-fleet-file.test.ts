import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DemoNotRunningError,
  demoFleetFilePath,
  parseDemoFleetFile,
  readDemoFleetFile,
  removeDemoFleetFile,
  writeDemoFleetFile,
} from './demo-fleet-file.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigia-demo-file-'));
});
afterEach(async () => {
  // Only ever the directory this test created.
  if (dataDir.startsWith(path.join(tmpdir(), 'vigia-demo-file-')))
    await rm(dataDir, { recursive: true, force: true });
});

const services = [
  { name: 'web', url: 'http://127.0.0.1:40001' },
  { name: 'db', url: 'http://[::1]:40002' },
];

describe('the demo fleet file', () => {
  it('is written and read back, and removed, in the data directory', async () => {
    const file = await writeDemoFleetFile(dataDir, services);
    expect(file).toBe(path.join(dataDir, 'demo-fleet.json'));
    expect(await readdir(dataDir)).toEqual(['demo-fleet.json']);
    expect(await readDemoFleetFile(dataDir)).toEqual({ services });
    await removeDemoFleetFile(dataDir);
    await removeDemoFleetFile(dataDir);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('says that no demo is running when there is no file (exit code 6)', async () => {
    const reading = readDemoFleetFile(dataDir);
    await expect(reading).rejects.toBeInstanceOf(DemoNotRunningError);
    await expect(reading).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(`no demo fleet is running in ${dataDir}`),
    });
  });

  it('refuses a file that is not JSON, or names a remote or repeated service, naming the field', async () => {
    await writeFile(demoFleetFilePath(dataDir), '{ nope');
    await expect(readDemoFleetFile(dataDir)).rejects.toThrow(/demo-fleet\.json is not valid JSON/);
    expect(() => parseDemoFleetFile({ services: [{ name: 'db', url: 'http://203.0.113.9:80' }] })).toThrow(
      /services\.0\.url: must be on loopback .*203\.0\.113\.9/,
    );
    expect(() => parseDemoFleetFile({ services: [...services, services[0]] })).toThrow(
      /services\.2\.name "web" appears twice/,
    );
    expect(() => parseDemoFleetFile({ services: [{ name: 'x y', url: services[0]!.url }] })).toThrow(
      /services\.0\.name/,
    );
    expect(() => parseDemoFleetFile({})).toThrow(/services/);
    await expect(writeDemoFleetFile(dataDir, [{ name: 'db', url: 'http://example.com' }])).rejects.toThrow(
      /loopback/,
    );
  });
});
