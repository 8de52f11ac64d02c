import { describe, expect, it } from 'vitest';
import { displayJsonPath, parseJsonPath, readJsonPath } from './json-path.js';

const doc = { status: 'green', data: { items: [{ state: 'running' }, { state: 'stopped' }], empty: null } };

describe('parseJsonPath', () => {
  it('reads names and [n] indexes, with or without a leading $', () => {
    expect(parseJsonPath('data.items[0].state')).toEqual(['data', 'items', 0, 'state']);
    expect(parseJsonPath('$.data.items[1]')).toEqual(['data', 'items', 1]);
    expect(parseJsonPath('[2][0]')).toEqual([2, 0]);
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('')).toEqual([]);
  });

  it('rejects paths it cannot read', () => {
    for (const bad of ['a..b', 'a.', 'a[x]', 'a[0]b', 'a[', 'a]']) {
      expect(parseJsonPath(bad)).toEqual({ error: `invalid JSON path "${bad}"` });
    }
  });
});

describe('readJsonPath', () => {
  it('finds nested values, null included', () => {
    expect(readJsonPath(doc, 'data.items[0].state')).toEqual({ kind: 'found', value: 'running' });
    expect(readJsonPath(doc, '$.status')).toEqual({ kind: 'found', value: 'green' });
    expect(readJsonPath(doc, 'data.empty')).toEqual({ kind: 'found', value: null });
    expect(readJsonPath([1, 2], '[1]')).toEqual({ kind: 'found', value: 2 });
  });

  it('reports missing values without confusing arrays, objects and inherited properties', () => {
    expect(readJsonPath(doc, 'data.items[5].state')).toEqual({ kind: 'missing' });
    expect(readJsonPath(doc, 'data.items.state')).toEqual({ kind: 'missing' });
    expect(readJsonPath(doc, 'status[0]')).toEqual({ kind: 'missing' });
    expect(readJsonPath(doc, 'data.empty.x')).toEqual({ kind: 'missing' });
    expect(readJsonPath(doc, 'toString')).toEqual({ kind: 'missing' });
    expect(readJsonPath(doc, 'a..b')).toEqual({ kind: 'invalid', reason: 'invalid JSON path "a..b"' });
  });
});

describe('displayJsonPath', () => {
  it('shows paths rooted at $', () => {
    expect(displayJsonPath('status')).toBe('$.status');
    expect(displayJsonPath('[0].a')).toBe('$[0].a');
    expect(displayJsonPath('$.status')).toBe('$.status');
  });
});
