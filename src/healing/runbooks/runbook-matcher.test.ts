import { describe, expect, it } from 'vitest';
import { parseRunbook, RunbookMatcher, type StoredRunbook } from './index.js';

function runbook(id: string, fields: Record<string, unknown>): StoredRunbook {
  const parsed = parseRunbook({
    name: id,
    steps: [{ name: 'tell', action: { kind: 'notify', receivers: ['ops'], message: 'm' } }],
    ...fields,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { id, ...parsed.value };
}

const dbAlert = { labels: { service: 'db', env: 'prod' }, severity: 'critical', ruleName: 'db-down' };

describe('RunbookMatcher', () => {
  it('finds the runbooks whose alert trigger holds, every given list counting', () => {
    const matcher = new RunbookMatcher();
    matcher.set([
      runbook('by-label', { trigger: { alert: { matchers: ['service="db"'] } } }),
      runbook('by-severity', { trigger: { alert: { severities: ['critical', 'error'] } } }),
      runbook('by-rule', { trigger: { alert: { rules: ['db-down'] } } }),
      runbook('all-three', {
        trigger: {
          alert: { matchers: ['env=~"prod|staging"'], severities: ['critical'], rules: ['db-down'] },
        },
      }),
      runbook('other-service', { trigger: { alert: { matchers: ['service="api"'] } } }),
      runbook('label-but-warning', {
        trigger: { alert: { matchers: ['service="db"'], severities: ['warning'] } },
      }),
      runbook('other-rule', { trigger: { alert: { rules: ['api-down'] } } }),
    ]);
    expect(matcher.forAlert(dbAlert).map((r) => r.id)).toEqual([
      'all-three',
      'by-label',
      'by-rule',
      'by-severity',
    ]);
    expect(matcher.forAlert({ ...dbAlert, severity: 'info', ruleName: 'x' }).map((r) => r.id)).toEqual([
      'by-label',
    ]);
  });

  it('skips disabled runbooks and sorts by name, not by the order given', () => {
    const matcher = new RunbookMatcher();
    const trigger = { alert: { severities: ['critical'] } };
    matcher.set([
      runbook('zeta', { trigger }),
      runbook('alpha', { trigger }),
      runbook('off', { trigger, enabled: false }),
      runbook('mid', { trigger }),
    ]);
    expect(matcher.forAlert(dbAlert).map((r) => r.name)).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('finds runbooks by event type pattern, and never an alert-only runbook', () => {
    const matcher = new RunbookMatcher();
    matcher.set([
      runbook('on-deploy', { trigger: { event: { typePattern: 'deploy.*' } } }),
      runbook('on-any-finish', { trigger: { event: { typePattern: '*.finished' } } }),
      runbook('alert-only', { trigger: { alert: { severities: ['critical'] } } }),
      runbook('both', {
        trigger: { alert: { severities: ['info'] }, event: { typePattern: 'deploy.finished' } },
      }),
    ]);
    expect(matcher.forEvent('deploy.finished').map((r) => r.name)).toEqual([
      'both',
      'on-any-finish',
      'on-deploy',
    ]);
    expect(matcher.forEvent('deploy.started').map((r) => r.name)).toEqual(['on-deploy']);
    expect(matcher.forEvent('deployX.started')).toEqual([]);
    expect(matcher.forEvent('redeploy.started')).toEqual([]);
    expect(matcher.forAlert(dbAlert).map((r) => r.name)).toEqual(['alert-only']);
  });

  it('replaces what it knows on each set', () => {
    const matcher = new RunbookMatcher();
    matcher.set([runbook('first', { trigger: { alert: { severities: ['critical'] } } })]);
    matcher.set([]);
    expect(matcher.forAlert(dbAlert)).toEqual([]);
  });
});
