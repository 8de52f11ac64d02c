import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiTokenFrom, parseServerUrl, serverUrlFrom, TokenMissingError } from './api-connection.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vigia-api-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(text: string): string {
  const file = path.join(dir, `vigia-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('serverUrlFrom', () => {
  it('takes --server, else VIGIA_URL, else server.host and server.port from the configuration', () => {
    const env = { VIGIA_URL: 'http://10.0.0.5:9000/' };
    expect(serverUrlFrom({ server: 'https://ops.example.org/vigia/' }, {}, env)).toBe(
      'https://ops.example.org/vigia',
    );
    expect(serverUrlFrom({}, {}, env)).toBe('http://10.0.0.5:9000');
    const config = configFile('server:\n  host: 0.0.0.0\n  port: 9123\n');
    expect(serverUrlFrom({}, { config }, {})).toBe('http://127.0.0.1:9123');
    const ipv6 = configFile('server:\n  host: "::1"\n  port: 9124\n');
    expect(serverUrlFrom({}, { config: ipv6 }, {})).toBe('http://[::1]:9124');
  });

  it('refuses URLs that are not http(s), carry credentials or a query, naming where they came from', () => {
    expect(() => parseServerUrl('--server', 'localhost:8080')).toThrow(/--server must start with http/);
    expect(() => parseServerUrl('VIGIA_URL', 'not a url')).toThrow(/VIGIA_URL must be a URL/);
    expect(() => parseServerUrl('--server', 'http://me:pw@host')).toThrow(/must not hold a user or password/);
    expect(() => parseServerUrl('--server', 'http://host/?x=1')).toThrow(/must not have a query/);
  });
});

describe('apiTokenFrom', () => {
  it('reads the first line of --token-file before VIGIA_TOKEN', () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, 'vigia_from_file\nsecond line\n');
    expect(apiTokenFrom({ tokenFile: file }, 'http://x', { VIGIA_TOKEN: 'vigia_env' })).toBe(
      'vigia_from_file',
    );
    expect(apiTokenFrom({}, 'http://x', { VIGIA_TOKEN: ' vigia_env\n' })).toBe('vigia_env');
  });

  it('says how to get a token when there is none, and names a bad token file', () => {
    let missing: unknown;
    try {
      apiTokenFrom({}, 'http://127.0.0.1:8080', {});
    } catch (error) {
      missing = error;
    }
    expect(missing).toBeInstanceOf(TokenMissingError);
    expect((missing as Error).message).toContain('set VIGIA_TOKEN or pass --token-file');
    expect((missing as Error).message).toContain('POST http://127.0.0.1:8080/api/tokens');
    expect(exitCodeFor(missing)).toBe(ExitCode.unauthorized);

    const empty = path.join(dir, 'empty-token');
    writeFileSync(empty, '\n');
    expect(() => apiTokenFrom({ tokenFile: empty }, 'http://x', {})).toThrow(/first line of .* is empty/);
    expect(() => apiTokenFrom({ tokenFile: path.join(dir, 'nope') }, 'http://x', {})).toThrow(
      /--token-file: cannot read/,
    );
    expect(() => apiTokenFrom({}, 'http://x', { VIGIA_TOKEN: 'two words' })).toThrow(
      /VIGIA_TOKEN holds a token with spaces/,
    );
  });
});
