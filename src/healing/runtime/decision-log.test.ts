import { describe, expect, it } from 'vitest';
import { createLogger } from '../../kernel/index.js';
import { HealingEvents } from '../healing-events.js';
import { logDecision } from './decision-log.js';

function capture() {
  const lines: Array<{ level: number; msg: string }> = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  return { lines, logger: createLogger({ level: 'info', pretty: false, destination }) };
}

describe('logDecision', () => {
  it('tells a person watching the log what healing decided, one line each', () => {
    const { lines, logger } = capture();
    logDecision(logger, {
      type: HealingEvents.diagnosed,
      data: {
        alertId: 'a1',
        ruleName: 'service-down',
        service: 'db',
        causes: [
          { kind: 'the_service_itself', subject: 'db', confidence: 0.25, explanation: '', evidence: [] },
        ],
        considered: {},
        at: '',
      },
    });
    logDecision(logger, {
      type: HealingEvents.remediationPlanned,
      data: {
        alertId: 'a1',
        ruleName: 'service-down',
        runbookId: 'r',
        runbookName: 'heal-db',
        target: 'db',
        steps: ['restart'],
        dryRun: false,
      },
    });
    logDecision(logger, {
      type: HealingEvents.healed,
      data: { alertId: 'a1', target: 'db', healedInMs: 9_760 },
    });
    logDecision(logger, {
      type: HealingEvents.escalated,
      data: { alertId: 'a2', target: 'api', reason: 'budget spent' },
    });
    logDecision(logger, { type: HealingEvents.actionStarted, data: { alertId: 'a1' } });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'healing: service-down on db diagnosed: the_service_itself (db)'],
      [30, 'healing: runbook heal-db for service-down on db: restart'],
      [30, 'healing: db healed in 9.8 s'],
      [40, 'healing: api handed to people: budget spent'],
    ]);
  });
});
