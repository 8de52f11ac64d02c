import { describe, expect, it } from 'vitest';
import type { CompiledMatcher } from '../../kernel/index.js';
import { compileMatcherTexts } from './matcher-list.js';
import { MatcherSetIndex } from './matcher-set-index.js';

function indexOf(sets: Record<string, string[]>): MatcherSetIndex<string> {
  const index = new MatcherSetIndex<string>();
  for (const [id, texts] of Object.entries(sets))
    index.add(id, compileMatcherTexts(texts) as CompiledMatcher[]);
  return index;
}

const found = (index: MatcherSetIndex<string>, labels: Record<string, string>) =>
  index.matching(labels).sort();

describe('MatcherSetIndex', () => {
  it('finds the same sets as testing every one of them', () => {
    const sets: Record<string, string[]> = {
      equal: ['service="api"'],
      alternatives: ['team=~"ops|db"'],
      prefix: ['alertname=~"high-.*"'],
      optionalChar: ['alertname=~"ab?c"'],
      escaped: ['path=~"/v1\\\\.0/.*"'],
      grouped: ['alertname=~"(low|high)-disk"'],
      notEqualOnly: ['env!="prod"', 'zone!~"eu-.*"'],
      emptyAllowed: ['team=~"ops|"', 'service="db"'],
      present: ['owner!=""'],
    };
    const index = indexOf(sets);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ service: 'api', env: 'prod', zone: 'eu-1' }, ['equal']],
      [{ team: 'db', env: 'prod', zone: 'eu-1' }, ['alternatives']],
      [{ team: 'dbx', env: 'prod', zone: 'eu-1' }, []],
      [{ alertname: 'high-cpu', env: 'prod', zone: 'eu-1' }, ['prefix']],
      [{ alertname: 'ac', env: 'prod', zone: 'eu-1' }, ['optionalChar']],
      [{ alertname: 'abc', env: 'prod', zone: 'eu-1' }, ['optionalChar']],
      [{ path: '/v1.0/users', env: 'prod', zone: 'eu-1' }, ['escaped']],
      [{ path: '/v1x0/users', env: 'prod', zone: 'eu-1' }, []],
      [{ alertname: 'low-disk', env: 'prod', zone: 'eu-1' }, ['grouped']],
      [{ env: 'dev' }, ['notEqualOnly']],
      [{ service: 'db', env: 'prod', zone: 'eu-1' }, ['emptyAllowed']],
      [{ owner: 'ana', env: 'prod', zone: 'eu-1' }, ['present']],
    ];
    for (const [labels, expected] of cases) {
      expect(found(index, labels), JSON.stringify(labels)).toEqual(expected);
      // Asked twice: the per-value memory gives the same answer.
      expect(found(index, labels), JSON.stringify(labels)).toEqual(expected);
    }
  });

  it('keeps answering correctly for a label with more values than it remembers', () => {
    const index = indexOf({ odd: ['instance=~"host-.*[13579]"'] });
    for (let i = 0; i < 12_000; i++) {
      expect(index.matching({ instance: `host-${i}` }).length).toBe(i % 2);
    }
  });
});
