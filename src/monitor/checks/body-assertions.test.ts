import { describe, expect, it } from 'vitest';
import { failedBodyAssertion } from './body-assertions.js';

const json = {
  text: JSON.stringify({ status: 'red', version: '1.4.2', count: 3, ok: true }),
  truncated: false,
};
const plain = { text: 'all systems ok', truncated: false };

describe('failedBodyAssertion', () => {
  it('passes when every assertion holds', () => {
    expect(
      failedBodyAssertion(
        [
          { type: 'contains', value: '"status"' },
          { type: 'not_contains', value: 'error' },
          { type: 'json_path_equals', path: 'count', value: 3 },
          { type: 'json_path_equals', path: 'ok', value: true },
          { type: 'json_path_matches', path: '$.version', pattern: '^1\\.\\d+' },
          { type: 'json_path_matches', path: 'count', pattern: '^3$' },
        ],
        json,
      ),
    ).toBeUndefined();
    expect(failedBodyAssertion([], plain)).toBeUndefined();
  });

  it('says what a failed text assertion looked for', () => {
    expect(failedBodyAssertion([{ type: 'contains', value: 'healthy' }], plain)).toBe(
      'body does not contain "healthy"',
    );
    expect(failedBodyAssertion([{ type: 'not_contains', value: 'ok' }], plain)).toBe('body contains "ok"');
    expect(failedBodyAssertion([{ type: 'contains', value: 'x' }], { text: 'abc', truncated: true })).toBe(
      'body does not contain "x" (only the first 1 MiB of the body is read)',
    );
  });

  it('says what a JSON path held and what was expected', () => {
    expect(failedBodyAssertion([{ type: 'json_path_equals', path: 'status', value: 'green' }], json)).toBe(
      '$.status is "red", expected "green"',
    );
    expect(failedBodyAssertion([{ type: 'json_path_equals', path: 'count', value: '3' }], json)).toBe(
      '$.count is 3, expected "3"',
    );
    expect(failedBodyAssertion([{ type: 'json_path_equals', path: 'gone', value: null }], json)).toBe(
      '$.gone is missing, expected null',
    );
    expect(
      failedBodyAssertion([{ type: 'json_path_matches', path: 'version', pattern: '^2\\.' }], json),
    ).toBe('$.version is "1.4.2", expected to match /^2\\./');
  });

  it('fails JSON assertions on a body that is not JSON, and names an invalid pattern', () => {
    expect(failedBodyAssertion([{ type: 'json_path_equals', path: 'status', value: 'green' }], plain)).toBe(
      'body is not JSON, cannot read $.status',
    );
    expect(failedBodyAssertion([{ type: 'json_path_matches', path: 'version', pattern: '(' }], json)).toMatch(
      /^json_path_matches pattern "\(" is not a valid regular expression: .*Unterminated group/,
    );
  });

  it('reports the first failure in order', () => {
    expect(
      failedBodyAssertion(
        [
          { type: 'contains', value: 'red' },
          { type: 'not_contains', value: 'red' },
          { type: 'contains', value: 'nope' },
        ],
        json,
      ),
    ).toBe('body contains "red"');
  });
});
