import { describe, expect, it } from 'vitest';
import { lineAndColumn, locateJsonError, readJsonText } from './json-text.js';

describe('readJsonText', () => {
  it('reads valid JSON', () => {
    expect(readJsonText('{ "a": [1, "x", true, null] }')).toEqual({
      ok: true,
      value: { a: [1, 'x', true, null] },
    });
    expect(readJsonText(' -1.5e3 ')).toEqual({ ok: true, value: -1500 });
  });

  it('says on which line and column a trailing comma is', () => {
    expect(readJsonText('{\n  "a": 1,\n}')).toEqual({
      ok: false,
      message: 'not valid JSON at line 3, column 1: a comma before } (remove it)',
    });
  });

  it('names the usual mistakes', () => {
    const message = (text: string) => {
      const read = readJsonText(text);
      return read.ok ? undefined : read.message;
    };
    expect(message("[{ name: 'x' }]")).toBe(
      'not valid JSON at line 1, column 4: expected a property name in double quotes',
    );
    expect(message("['x']")).toBe('not valid JSON at line 1, column 2: texts must be in double quotes');
    expect(message('[1, 2')).toBe('not valid JSON at line 1, column 6: the text ends before the closing ]');
    expect(message('{"a": tru}')).toBe('not valid JSON at line 1, column 7: expected true');
    expect(message('{"a": 1} x')).toBe('not valid JSON at line 1, column 10: more text after the value');
    expect(message('"a\nb"')).toMatch(/^not valid JSON at line 1, column 3: a line break/);
    expect(message('[1,]')).toBe('not valid JSON at line 1, column 4: a comma before ] (remove it)');
    expect(message('')).toBe('not valid JSON at line 1, column 1: the text ends where a value was expected');
  });
});

describe('locateJsonError', () => {
  it('finds nothing wrong in what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', '"\\u00e9\\n"', '0', '{"a":{"b":[{}]}}', ' true ']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(locateJsonError(text)).toBeUndefined();
    }
  });

  it('refuses what JSON.parse refuses', () => {
    for (const text of ['01', '-', '"\\x"', '{"a" 1}', 'nul', '{"a":1,,}', '+1']) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text)).toBeDefined();
    }
  });
});

describe('lineAndColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
