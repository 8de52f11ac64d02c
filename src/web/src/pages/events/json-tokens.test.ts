import { describe, expect, it } from 'vitest';
import { jsonTokens } from './json-tokens.js';

const text = (value: unknown) =>
  jsonTokens(value)
    .map((t) => t.text)
    .join('');

describe('jsonTokens', () => {
  it('joins to exactly what JSON.stringify prints, indented', () => {
    const samples: unknown[] = [
      { a: 1, b: [true, null, 'x "quoted"\n'], c: {}, d: [], e: { f: { g: -1.5e-7 } } },
      [1, [2, [3]], { k: 'v' }],
      'just a string',
      42,
      null,
      false,
      { skipped: undefined, nan: Number.NaN, list: [undefined, () => 1] },
      { 'key with "quotes"': 'ünïcødé ✓' },
      { when: new Date(Date.UTC(2026, 10, 22)) },
    ];
    for (const sample of samples)
      expect(text(sample), JSON.stringify(sample)).toBe(JSON.stringify(sample, null, 2));
    expect(jsonTokens(undefined)).toEqual([]);
  });

  it('tells keys, strings, numbers, booleans and null apart', () => {
    const tokens = jsonTokens({ name: 'db', up: false, latencyMs: 2.5, tags: ['a'], cause: null });
    const of = (kind: string) => tokens.filter((t) => t.kind === kind).map((t) => t.text);
    expect(of('key')).toEqual(['"name"', '"up"', '"latencyMs"', '"tags"', '"cause"']);
    expect(of('string')).toEqual(['"db"', '"a"']);
    expect(of('number')).toEqual(['2.5']);
    expect(of('boolean')).toEqual(['false']);
    expect(of('null')).toEqual(['null']);
    expect(tokens[0]).toEqual({ kind: 'punctuation', text: '{' });
    expect(tokens[1]).toEqual({ kind: 'space', text: '\n  ' });
  });

  it('indents by the given width', () => {
    expect(
      jsonTokens({ a: [1] }, 4)
        .map((t) => t.text)
        .join(''),
    ).toBe(JSON.stringify({ a: [1] }, null, 4));
  });
});
