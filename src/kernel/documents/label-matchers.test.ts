import { describe, expect, it } from 'vitest';
import { type CompiledMatcher, matchesAll, parseMatcherText } from './label-matchers.js';

function matcher(text: string): CompiledMatcher {
  const parsed = parseMatcherText(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.matcher;
}

describe('label matchers', () => {
  it('match with =, !=, =~ and !~, regular expressions anchored', () => {
    const labels = { service: 'db', env: 'prod' };
    expect(matcher('service="db"').matches(labels)).toBe(true);
    expect(matcher('service!="db"').matches(labels)).toBe(false);
    expect(matcher('service=~"d"').matches(labels)).toBe(false);
    expect(matcher('service=~"db|api"').matches(labels)).toBe(true);
    expect(matcher('env!~"dev.*"').matches(labels)).toBe(true);
  });

  it('treat an absent label as empty', () => {
    expect(matcher('team=""').matches({})).toBe(true);
    expect(matcher('team!=""').matches({})).toBe(false);
  });

  it('require every matcher of a list', () => {
    const both = [matcher('service="db"'), matcher('env="prod"')];
    expect(matchesAll(both, { service: 'db', env: 'dev' })).toBe(false);
    expect(matchesAll(both, { service: 'db', env: 'prod' })).toBe(true);
    expect(matchesAll([], { service: 'db' })).toBe(true);
  });

  it('refuse malformed text and bad regular expressions with a reason', () => {
    expect(parseMatcherText('service=db')).toEqual({
      ok: false,
      message: '"service=db" is not a matcher such as service="api" or team=~"ops|db"',
    });
    const bad = parseMatcherText('service=~"("');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain('is not a valid regular expression');
  });
});
