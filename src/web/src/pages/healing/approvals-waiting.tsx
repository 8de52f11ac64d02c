import { api } from '../../api.js';
import { onLinkClick } from '../../router.js';
import { incidentPath } from '../../routes.js';
import { formatAgo } from '../../ui/format.js';
import { useApi } from '../../ui/use-api.js';
import type { RemediationList } from './healing-types.js';
import { stepAwaitingApproval, waitingForApproval } from './incident-rows.js';
import { incidentsPath, remediationsApiPath } from './incidents-query.js';

/**
 * The remediations waiting for someone's approval, for operators, at the top of the incidents
 * page; nothing when none waits. `version` changes make it read again (live updates).
 */
export function ApprovalsWaiting({ version }: { version: number }) {
  const { data } = useApi(`approvals-${version}`, () =>
    api<RemediationList>(
      'GET',
      remediationsApiPath({ status: 'awaiting_approval', rule: '', target: '' }, 100),
    ),
  );
  const waiting = waitingForApproval(data?.remediations ?? []);
  // A failed read shows nothing here: the list below says why remediations cannot be read.
  if (waiting.length === 0) return null;
  return (
    <section class="panel approvals-waiting" aria-labelledby="approvals-title">
      <h2 id="approvals-title">Waiting for approval ({waiting.length})</h2>
      <ul>
        {waiting.map((r) => (
          <li key={r.alertId}>
            <a href={incidentPath(r.alertId)} onClick={onLinkClick}>
              {r.ruleName} on {r.target ?? '?'}
            </a>{' '}
            waits for approval of step <strong>{stepAwaitingApproval(r) ?? '?'}</strong>{' '}
            <span class="muted">(started {formatAgo(r.startedAt)})</span>
          </li>
        ))}
      </ul>
      <a href={incidentsPath({ status: 'awaiting_approval', rule: '', target: '' })} onClick={onLinkClick}>
        Show only these
      </a>
    </section>
  );
}
