import { isIPv4 } from 'node:net';
import { ValidationError } from '../../kernel/index.js';

/** True for an IP literal in 127.0.0.0/8 or ::1; names, even `localhost`, are not trusted (as in healing). */
export function isLoopbackAddress(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (host === '::1') return true;
  return isIPv4(host) && host.split('.')[0] === '127';
}

/** Why `text` is not a simulator base URL (plain http on a loopback IP, no path), or undefined. */
export function loopbackUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be a URL such as http://127.0.0.1:43125, got ${JSON.stringify(text)}`;
  }
  if (url.protocol !== 'http:') return `must be an http:// URL, got ${JSON.stringify(text)}`;
  if (url.username || url.password) return 'must not hold credentials';
  if (!isLoopbackAddress(url.hostname)) {
    return `must be on loopback (127.x.x.x or [::1]): the demo only talks to simulators on this machine, got host ${url.hostname}`;
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    return `must be a base URL without path or query, got ${JSON.stringify(text)}`;
  }
  return undefined;
}

/** The simulator base URL without a trailing slash; throws ValidationError naming `what` otherwise. */
export function simulatorBaseUrl(text: string, what: string): string {
  const problem = loopbackUrlProblem(text);
  if (problem) throw new ValidationError(`${what} ${problem}`, [{ path: what, message: problem }]);
  return new URL(text).origin;
}
