/** The one-time setup code from the link `vigia up` prints (`/setup#code=…`; a fragment never reaches a server log). */
export function setupCodeFrom(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('code') ?? '';
}
