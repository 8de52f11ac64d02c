import { describe, expect, it } from 'vitest';
import { foldRemediation, type RemediationRecord } from './remediation-record.js';
import { RemediationStory } from './remediation-story.js';
import { creditSteps, median } from './step-credit.js';

function record(story: RemediationStory): RemediationRecord {
  let folded: RemediationRecord | undefined;
  for (const event of story.recorded()) folded = foldRemediation(folded, event);
  if (!folded) throw new Error('the story folded to no remediation');
  return folded;
}

const credits = (story: RemediationStory) =>
  creditSteps(record(story)).map((c) => [c.ruleName, c.step, c.succeeded, c.healedInMs]);

describe('creditSteps', () => {
  it('credits the one step that ran and healed, with the time to heal', () => {
    const story = new RemediationStory('a1').planned(['restart']).acted('restart').healed(42_000);
    expect(credits(story)).toEqual([['service-down', 'restart', true, 42_000]]);
  });

  it('gives the success to the last step acted before healing; earlier ones are attempts', () => {
    const story = new RemediationStory('a2')
      .planned(['flush-cache', 'restart', 'failover'])
      .acted('flush-cache')
      .acted('restart')
      .healed(90_000);
    expect(credits(story)).toEqual([
      ['service-down', 'flush-cache', false, null],
      ['service-down', 'restart', true, 90_000],
    ]);
  });

  it('counts a failed step before the one that healed as an attempt only', () => {
    const story = new RemediationStory('a3')
      .planned(['restart', 'failover'])
      .acted('restart', 'failed')
      .acted('failover')
      .healed(5000);
    expect(credits(story)).toEqual([
      ['service-down', 'restart', false, null],
      ['service-down', 'failover', true, 5000],
    ]);
  });

  it('credits no success when the remediation did not heal or escalated', () => {
    const notHealed = new RemediationStory('a4').planned(['restart']).acted('restart').notHealed();
    expect(credits(notHealed)).toEqual([['service-down', 'restart', false, null]]);
    const failed = new RemediationStory('a5')
      .planned(['restart'])
      .acted('restart', 'timed_out')
      .escalated('step "restart" ended with action_timed_out');
    expect(credits(failed)).toEqual([['service-down', 'restart', false, null]]);
  });

  it('credits nothing for a dry run, an unfinished remediation, or one healed before any action', () => {
    const dry = new RemediationStory('a6', { dryRun: true }).planned(['restart']).acted('restart').healed(1);
    expect(credits(dry)).toEqual([]);
    const underWay = new RemediationStory('a7').planned(['restart']).acted('restart');
    expect(credits(underWay)).toEqual([]);
    const onItsOwn = new RemediationStory('a8').planned(['restart']).healed(1000);
    expect(credits(onItsOwn)).toEqual([]);
  });

  it('never credits an approval, and credits the action before it', () => {
    const story = new RemediationStory('a9')
      .planned(['restart', 'ask', 'failover'])
      .acted('restart')
      .approval('ask', 'granted')
      .healed(3000);
    expect(credits(story)).toEqual([['service-down', 'restart', true, 3000]]);
  });

  it('credits nothing when the plan does not name the rule', () => {
    const story = new RemediationStory('a10', { ruleName: '' })
      .planned(['restart'])
      .acted('restart')
      .healed(1);
    expect(credits(story)).toEqual([]);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
  });
});
