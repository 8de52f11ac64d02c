import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from './config.js';
import { ConfigError } from './errors.js';

function yamlFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'vigia-config-')), 'vigia.yaml');
  writeFileSync(file, text);
  return file;
}

describe('configuration', () => {
  it('has working defaults with no file and no environment', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({
      dataDir: './vigia-data',
      server: { host: '127.0.0.1', port: 8080 },
      events: { backend: 'sqlite', maxEventBytes: 1024 * 1024, sqlite: { synchronous: 'normal' } },
    });
  });

  it('reads vigia.yaml, lets VIGIA_* variables override it, and CLI overrides win last', () => {
    const file = yamlFile('dataDir: /srv/vigia\nserver:\n  port: 9000\nevents:\n  backend: postgres\n');
    const config = loadConfig({
      file,
      env: { VIGIA_PORT: '9100', VIGIA_POSTGRES_URL: 'postgres://db/vigia' },
      overrides: { dataDir: '/override' },
    });
    expect(config.server.port).toBe(9100);
    expect(config.dataDir).toBe('/override');
    expect(config.events).toMatchObject({ backend: 'postgres', postgres: { url: 'postgres://db/vigia' } });
  });

  it('names the key and the expected form when a value is wrong', () => {
    const error = (() => {
      try {
        parseConfig({ server: { port: 'eighty' }, events: { backend: 'mongo' } });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.code).toBe('CONFIG_INVALID');
    expect(error!.message).toContain('server.port');
    expect(error!.message).toContain('events.backend');
    expect(error!.message).toMatch(/sqlite|postgres/);
  });

  it('rejects unknown keys, so typos do not pass silently', () => {
    expect(() => parseConfig({ sever: { port: 1 } })).toThrow(/unknown key\(s\) sever/);
    expect(() => parseConfig({ events: { backnd: 'sqlite' } })).toThrow(/events.*backnd/);
  });

  it('rejects a malformed file, a non-mapping file and a non-numeric variable with clear errors', () => {
    expect(() => loadConfig({ file: yamlFile('server: [unclosed'), env: {} })).toThrow(/not valid YAML/);
    expect(() => loadConfig({ file: yamlFile('- a\n- b\n'), env: {} })).toThrow(/YAML mapping/);
    expect(() => loadConfig({ file: '/nonexistent/vigia.yaml', env: {} })).toThrow(
      /Cannot read configuration file/,
    );
    expect(() => loadConfig({ env: { VIGIA_PORT: 'abc' } })).toThrow(/VIGIA_PORT must be a number/);
    expect(() => loadConfig({ env: { VIGIA_PORT: '70000' } })).toThrow(/server\.port/);
  });
});
