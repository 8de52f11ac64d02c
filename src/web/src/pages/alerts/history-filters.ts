import { withQuery } from '../../router.js';
import { localInputToIso } from '../../ui/local-time.js';
import { SEVERITIES, type Severity } from './alert-types.js';

/** The History tab's filters as the address keeps them; `from` and `to` are `datetime-local` values. */
export interface HistoryFilters {
  severity: Severity | '';
  service: string;
  rule: string;
  from: string;
  to: string;
}

export const HISTORY_PAGE_SIZE = 50;

/** The filters the address names (`?tab=history&severity=critical&service=api`), unknown values left out. */
export function historyFiltersFromQuery(query: URLSearchParams): HistoryFilters {
  const severity = query.get('severity') ?? '';
  return {
    severity: SEVERITIES.includes(severity as Severity) ? (severity as Severity) : '',
    service: query.get('service') ?? '',
    rule: query.get('rule') ?? '',
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
  };
}

/** The page address for the filters (empty ones left out), so a reload or the back button keeps them. */
export function historyAddress(filters: HistoryFilters): string {
  return withQuery('/alerts', {
    tab: 'history',
    severity: filters.severity,
    service: filters.service.trim(),
    rule: filters.rule.trim(),
    from: filters.from,
    to: filters.to,
  });
}

/**
 * The API request for one page of the history: every state, newest first, the filters the server
 * takes (times as ISO instants; a time that is not one is left out), then the cursor of the page.
 */
export function historyApiPath(filters: HistoryFilters, cursor?: string): string {
  return withQuery('/api/alerts', {
    state: 'all',
    limit: HISTORY_PAGE_SIZE,
    severity: filters.severity,
    service: filters.service.trim().slice(0, 100),
    rule: filters.rule.trim().slice(0, 100),
    from: localInputToIso(filters.from),
    to: localInputToIso(filters.to),
    cursor,
  });
}
