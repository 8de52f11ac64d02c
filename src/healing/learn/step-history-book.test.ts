import { describe, expect, it } from 'vitest';
import { planSteps } from '../runbooks/plan-steps.js';
import type { RunbookStep } from '../runbooks/runbook-types.js';
import { RemediationStory } from './remediation-story.js';
import { StepHistoryBook } from './step-history-book.js';

function feed(book: StepHistoryBook, ...stories: RemediationStory[]): void {
  let position = 1;
  for (const story of stories) {
    for (const event of story.recorded(Date.parse('2026-05-01T12:00:00Z'), position)) book.apply(event);
    position += story.events.length;
  }
}

const healedBy = (id: string, step: string, before: string[] = [], rule = 'db-down') => {
  const story = new RemediationStory(id, { ruleName: rule }).planned([...before, step]);
  for (const earlier of before) story.acted(earlier);
  return story.acted(step).healed(1000);
};

describe('StepHistoryBook', () => {
  it('learns per rule and step how often a step healed', () => {
    const book = new StepHistoryBook();
    feed(
      book,
      healedBy('1', 'restart'),
      healedBy('2', 'failover', ['restart']),
      healedBy('3', 'restart', [], 'api-down'),
      new RemediationStory('4', { ruleName: 'db-down' }).planned(['restart']).acted('restart').notHealed(),
    );
    expect(book.historyFor('db-down')).toEqual(
      new Map([
        ['restart', { successRate: 1 / 3, samples: 3 }],
        ['failover', { successRate: 1, samples: 1 }],
      ]),
    );
    expect(book.historyFor('api-down')).toEqual(new Map([['restart', { successRate: 1, samples: 1 }]]));
    expect(book.historyFor('unknown-rule').size).toBe(0);
  });

  it('orders alternative steps by what it learned', () => {
    const book = new StepHistoryBook();
    feed(book, healedBy('1', 'failover', ['restart']), healedBy('2', 'failover', ['restart']));
    const step = (name: string): RunbookStep =>
      ({ name, alternatives: true, action: { kind: 'command', command: 'true' } }) as unknown as RunbookStep;
    const plan = planSteps(
      { steps: [step('restart'), step('failover')] },
      { causes: [] },
      book.historyFor('db-down'),
    );
    expect(plan.map((s) => s.name)).toEqual(['failover', 'restart']);
  });

  it('carries remediations under way and the tally across export and import (JSON)', () => {
    const book = new StepHistoryBook();
    feed(book, healedBy('1', 'restart'));
    const underWay = new RemediationStory('2', { ruleName: 'db-down' }).planned(['restart']).acted('restart');
    const events = underWay.recorded(Date.parse('2026-05-01T13:00:00Z'), 100);
    for (const event of events) book.apply(event);

    const restored = new StepHistoryBook();
    restored.importState(JSON.parse(JSON.stringify(book.exportState())));
    const [end] = new RemediationStory('2').healed(2000).recorded(Date.parse('2026-05-01T13:01:00Z'), 200);
    expect(restored.apply(end!)).toEqual([
      { alertId: '2', ruleName: 'db-down', step: 'restart', succeeded: true, healedInMs: 2000 },
    ]);
    expect(restored.historyFor('db-down').get('restart')).toEqual({ successRate: 1, samples: 2 });
  });

  it('starts empty from a state it cannot read, and skips bad rows', () => {
    const book = new StepHistoryBook();
    book.importState({
      version: 1,
      open: [{ alertId: 1 }],
      tally: [['r', 's', 2, 5], ['r', 't', 2, 1], 'x'],
    });
    expect(book.historyFor('r')).toEqual(new Map([['t', { successRate: 0.5, samples: 2 }]]));
    book.importState('garbage');
    expect(book.historyFor('r').size).toBe(0);
    expect(book.exportState()).toEqual({ version: 1, open: [], tally: [] });
  });
});
