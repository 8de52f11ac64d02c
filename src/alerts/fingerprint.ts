import { createHash } from 'node:crypto';

/** A stable 16-hex-digit hash of a label set (order of keys does not matter). */
export function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(labels).sort()) {
    hash.update(name);
    hash.update('\u0000');
    hash.update(labels[name]!);
    hash.update('\u0001');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * A UUID (version 8, RFC 9562) derived from `parts`: the same parts always give the same id.
 * Used as event ids so that deciding the same thing twice (a replay after a crash) appends
 * nothing new: the store treats a stored event id as an idempotent no-op.
 */
export function deterministicId(...parts: ReadonlyArray<string | number>): string {
  const bytes = createHash('sha256').update(parts.join('\u0000')).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
