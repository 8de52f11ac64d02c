/** A problem the API answered (RFC 9457), as a person reads it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: ReadonlyArray<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** The logged-in user and the session's CSRF token (GET/POST /api/session). */
export interface SessionView {
  user: { name: string; role: 'viewer' | 'operator' | 'admin' };
  csrfToken: string;
}

let csrfToken: string | undefined;

/** The CSRF token of the session: sent with every POST, PUT and DELETE. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/**
 * Calls the API with the session cookie (and `extraHeaders`, e.g. `If-Match`); a problem answer
 * becomes an ApiError with its message.
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'UNREACHABLE', 'Vigia cannot be reached. Is the server running?');
  }
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok) throw problemOf(response.status, parsed);
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The ApiError for a problem answer (RFC 9457: `detail`, `code`, `errors[]`), readable even without a body. */
export function problemOf(status: number, body: unknown): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as {
    code?: unknown;
    detail?: unknown;
    title?: unknown;
    errors?: unknown;
  };
  const message =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.title === 'string'
        ? problem.title
        : `The server answered ${status}.`;
  const fields = Array.isArray(problem.errors)
    ? problem.errors.filter(
        (e): e is { field: string; message: string } =>
          typeof e?.field === 'string' && typeof e?.message === 'string',
      )
    : [];
  return new ApiError(status, typeof problem.code === 'string' ? problem.code : 'ERROR', message, fields);
}
