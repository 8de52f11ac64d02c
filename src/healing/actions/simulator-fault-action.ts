import { isIPv4 } from 'node:net';
import { NotLoopbackError } from './action-errors.js';
import { parseHttpUrl } from './http-action.js';
import type { RenderedAction } from './rendered-action.js';

export type SimulatorFaultAction = Extract<RenderedAction, { kind: 'simulator_fault_off' }>;

/** True for an IP address literal in 127.0.0.0/8 or ::1 (names, even `localhost`, are not trusted). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (host === '::1') return true;
  return isIPv4(host) && host.split('.')[0] === '127';
}

/**
 * The request that switches a simulated service's faults off: `POST <base>/chaos/reset`, which
 * restores the settings the service started with. Throws NotLoopbackError for any address
 * that is not loopback, InvalidActionError for a URL that does not parse.
 */
export function simulatorResetRequest(action: SimulatorFaultAction): { url: URL; resetUrl: string } {
  const url = parseHttpUrl(action.url, 'simulator_fault_off action');
  // The WHATWG parser has already normalized the host (0x7f.1 → 127.0.0.1, [0:0::1] → [::1]).
  if (!isLoopbackHost(url.hostname)) throw new NotLoopbackError(url.origin);
  const reset = new URL(url.origin);
  reset.pathname = `${url.pathname.replace(/\/+$/, '')}/chaos/reset`;
  return { url, resetUrl: reset.href };
}
