import { describe, expect, it } from 'vitest';
import { parseRunbook, planSteps, type RunbookDocument } from './index.js';

const notify = { kind: 'notify', receivers: ['ops'], message: 'm' };

function runbook(steps: Array<Record<string, unknown>>): RunbookDocument {
  const parsed = parseRunbook({
    name: 'heal',
    trigger: { alert: { severities: ['critical'] } },
    steps: steps.map((step) => ({ action: notify, ...step })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const dbDown = {
  causes: [
    { kind: 'dependency_down', subject: 'db', confidence: 0.9 },
    { kind: 'recent_change', subject: 'deploy-42', confidence: 0.4 },
  ],
};

const names = (steps: Array<{ name: string }>) => steps.map((step) => step.name);

describe('planSteps', () => {
  it('keeps the steps whose condition holds, in the order written', () => {
    const book = runbook([
      { name: 'always' },
      { name: 'db', when: { cause: 'dependency_down', subject: 'db' } },
      { name: 'api', when: { cause: 'dependency_down', subject: 'api' } },
      { name: 'rollback', when: { cause: 'recent_change' } },
      { name: 'sure-rollback', when: { cause: 'recent_change', minConfidence: 0.5 } },
      { name: 'top-is-change', when: { cause: 'recent_change', among: 'first' } },
      { name: 'top-is-db', when: { subject: 'db', among: 'first' } },
    ]);
    expect(names(planSteps(book, dbDown))).toEqual(['always', 'db', 'rollback', 'top-is-db']);
  });

  it('runs only unconditional steps when the diagnosis found no cause', () => {
    const book = runbook([
      { name: 'always' },
      { name: 'any-cause', when: {} },
      { name: 'db', when: { subject: 'db' } },
    ]);
    expect(names(planSteps(book, { causes: [] }))).toEqual(['always']);
    expect(names(planSteps(book, dbDown))).toEqual(['always', 'any-cause', 'db']);
  });

  it('puts the alternative that healed more often first, in the alternatives’ places', () => {
    const book = runbook([
      { name: 'notify-first' },
      { name: 'restart', alternatives: true },
      { name: 'between' },
      { name: 'failover', alternatives: true },
      { name: 'scale-up', alternatives: true },
      { name: 'last' },
    ]);
    const history = new Map([
      ['restart', { successRate: 0.2, samples: 10 }],
      ['failover', { successRate: 0.9, samples: 10 }],
      ['scale-up', { successRate: 0.5, samples: 10 }],
    ]);
    expect(names(planSteps(book, dbDown, history))).toEqual([
      'notify-first',
      'failover',
      'between',
      'scale-up',
      'restart',
      'last',
    ]);
  });

  it('keeps the written order without history, and among equal rates', () => {
    const book = runbook([
      { name: 'a', alternatives: true },
      { name: 'b', alternatives: true },
      { name: 'c', alternatives: true },
    ]);
    expect(names(planSteps(book, dbDown))).toEqual(['a', 'b', 'c']);
    const same = new Map([
      ['a', { successRate: 0.5, samples: 4 }],
      ['b', { successRate: 0.5, samples: 4 }],
      ['c', { successRate: 0.5, samples: 4 }],
    ]);
    expect(names(planSteps(book, dbDown, same))).toEqual(['a', 'b', 'c']);
  });

  it('weighs a rate by its samples: one lucky try does not outrank nine successes in ten', () => {
    const book = runbook([
      { name: 'proven', alternatives: true },
      { name: 'lucky', alternatives: true },
      { name: 'untried', alternatives: true },
      { name: 'bad', alternatives: true },
    ]);
    const history = new Map([
      ['lucky', { successRate: 1, samples: 1 }],
      ['proven', { successRate: 0.9, samples: 10 }],
      ['bad', { successRate: 0, samples: 3 }],
    ]);
    expect(names(planSteps(book, dbDown, history))).toEqual(['proven', 'lucky', 'untried', 'bad']);
  });

  it('never moves steps that are not alternatives, whatever their history', () => {
    const book = runbook([{ name: 'first' }, { name: 'second' }]);
    const history = new Map([['second', { successRate: 1, samples: 100 }]]);
    expect(names(planSteps(book, dbDown, history))).toEqual(['first', 'second']);
  });

  it('leaves out alternatives whose condition fails before ranking the rest', () => {
    const book = runbook([
      { name: 'restart-api', alternatives: true, when: { subject: 'api' } },
      { name: 'restart-db', alternatives: true, when: { subject: 'db' } },
      { name: 'failover', alternatives: true },
    ]);
    const history = new Map([
      ['restart-api', { successRate: 1, samples: 50 }],
      ['failover', { successRate: 0.8, samples: 50 }],
      ['restart-db', { successRate: 0.1, samples: 50 }],
    ]);
    expect(names(planSteps(book, dbDown, history))).toEqual(['failover', 'restart-db']);
  });
});
