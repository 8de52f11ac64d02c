import type { ResourcePage } from './alert-types.js';

/** At most this many pages are read (500 items each): a bound, should a list keep growing while read. */
const MAX_PAGES = 40;

/**
 * Every item of a resource list (`GET /api/<kind>?limit=500`, then `&after=<next>` until `next`
 * is null). Resource lists are in id order, not by time, so a screen sorting them needs them all.
 */
export async function loadAllPages<T>(
  path: string,
  get: (url: string) => Promise<ResourcePage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: '500' });
    if (after) query.set('after', after);
    const answer: ResourcePage<T> = await get(`${path}?${query}`);
    items.push(...answer.items);
    after = answer.next;
    if (!after) break;
  }
  return items;
}
