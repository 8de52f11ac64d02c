import type { AlertTimelineEntry, ChainEvent, RemediationPhase } from './healing-types.js';
import { describeAlertEntry, describeChainEvent } from './timeline-labels.js';
import type { ActionStep, Described, TimelineItem, Tone } from './timeline-types.js';

const ACTION_OUTCOMES: Record<string, ActionStep['state']> = {
  'healing.action_started': 'running',
  'healing.action_succeeded': 'succeeded',
  'healing.action_failed': 'failed',
  'healing.action_timed_out': 'timed_out',
  'healing.action_outcome_unknown': 'outcome_unknown',
};

interface Raw extends Described {
  key: string;
  at: string;
  actor: string | null;
  /** Alert entries first when two entries share a moment: the alert is what healing answers. */
  rank: number;
  index: number;
}

/**
 * An incident as one timeline: the alert's own entries (fired, notified, acknowledged, resolved)
 * and its remediation's events (diagnosis, plan, each action from request to outcome, approvals,
 * verification, resolution), in time order. An action's request, start and outcome make one
 * entry; an alert that resolves after healing acted is its verification. While the remediation
 * verifies, a last entry says it waits for the alert to resolve.
 */
export function buildTimeline(
  alertEntries: ReadonlyArray<AlertTimelineEntry>,
  chainEvents: ReadonlyArray<ChainEvent>,
  status: RemediationPhase | null = null,
): TimelineItem[] {
  const raw: Raw[] = alertEntries.map((entry, index) => ({
    key: `alert-${entry.position}`,
    at: entry.at,
    actor: entry.actor,
    rank: 0,
    index,
    ...describeAlertEntry(entry),
  }));
  const actions = new Map<string, Raw & { detail: { kind: 'action'; action: ActionStep } }>();
  chainEvents.forEach((event, index) => {
    const actionId = String(event.data.actionId ?? event.data.step ?? index);
    const outcome = ACTION_OUTCOMES[event.type];
    const existing = actions.get(actionId);
    if (event.type === 'healing.action_requested' || (outcome && !existing)) {
      const item = { key: `action-${actionId}-${index}`, at: event.at, actor: event.actor, rank: 1, index };
      const action = requestedAction(actionId, event);
      const entry = { ...item, ...describeAction(action), detail: { kind: 'action' as const, action } };
      actions.set(actionId, entry);
      raw.push(entry);
      if (event.type === 'healing.action_requested') return;
    }
    const step = actions.get(actionId);
    if (outcome && step) {
      updateAction(step.detail.action, outcome, event);
      Object.assign(step, describeAction(step.detail.action));
      return;
    }
    raw.push({
      key: `chain-${index}`,
      at: event.at,
      actor: event.actor,
      rank: 1,
      index,
      ...describeChainEvent(event),
    });
  });
  raw.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.rank - b.rank || a.index - b.index);
  markVerification(raw);
  if (status === 'verifying' && raw.length > 0) {
    raw.push({
      key: 'verifying',
      at: latestMoment(raw),
      actor: null,
      rank: 2,
      index: 0,
      phase: 'verification',
      title: 'Verifying: waiting for the alert to resolve',
      tone: 'busy',
      detail: { kind: 'none' },
    });
  }
  const start = raw[0] ? Date.parse(raw[0].at) : 0;
  return raw.map(({ rank: _rank, index: _index, ...item }, i) => ({
    ...item,
    sincePreviousMs: i === 0 ? null : Date.parse(item.at) - Date.parse(raw[i - 1]!.at),
    sinceStartMs: Date.parse(item.at) - start,
  }));
}

/** An alert that resolves once healing acted (or was approved) is the remediation's verification. */
function markVerification(raw: Raw[]): void {
  let acted = false;
  for (const item of raw) {
    if (item.phase === 'action' || item.phase === 'approval') acted = true;
    if (acted && item.key.startsWith('alert-') && item.title.startsWith('Alert resolved')) {
      item.phase = 'verification';
      item.title = `${item.title}: verified`;
    }
  }
}

/** The last moment an entry names (an action's outcome may come after its request). */
function latestMoment(raw: Raw[]): string {
  let latest = raw[0]!.at;
  for (const item of raw) {
    const moments = [item.at];
    if (item.detail.kind === 'action')
      moments.push(item.detail.action.finishedAt ?? item.detail.action.startedAt ?? '');
    for (const moment of moments) if (moment && Date.parse(moment) > Date.parse(latest)) latest = moment;
  }
  return latest;
}

function requestedAction(actionId: string, event: ChainEvent): ActionStep {
  const action = (event.data.action ?? {}) as Record<string, unknown>;
  const kind = String(action.kind ?? event.data.kind ?? 'action');
  return {
    actionId,
    step: String(event.data.step ?? ''),
    kind,
    summary: actionSummary(kind, action),
    dryRun: event.data.dryRun === true,
    state: 'requested',
    requestedAt: event.at,
    startedAt: null,
    finishedAt: null,
    attempts: null,
    output: null,
  };
}

function updateAction(action: ActionStep, state: ActionStep['state'], event: ChainEvent): void {
  action.state = state;
  if (state === 'running') action.startedAt = event.at;
  else action.finishedAt = event.at;
  if (typeof event.data.kind === 'string' && action.kind === 'action') action.kind = event.data.kind;
  if (typeof event.data.attempts === 'number') action.attempts = event.data.attempts;
  if (typeof event.data.detail === 'string') action.output = event.data.detail;
  if (event.data.dryRun === true) action.dryRun = true;
}

const STATE_WORDS: Record<ActionStep['state'], [string, Tone]> = {
  requested: ['requested', 'busy'],
  running: ['running', 'busy'],
  succeeded: ['succeeded', 'good'],
  failed: ['failed', 'bad'],
  timed_out: ['timed out', 'bad'],
  outcome_unknown: ['outcome unknown', 'bad'],
};

function describeAction(action: ActionStep): Omit<Described, 'detail'> {
  const [words, tone] = STATE_WORDS[action.state];
  return {
    phase: 'action',
    title: `Step ${action.step || '?'} (${action.kind}) ${words}${action.dryRun ? ' (dry run)' : ''}`,
    tone,
  };
}

/** What an action sends or runs, in one line. */
export function actionSummary(kind: string, action: Record<string, unknown>): string {
  const url = typeof action.url === 'string' ? action.url : '';
  if (kind === 'http') return `${typeof action.method === 'string' ? action.method : 'POST'} ${url}`;
  if (kind === 'simulator_fault_off') return `POST ${url.replace(/\/$/, '')}/chaos/reset`;
  if (kind === 'command') {
    const args = Array.isArray(action.args) ? action.args.map(String) : [];
    return [String(action.executable ?? ''), ...args].join(' ');
  }
  return kind;
}
