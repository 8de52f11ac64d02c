/** Reading an HTTP answer for a retry decision: only what is needed, and what it asks for. */

/** Reads at most `limit` bytes; leaving early destroys the stream, so undici drops that connection. */
export async function readLimited(body: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = limit - size;
    chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(room, chunk.byteLength);
    if (size >= limit) break;
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if any. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** 408, 429 and 5xx may pass later; other 4xx (and 3xx, never followed) will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
