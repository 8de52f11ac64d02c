import { ApiError } from '../../api.js';
import type { AlertDetail, RemediationChain } from './healing-types.js';
import type { Get } from './load-incidents.js';

/** One incident: its alert (null for a runbook started by an event) and its chain (null: healing did nothing). */
export interface LoadedIncident {
  alert: AlertDetail | null;
  chain: RemediationChain | null;
}

/** Null for a 404 (that part does not exist); other errors stay errors. */
async function orNone<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Reads an incident's alert and its remediation chain together; neither existing is a 404 of its own. */
export async function loadIncident(get: Get, alertId: string): Promise<LoadedIncident> {
  const id = encodeURIComponent(alertId);
  const [alert, chain] = await Promise.all([
    orNone(get<AlertDetail>(`/api/alerts/${id}`)),
    orNone(get<RemediationChain>(`/api/remediations/${id}`)),
  ]);
  if (!alert && !chain) {
    throw new ApiError(404, 'NOT_FOUND', `There is no alert or remediation with id ${alertId}.`);
  }
  return { alert, chain };
}
