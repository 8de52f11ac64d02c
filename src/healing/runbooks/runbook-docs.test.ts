import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseRunbook } from './index.js';

const guide = readFileSync(new URL('../../../docs/healing-runbooks.md', import.meta.url), 'utf8');
const yamlBlocks = [...guide.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
  (match) => parseYaml(match[1]!) as unknown,
);

/** Whole runbooks shown in the guide: the vigia.yaml example and the lists of examples. */
function documentedRunbooks(): unknown[] {
  const runbooks: unknown[] = [];
  for (const block of yamlBlocks) {
    // A list whose entries have steps is a list of runbooks (a lone step is shown as a list too).
    if (
      Array.isArray(block) &&
      block.every((entry) => typeof entry === 'object' && entry && 'steps' in entry)
    ) {
      runbooks.push(...block);
    }
    const configured = (block as { healing?: { runbooks?: unknown[] } } | null)?.healing?.runbooks;
    if (configured) runbooks.push(...configured);
  }
  return runbooks;
}

describe('docs/healing-runbooks.md', () => {
  it('shows only runbooks that parse', () => {
    const runbooks = documentedRunbooks();
    expect(runbooks.length).toBe(3);
    for (const runbook of runbooks) {
      const parsed = parseRunbook(runbook);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    }
  });
});
