import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, ServerUnreachableError } from './api-client.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback HTTP server answering with `handler`; returns its base URL. */
async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => handler(request, body, response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type });
  response.end(body);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

describe('ApiClient', () => {
  it('sends the bearer token, repeated query parameters and a JSON body, and returns the JSON answer', async () => {
    let seen: { url?: string; authorization?: string; type?: string; body?: string } = {};
    const url = await serve((request, body, response) => {
      seen = {
        url: request.url,
        authorization: request.headers.authorization,
        type: request.headers['content-type'],
        body,
      };
      send(response, 201, 'application/json', '{"ok":true}');
    });
    const client = new ApiClient({ baseUrl: `${url}/`, token: 'vigia_secret' });
    expect(
      await client.request('POST', '/api/things', {
        query: { a: 'x y', label: ['k=v', 'j=w'], skip: undefined },
        body: { n: 1 },
      }),
    ).toEqual({ ok: true });
    expect(seen).toEqual({
      url: '/api/things?a=x+y&label=k%3Dv&label=j%3Dw',
      authorization: 'Bearer vigia_secret',
      type: 'application/json',
      body: '{"n":1}',
    });
  });

  it('keeps a path prefix of the base URL (a server behind a proxy)', async () => {
    let path: string | undefined;
    const url = await serve((request, _body, response) => {
      path = request.url;
      send(response, 200, 'application/json', '{}');
    });
    await new ApiClient({ baseUrl: `${url}/vigia`, token: 't' }).get('/api/monitors');
    expect(path).toBe('/vigia/api/monitors');
  });

  it('turns problem+json into an ApiError with status, code, detail and the fields the detail does not name', async () => {
    const url = await serve((_request, _body, response) =>
      send(
        response,
        400,
        'application/problem+json',
        JSON.stringify({
          type: 'urn:vigia:problem:validation-failed',
          title: 'Bad Request',
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'Invalid monitor: url is required',
          errors: [
            { field: 'body.url', message: 'is required' },
            { field: 'body.intervalSeconds', message: 'must be >= 5' },
          ],
        }),
      ),
    );
    const error = await failure(new ApiClient({ baseUrl: url, token: 't' }).post('/api/monitors', {}));
    expect(error).toBeInstanceOf(ApiError);
    const api = error as ApiError;
    expect(api.status).toBe(400);
    expect(api.code).toBe('VALIDATION_FAILED');
    expect(api.detail).toBe('Invalid monitor: url is required');
    expect(api.fieldErrors).toHaveLength(2);
    expect(api.message).toBe('Invalid monitor: url is required (intervalSeconds: must be >= 5)');
    expect(api.details).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: expect.any(Array) });
    expect(exitCodeFor(api)).toBe(ExitCode.usage);
  });

  it('maps refused tokens, missing roles, unknown things and conflicts to their exit codes', async () => {
    const answers: Record<string, [number, string]> = {
      '/401': [401, 'UNAUTHENTICATED'],
      '/403': [403, 'FORBIDDEN'],
      '/404': [404, 'NOT_FOUND'],
      '/409': [409, 'CONFLICT'],
      '/409-managed': [409, 'MANAGED_BY_CONFIG'],
      '/503': [503, 'STORE_UNAVAILABLE'],
    };
    const url = await serve((request, _body, response) => {
      const [status, code] = answers[request.url!]!;
      send(
        response,
        status,
        'application/problem+json',
        JSON.stringify({ status, code, detail: `said ${code}` }),
      );
    });
    const client = new ApiClient({ baseUrl: url, token: 't' });
    const codes: Record<string, number> = {};
    for (const path of Object.keys(answers)) codes[path] = exitCodeFor(await failure(client.get(path)));
    expect(codes).toEqual({
      '/401': ExitCode.unauthorized,
      '/403': ExitCode.unauthorized,
      '/404': ExitCode.notFound,
      '/409': ExitCode.conflict,
      '/409-managed': ExitCode.conflict,
      '/503': ExitCode.unavailable,
    });
    const refused = await failure(client.get('/401'));
    expect(refused.message).toMatch(/refused the API token.*VIGIA_TOKEN or --token-file/);
    expect((await failure(client.get('/403'))).message).toBe('said FORBIDDEN');
  });

  it('names the status when an error answer is not problem+json, and refuses a success that is not JSON', async () => {
    const url = await serve((request, _body, response) => {
      if (request.url === '/html-error') send(response, 502, 'text/html', '<h1>Bad Gateway</h1>');
      else send(response, 200, 'text/html', '<html>not vigia</html>');
    });
    const client = new ApiClient({ baseUrl: url, token: 't' });
    const gateway = await failure(client.get('/html-error'));
    expect(gateway).toBeInstanceOf(ApiError);
    expect(gateway.message).toContain('answered 502');
    expect(exitCodeFor(gateway)).toBe(ExitCode.unavailable);
    const html = await failure(client.get('/page'));
    expect(html.message).toContain('is this a Vigia server?');
    expect(exitCodeFor(html)).toBe(ExitCode.failure);
  });

  it('says there is no server when the connection is refused', async () => {
    const url = await serve(() => undefined);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(new ApiClient({ baseUrl: url, token: 't' }).get('/api/monitors'));
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect(error.message).toBe(`no Vigia server at ${url} (is \`vigia up\` running?)`);
    expect(exitCodeFor(error)).toBe(ExitCode.unavailable);
  });

  it('gives up after its timeout when the server does not answer', async () => {
    const url = await serve(() => undefined);
    const error = await failure(new ApiClient({ baseUrl: url, token: 't', timeoutMs: 200 }).get('/slow'));
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as ServerUnreachableError).code).toBe('SERVER_TIMEOUT');
    expect(error.message).toBe(`the Vigia server at ${url} did not answer within 0.2 s`);
  });
});
