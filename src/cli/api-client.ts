import { VigiaError } from '../kernel/index.js';
import { packageVersion } from './cli-context.js';

/** One field the server refused, as problem+json `errors[]` names it. */
export interface FieldError {
  field: string;
  message: string;
}

/** A query parameter: repeated for an array, left out when undefined. */
export type QueryValue = string | number | boolean | undefined | readonly string[];

/** Where and as whom the client talks to a Vigia server. */
export interface ApiClientOptions {
  /** The server's base URL, e.g. http://127.0.0.1:8080 (a path prefix behind a proxy is kept). */
  baseUrl: string;
  /** An API token (`vigia_…`), sent as `Authorization: Bearer`. */
  token: string;
  /** How long one request may take, in milliseconds (default 10 s). */
  timeoutMs?: number;
}

/** The default time one request may take. */
export const DEFAULT_API_TIMEOUT_MS = 10_000;

/**
 * The server answered with an error. Carries the RFC 9457 problem (as `details`, which is what
 * `--json` prints), its HTTP status, stable code, detail and field errors.
 */
export class ApiError extends VigiaError {
  readonly status: number;
  readonly detail: string;
  readonly fieldErrors: readonly FieldError[];

  constructor(problem: Record<string, unknown> & { status: number; code: string }) {
    const detail = typeof problem.detail === 'string' ? problem.detail : String(problem.title ?? 'Error');
    const fieldErrors = readFieldErrors(problem.errors);
    super(problem.code, describe(problem.status, detail, fieldErrors), { details: problem });
    this.status = problem.status;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }
}

/** No server answered at the URL (refused, unresolvable host, reset), or it did not answer in time. */
export class ServerUnreachableError extends VigiaError {
  constructor(code: 'SERVER_UNREACHABLE' | 'SERVER_TIMEOUT', message: string, cause: unknown) {
    super(code, message, { cause });
  }
}

function readFieldErrors(errors: unknown): FieldError[] {
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? '') }));
}

/** A body field is shown as the document names it (`url`, not `body.url`). */
function shownField(field: string): string {
  return field.replace(/^body\./, '');
}

/** `<detail> (field: message; …)`, leaving out field errors the detail already spells out. */
function describe(status: number, detail: string, fieldErrors: readonly FieldError[]): string {
  const unsaid = fieldErrors.filter(
    (e) =>
      !detail.includes(`${e.field} ${e.message}`) && !detail.includes(`${shownField(e.field)} ${e.message}`),
  );
  const fields = unsaid.length
    ? ` (${unsaid.map((e) => `${shownField(e.field)}: ${e.message}`).join('; ')})`
    : '';
  // The server's 401 detail speaks to anonymous callers; the CLI always sends a token, so say what that means.
  if (status === 401) {
    return 'the server refused the API token: it is unknown, revoked or expired (check VIGIA_TOKEN or --token-file)';
  }
  return `${detail}${fields}`;
}

/** The code of an error answer that is not problem+json (a proxy's HTML page, say). */
function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 502 || status === 503 || status === 504) return 'SERVER_UNREACHABLE';
  return status >= 500 ? 'SERVER_ERROR' : 'REQUEST_FAILED';
}

function isProblem(body: unknown): body is Record<string, unknown> & { status: number; code: string } {
  if (typeof body !== 'object' || body === null) return false;
  const { status, code } = body as Record<string, unknown>;
  return typeof status === 'number' && typeof code === 'string';
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why fetch failed, in words a user can act on. */
function unreachable(error: unknown, url: string, timeoutMs: number): ServerUnreachableError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ServerUnreachableError(
      'SERVER_TIMEOUT',
      `the Vigia server at ${url} did not answer within ${timeoutMs / 1000} s`,
      error,
    );
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED') {
    return new ServerUnreachableError(
      'SERVER_UNREACHABLE',
      `no Vigia server at ${url} (is \`vigia up\` running?)`,
      error,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ServerUnreachableError(
      'SERVER_UNREACHABLE',
      `cannot reach the Vigia server at ${url}: its host name does not resolve (${code})`,
      error,
    );
  }
  const reason = code ?? (typeof cause?.message === 'string' ? cause.message : (error as Error).message);
  return new ServerUnreachableError(
    'SERVER_UNREACHABLE',
    `cannot reach the Vigia server at ${url}: ${reason}`,
    error,
  );
}

/** A small JSON client for the Vigia HTTP API over Node's fetch (undici). */
export class ApiClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_API_TIMEOUT_MS;
  }

  /** GETs `path` (e.g. `/api/monitors`) with `query` and returns the parsed JSON body. */
  get<T>(path: string, query: Record<string, QueryValue> = {}): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  /** POSTs `body` as JSON to `path` and returns the parsed JSON answer. */
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  /** Sends one request; a non-2xx answer throws ApiError, no answer throws ServerUnreachableError. */
  async request<T>(
    method: string,
    path: string,
    options: { query?: Record<string, QueryValue>; body?: unknown } = {},
  ): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(one));
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json, application/problem+json',
      'user-agent': `vigia-cli/${packageVersion()}`,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      throw unreachable(error, this.baseUrl, this.timeoutMs);
    }
    const body = text === '' ? undefined : parseJsonText(text);
    if (response.ok) {
      if (text !== '' && body === undefined) {
        throw new VigiaError(
          'BAD_RESPONSE',
          `${method} ${url.pathname} at ${this.baseUrl} answered ${response.status} with something other than JSON (is this a Vigia server?)`,
        );
      }
      return body as T;
    }
    if (isProblem(body)) throw new ApiError(body);
    throw new ApiError({
      type: 'about:blank',
      title: response.statusText || `HTTP ${response.status}`,
      status: response.status,
      code: codeForStatus(response.status),
      detail:
        `${method} ${url.pathname} at ${this.baseUrl} answered ${response.status} ${response.statusText}`.trim(),
    });
  }
}
