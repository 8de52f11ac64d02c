import { describe, expect, it } from 'vitest';
import { isUuid, isUuidV7, newId } from './ids.js';

describe('ids', () => {
  it('are UUIDv7 and sort by creation time', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(ids.every(isUuidV7)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(isUuid('not-a-uuid')).toBe(false);
  });
});
