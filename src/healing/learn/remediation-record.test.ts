import { describe, expect, it } from 'vitest';
import { HealingEvents } from '../healing-events.js';
import { foldRemediation, type RemediationRecord, remediationKeyOf } from './remediation-record.js';
import { RemediationStory } from './remediation-story.js';

function statuses(story: RemediationStory): Array<RemediationRecord['status'] | undefined> {
  let folded: RemediationRecord | undefined;
  return story.recorded().map((event) => {
    folded = foldRemediation(folded, event);
    return folded?.status;
  });
}

function fold(story: RemediationStory): RemediationRecord | undefined {
  let folded: RemediationRecord | undefined;
  for (const event of story.recorded()) folded = foldRemediation(folded, event);
  return folded;
}

describe('foldRemediation', () => {
  it('follows a remediation from plan to healed, step by step', () => {
    const story = new RemediationStory('r1').planned(['flush', 'restart']).acted('flush').acted('restart');
    story.healed(60_000);
    expect(statuses(story)).toEqual([
      'planned',
      'acting',
      'acting',
      'planned',
      'acting',
      'acting',
      'verifying',
      'healed',
    ]);
    expect(fold(story)).toMatchObject({
      alertId: 'r1',
      ruleName: 'service-down',
      runbookId: 'runbook-1',
      target: 'db',
      healedInMs: 60_000,
      steps: [
        { name: 'flush', state: 'succeeded' },
        { name: 'restart', state: 'succeeded' },
      ],
    });
    expect(fold(story)?.endedAt).toEqual(expect.any(Number));
  });

  it('waits for approval, and stays "not healed" when the escalation follows, keeping its reason', () => {
    const story = new RemediationStory('r2').planned(['ask', 'restart']).approval('ask', 'granted');
    story.acted('restart').notHealed();
    const seen = statuses(story);
    expect(seen.slice(0, 3)).toEqual(['planned', 'awaiting_approval', 'planned']);
    expect(seen.slice(-2)).toEqual(['not_healed', 'not_healed']);
    expect(fold(story)?.lastReason).toMatch(/did not resolve/);
  });

  it('starts a remediation from an escalation without a plan (budget spent), and ignores strays', () => {
    const story = new RemediationStory('r3').add(HealingEvents.actionSucceeded, { step: 'x' });
    story.escalated('budget spent: 3 actions on db in the last hour');
    expect(statuses(story)).toEqual([undefined, 'escalated']);
    expect(fold(story)).toMatchObject({ steps: [], lastReason: expect.stringMatching(/^budget spent/) });
  });

  it('leaves the remediation as it was for event types it does not know, and after it ended', () => {
    const story = new RemediationStory('r4').planned(['restart']).acted('restart').healed(1);
    const healed = fold(story)!;
    const later = new RemediationStory('r4')
      .add('healing.notification_requested', { channel: 'chat' })
      .add(HealingEvents.escalated, { reason: 'late' })
      .recorded();
    expect(foldRemediation(healed, later[0]!)).toBe(healed);
    expect(foldRemediation(healed, later[1]!)).toBe(healed);
  });

  it('marks a notify step done, and ends an event-triggered run as completed', () => {
    const story = new RemediationStory('r5').planned(['notify', 'restart']);
    story.add('healing.notification_requested', { kind: 'step', stepIndex: 0, receivers: [], message: 'm' });
    story.acted('restart').add('healing.remediation_completed', {});
    expect(statuses(story)).toEqual(['planned', 'planned', 'acting', 'acting', 'verifying', 'completed']);
    expect(fold(story)?.steps).toEqual([
      { name: 'notify', state: 'notified' },
      { name: 'restart', state: 'succeeded' },
    ]);
  });

  it('keys an event by its alert id, else by its remediation stream', () => {
    const [event] = new RemediationStory('r6').planned([]).recorded();
    expect(remediationKeyOf(event!)).toBe('r6');
    expect(remediationKeyOf({ data: {}, streamId: 'remediation-run-7' })).toBe('run-7');
    expect(remediationKeyOf({ data: {}, streamId: 'healing-changes' })).toBeUndefined();
  });
});
