import { describe, expect, it } from 'vitest';
import { isUuid, isUuidV7, newId } from './ids.js';

describe('ids', () => {
  it('are UUIDv7, unique, and sort by creation time even within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(ids.every(isUuidV7)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carry the creation time in their first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 5);
  });

  it('recognises UUIDs of other versions and rejects everything else', () => {
    expect(isUuid('0b8f2c7e-3d4a-4f6b-9c1d-2e3f4a5b6c7d')).toBe(true);
    expect(isUuidV7('0b8f2c7e-3d4a-4f6b-9c1d-2e3f4a5b6c7d')).toBe(false);
    for (const bad of ['', 'not-a-uuid', "1'; DROP TABLE events;--", '0b8f2c7e3d4a4f6b9c1d2e3f4a5b6c7d']) {
      expect(isUuid(bad)).toBe(false);
    }
  });
});
