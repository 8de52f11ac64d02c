import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** A request body, or why there is none to use. */
export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' };

/** Reads a request body up to `limit` bytes; stops buffering at once when it is (or announces) more. */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ ok: false, reason: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    const onError = () => finish({ ok: false, reason: 'aborted' });
    const onClose = () => finish({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Answers with a JSON body and an exact content-length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Answers 413 and closes the connection, so the rest of an oversized body is never read. */
export function sendTooLarge(res: ServerResponse, limit: number): void {
  sendJson(res, 413, { error: `body: larger than ${limit} bytes` }, { connection: 'close' });
}

/** True when the request's method is in `allow` ("GET, HEAD"); otherwise answers 405 and returns false. */
export function allowMethods(req: IncomingMessage, res: ServerResponse, allow: string): boolean {
  const method = req.method ?? 'GET';
  if (allow.split(', ').includes(method)) return true;
  sendJson(res, 405, { error: `${method} is not allowed here; use ${allow}` }, { allow });
  return false;
}
