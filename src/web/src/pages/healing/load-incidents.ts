import type { AlertList, AlertView, RemediationList, RemediationView } from './healing-types.js';
import {
  type IncidentRow,
  remediationsReachBack,
  rowsFromAlerts,
  rowsFromRemediations,
} from './incident-rows.js';
import { alertsApiPath, type IncidentFilters, remediationsApiPath } from './incidents-query.js';

/** Reads one API path (the page passes `api('GET', …)`; tests pass answers). */
export type Get = <T>(path: string) => Promise<T>;

export interface LoadedIncidents {
  rows: IncidentRow[];
  /** More pages exist. */
  more: boolean;
  /** Remediations could not be read (no healing read model): the alerts are listed without them. */
  historyError: Error | null;
}

export const INCIDENTS_PAGE = 50;
/** Remediations read per request when joining them to alerts, and at most that many requests. */
const JOIN_PAGE = 200;
const JOIN_REQUESTS = 5;

/**
 * The first `pages` pages of incidents. Filtered by a remediation status, they are remediations;
 * otherwise alert occurrences (newest first) joined with the remediations that started since the
 * oldest of them.
 */
export async function loadIncidents(
  get: Get,
  filters: IncidentFilters,
  pages: number,
): Promise<LoadedIncidents> {
  if (filters.status) {
    const { items, next } = await readPages<RemediationList, RemediationView>(
      get,
      (cursor) => remediationsApiPath(filters, INCIDENTS_PAGE, cursor),
      (page) => page.remediations,
      pages,
    );
    return { rows: rowsFromRemediations(items), more: next !== null, historyError: null };
  }
  const alerts = await readPages<AlertList, AlertView>(
    get,
    (cursor) => alertsApiPath(filters, INCIDENTS_PAGE, cursor),
    (page) => page.alerts,
    pages,
  );
  const oldest = alerts.items[alerts.items.length - 1]?.activeSince;
  try {
    const remediations: RemediationView[] = [];
    let next: string | null = null;
    for (let i = 0; i < JOIN_REQUESTS; i++) {
      const page: RemediationList = await get(remediationsApiPath(filters, JOIN_PAGE, next));
      remediations.push(...page.remediations);
      next = page.next;
      if (remediationsReachBack(remediations, next, oldest)) break;
    }
    return {
      rows: rowsFromAlerts(alerts.items, remediations),
      more: alerts.next !== null,
      historyError: null,
    };
  } catch (error) {
    return {
      rows: rowsFromAlerts(alerts.items, []),
      more: alerts.next !== null,
      historyError: error instanceof Error ? error : new Error(String(error)),
    };
  }
}

/** Reads up to `pages` pages, following each page's `next`. */
async function readPages<Page extends { next: string | null }, Item>(
  get: Get,
  pathOf: (cursor: string | null) => string,
  itemsOf: (page: Page) => Item[],
  pages: number,
): Promise<{ items: Item[]; next: string | null }> {
  const items: Item[] = [];
  let next: string | null = null;
  for (let i = 0; i < Math.max(1, pages); i++) {
    const page: Page = await get(pathOf(next));
    items.push(...itemsOf(page));
    next = page.next;
    if (next === null) break;
  }
  return { items, next };
}
