import { formatDuration } from '../../ui/format.js';
import type { AlertTimelineEntry, ChainEvent, ProbableCause } from './healing-types.js';
import type { Described } from './timeline-types.js';

/** A cause kind as people say it. */
export const CAUSE_WORDS: Record<string, string> = {
  dependency_down: 'a dependency is down',
  shared_dependency: 'a dependency shared with other failing services',
  network: 'the network',
  recent_change: 'a recent change',
  resource_saturation: 'a saturated resource',
  the_service_itself: 'the service itself',
};

const NONE = { kind: 'none' } as const;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const words = (type: string) => type.replace(/^[a-z]+\./, '').replace(/_/g, ' ');
const withText = (value: unknown) => {
  const t = text(value);
  return t ? ({ kind: 'text', text: t } as const) : NONE;
};

/** An entry of the alert's own timeline, in words. */
export function describeAlertEntry(entry: AlertTimelineEntry): Described {
  const d = entry.detail;
  const receiver = text(d.receiver) || 'a receiver';
  switch (entry.type) {
    case 'alerts.alert_pending':
      return { phase: 'alert', title: 'Alert pending (condition holds)', tone: 'warn', detail: NONE };
    case 'alerts.alert_fired':
      return { phase: 'alert', title: 'Alert fired', tone: 'bad', detail: NONE };
    case 'alerts.alert_resolved': {
      const reason = text(d.reason).replace(/_/g, ' ');
      return {
        phase: 'alert',
        title: `Alert resolved${reason ? ` (${reason})` : ''}`,
        tone: 'good',
        detail: NONE,
      };
    }
    case 'alerts.alert_acknowledged':
      return { phase: 'alert', title: 'Acknowledged', tone: 'neutral', detail: withText(d.comment) };
    case 'alerts.notification_requested':
      return {
        phase: 'notification',
        title: `Notification to ${receiver} (${text(d.reason) || 'alert'})`,
        tone: 'neutral',
        detail: NONE,
      };
    case 'alerts.notification_delivered':
      return { phase: 'notification', title: `Delivered to ${receiver}`, tone: 'neutral', detail: NONE };
    case 'alerts.notification_failed':
      return {
        phase: 'notification',
        title: `Notification to ${receiver} failed`,
        tone: 'bad',
        detail: withText(d.error),
      };
    default: {
      const title = words(entry.type);
      return {
        phase: entry.type.includes('notification') ? 'notification' : 'alert',
        title: capitalize(title),
        tone: 'neutral',
        detail: NONE,
      };
    }
  }
}

/** An event of the remediation's stream (other than an action's own events), in words. */
export function describeChainEvent(event: ChainEvent): Described {
  const d = event.data;
  const step = text(d.step);
  switch (event.type) {
    case 'healing.alert_diagnosed':
      return diagnosis(Array.isArray(d.causes) ? (d.causes as ProbableCause[]) : []);
    case 'healing.remediation_planned': {
      const steps = Array.isArray(d.steps) ? d.steps.map(String) : [];
      if (!d.runbookId)
        return { phase: 'plan', title: 'No runbook matched: nothing to run', tone: 'neutral', detail: NONE };
      return {
        phase: 'plan',
        title: `Planned runbook ${text(d.runbookName) || text(d.runbookId)}: ${steps.length} step${steps.length === 1 ? '' : 's'}`,
        tone: 'neutral',
        detail: { kind: 'plan', steps, dryRun: d.dryRun === true },
      };
    }
    case 'healing.approval_requested':
      return {
        phase: 'approval',
        title: `Approval requested for step ${step}`,
        tone: 'warn',
        detail: {
          kind: 'approval',
          approvers: Array.isArray(d.approvers) ? d.approvers.map(String) : [],
          expiresAt: text(d.expiresAt) || null,
        },
      };
    case 'healing.approval_granted':
      return {
        phase: 'approval',
        title: `Step ${step} approved by ${who(d.by)}`,
        tone: 'good',
        detail: withText(d.comment),
      };
    case 'healing.approval_rejected':
      return {
        phase: 'approval',
        title: `Step ${step} rejected by ${who(d.by)}`,
        tone: 'bad',
        detail: withText(d.comment),
      };
    case 'healing.approval_expired':
      return { phase: 'approval', title: `Approval of step ${step} expired`, tone: 'bad', detail: NONE };
    case 'healing.notification_requested':
      return d.kind === 'escalation'
        ? {
            phase: 'notification',
            title: 'People notified of the escalation',
            tone: 'neutral',
            detail: withText(d.message),
          }
        : {
            phase: 'action',
            title: `Notified ${receivers(d.receivers)}`,
            tone: 'good',
            detail: withText(d.message),
          };
    case 'healing.verification_failed':
      return {
        phase: 'verification',
        title: `Verification failed: the alert did not resolve${text(d.nextStep) ? `; trying step ${text(d.nextStep)}` : ''}`,
        tone: 'bad',
        detail: NONE,
      };
    case 'healing.remediation_healed': {
      const ms = typeof d.healedInMs === 'number' ? ` in ${formatDuration(d.healedInMs)}` : '';
      return { phase: 'resolution', title: `Healed${ms}`, tone: 'good', detail: NONE };
    }
    case 'healing.remediation_not_healed':
      return {
        phase: 'resolution',
        title: 'Not healed: the alert did not resolve in time',
        tone: 'bad',
        detail: NONE,
      };
    case 'healing.remediation_escalated':
      return { phase: 'resolution', title: 'Escalated to people', tone: 'bad', detail: withText(d.reason) };
    case 'healing.remediation_completed':
      return { phase: 'resolution', title: 'Completed: every step ran', tone: 'good', detail: NONE };
    default:
      return { phase: 'plan', title: capitalize(words(event.type)), tone: 'neutral', detail: NONE };
  }
}

function diagnosis(causes: ProbableCause[]): Described {
  const ranked = [...causes].sort((a, b) => b.confidence - a.confidence);
  const first = ranked[0];
  return {
    phase: 'diagnosis',
    title: first
      ? `Diagnosed: probably ${CAUSE_WORDS[first.kind] ?? first.kind} (${first.subject}), ${percent(first.confidence)} sure`
      : 'Diagnosed: no probable cause found',
    tone: 'neutral',
    detail: { kind: 'diagnosis', causes: ranked },
  };
}

/** A confidence (0..1) as a whole percentage. */
export function percent(confidence: number): string {
  return `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%`;
}

function who(actor: unknown): string {
  return text(actor).replace(/^(user|token):/, '') || 'someone';
}

function receivers(value: unknown): string {
  const names = Array.isArray(value) ? value.map(String) : [];
  return names.length > 0 ? names.join(', ') : "the alert's receivers";
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
