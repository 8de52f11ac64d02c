import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { VigiaError } from '../kernel/index.js';
import { ApiClient } from './api-client.js';
import { configFrom, type GlobalOptions } from './cli-context.js';
import { UsageError } from './exit-codes.js';

/** The flags of a command group that talks to a running server. */
export interface ServerFlags {
  server?: string;
  tokenFile?: string;
}

/** There is no API token to send; the message says how to get one. */
export class TokenMissingError extends VigiaError {
  constructor(url: string) {
    super(
      'TOKEN_MISSING',
      `no API token: set VIGIA_TOKEN or pass --token-file <file>. An admin creates one in the dashboard, or with ` +
        `POST ${url}/api/tokens {"name":"cli","role":"operator"} (see docs/cli.md)`,
    );
  }
}

const SERVER_HELP = `
Server: --server <url>, else VIGIA_URL, else http://<server.host>:<server.port> from the configuration.
Token:  VIGIA_TOKEN, or --token-file <file> (its first line). There is deliberately no --token flag:
        a token on the command line shows in \`ps\` and in shell history.`;

/**
 * Adds --server and --token-file to a command group, and help on where the server and token come from.
 * (Not `--url`: `monitors add --url` is the monitored URL, and mixing the two up would send the token there.)
 */
export function addServerOptions(group: Command): Command {
  return group
    .option(
      '--server <url>',
      'the Vigia server, e.g. http://127.0.0.1:8080 (default VIGIA_URL, then the config)',
    )
    .option(
      '--token-file <file>',
      'read the API token from the first line of this file (default VIGIA_TOKEN)',
    )
    .addHelpText('after', SERVER_HELP);
}

/** Checks a server URL given by `source` (a flag or variable name) and returns it without a trailing slash. */
export function parseServerUrl(source: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${source} must be a URL such as http://127.0.0.1:8080, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must start with http:// or https://, got "${value}"`);
  }
  if (url.username || url.password) {
    throw new UsageError(`${source} must not hold a user or password; the token goes in VIGIA_TOKEN`);
  }
  if (url.search || url.hash)
    throw new UsageError(`${source} must not have a query or fragment, got "${value}"`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Where the server listens according to the configuration (a wildcard address means this machine). */
function configuredUrl(globals: GlobalOptions): string {
  const { host, port } = configFrom(globals).server;
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

/** The server URL: --server, else VIGIA_URL, else server.host and server.port from the configuration. */
export function serverUrlFrom(flags: ServerFlags, globals: GlobalOptions, env = process.env): string {
  if (flags.server !== undefined) return parseServerUrl('--server', flags.server);
  if (env.VIGIA_URL) return parseServerUrl('VIGIA_URL', env.VIGIA_URL);
  return configuredUrl(globals);
}

function checkToken(source: string, token: string): string {
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new UsageError(
      `${source} holds a token with spaces or control characters; it cannot be an API token`,
    );
  }
  return token;
}

/** The API token: the first line of --token-file, else VIGIA_TOKEN; throws TokenMissingError without one. */
export function apiTokenFrom(flags: ServerFlags, url: string, env = process.env): string {
  if (flags.tokenFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.tokenFile, 'utf8');
    } catch (error) {
      throw new UsageError(`--token-file: cannot read ${flags.tokenFile}: ${(error as Error).message}`);
    }
    const firstLine = (text.split(/\r?\n/, 1)[0] ?? '').trim();
    if (firstLine === '') throw new UsageError(`--token-file: the first line of ${flags.tokenFile} is empty`);
    return checkToken(`--token-file ${flags.tokenFile}`, firstLine);
  }
  const fromEnv = env.VIGIA_TOKEN?.trim();
  if (fromEnv) return checkToken('VIGIA_TOKEN', fromEnv);
  throw new TokenMissingError(url);
}

/** The API client a command group's flags, the environment and the configuration point at. */
export function apiClientFrom(flags: ServerFlags, globals: GlobalOptions, env = process.env): ApiClient {
  const baseUrl = serverUrlFrom(flags, globals, env);
  return new ApiClient({ baseUrl, token: apiTokenFrom(flags, baseUrl, env) });
}
