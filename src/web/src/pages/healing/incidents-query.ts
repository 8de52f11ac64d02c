import { withQuery } from '../../router.js';
import type { RemediationPhase } from './healing-types.js';
import { isRemediationPhase } from './remediation-status.js';

/** The incidents list's filters, as the address query holds them (`/incidents?status=healed&target=db`). */
export interface IncidentFilters {
  /** Only remediations in this status ('' = every incident, with or without a remediation). */
  status: RemediationPhase | '';
  /** The alert rule's name. */
  rule: string;
  /** The service (the remediation's target). */
  target: string;
}

export const ALL_INCIDENTS: IncidentFilters = { status: '', rule: '', target: '' };

const name = (value: string | null) => (value ?? '').trim().slice(0, 100);

/** The filters an address query names; an unknown status is left out. */
export function incidentFiltersFromQuery(query: URLSearchParams): IncidentFilters {
  const status = query.get('status');
  return {
    status: isRemediationPhase(status) ? status : '',
    rule: name(query.get('rule')),
    target: name(query.get('target')),
  };
}

/** The incidents page's address for `filters` (empty ones left out). */
export function incidentsPath(filters: IncidentFilters): string {
  return withQuery('/incidents', { status: filters.status, rule: filters.rule, target: filters.target });
}

/** `GET /api/remediations` for the filters, one page of `limit` after `cursor`. */
export function remediationsApiPath(
  filters: Pick<IncidentFilters, 'rule' | 'target'> & { status?: IncidentFilters['status'] },
  limit: number,
  cursor?: string | null,
): string {
  return withQuery('/api/remediations', {
    status: filters.status,
    rule: filters.rule,
    target: filters.target,
    limit,
    cursor,
  });
}

/** `GET /api/alerts` over the whole history (newest first) for the filters, one page after `cursor`. */
export function alertsApiPath(filters: IncidentFilters, limit: number, cursor?: string | null): string {
  return withQuery('/api/alerts', {
    state: 'all',
    rule: filters.rule,
    service: filters.target,
    limit,
    cursor,
  });
}
