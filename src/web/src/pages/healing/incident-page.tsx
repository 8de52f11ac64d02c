import { api } from '../../api.js';
import { useLiveReload } from '../../live/use-live-reload.js';
import { onLinkClick } from '../../router.js';
import { useCan } from '../../session.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { useApi } from '../../ui/use-api.js';
import { chainPath } from '../events/events-query.js';
import { ApprovalPanel } from './approval-panel.js';
import { IncidentSummary } from './incident-summary.js';
import { buildTimeline } from './incident-timeline.js';
import { type LoadedIncident, loadIncident } from './load-incident.js';
import { TimelineView } from './timeline-view.js';
import './healing.css';

const ACTED = new Set(['healing.remediation_planned', 'healing.remediation_escalated']);

/**
 * One incident as a timeline: the alert, its diagnosis (causes and evidence), the actions with
 * their output, approvals, verification and outcome; live, with Approve / Reject for operators.
 */
export function IncidentPage({ alertId }: { alertId: string }) {
  const { data, error, loading, reload } = useApi(alertId, () =>
    loadIncident((path) => api('GET', path), alertId),
  );
  const canAct = useCan('operator');
  const { connected } = useLiveReload(
    ['healing.', 'alerts.'],
    reload,
    (e) => e.metadata.correlationId === alertId,
  );

  const title = data ? titleOf(data) : 'Incident';
  return (
    <section class="incident-page" aria-labelledby="incident-title">
      <p class="breadcrumbs">
        <a href="/incidents" onClick={onLinkClick}>
          Incidents
        </a>
      </p>
      <h1 id="incident-title">{title}</h1>
      <p class="muted">
        <a href={chainPath(alertId)} onClick={onLinkClick}>
          All events of this incident
        </a>{' '}
        ·{' '}
        <span role="status" class={connected ? 'live' : 'offline'}>
          {connected ? 'live' : 'reconnecting…'}
        </span>
      </p>
      <ErrorMessage error={error} />
      {!data && loading && <p aria-busy="true">Loading the incident…</p>}
      {data && <IncidentBody data={data} canAct={canAct} onAnswered={reload} />}
    </section>
  );
}

function IncidentBody({
  data,
  canAct,
  onAnswered,
}: {
  data: LoadedIncident;
  canAct: boolean;
  onAnswered: () => void;
}) {
  const { alert, chain } = data;
  const items = buildTimeline(alert?.timeline ?? [], chain?.events ?? [], chain?.remediation?.status ?? null);
  const acted = chain?.events.some((e) => ACTED.has(e.type)) ?? false;
  return (
    <>
      <IncidentSummary alert={alert} remediation={chain?.remediation ?? null} />
      {chain?.pendingApproval && (
        <ApprovalPanel approval={chain.pendingApproval} canAnswer={canAct} onAnswered={onAnswered} />
      )}
      {!chain && (
        <p class="notice" role="note">
          No remediation: healing had nothing to do for this alert (it was not diagnosed or acted on).
        </p>
      )}
      {chain && !acted && (
        <p class="notice" role="note">
          No remediation: the alert was diagnosed, but no runbook applies to it.
        </p>
      )}
      <h2>Timeline</h2>
      {items.length === 0 ? <p>Nothing recorded yet.</p> : <TimelineView items={items} />}
    </>
  );
}

function titleOf({ alert, chain }: LoadedIncident): string {
  const rule = alert?.ruleName || chain?.remediation?.ruleName;
  const service = alert?.service || chain?.remediation?.target;
  if (!rule) return 'Incident';
  return service ? `${rule} on ${service}` : rule;
}
