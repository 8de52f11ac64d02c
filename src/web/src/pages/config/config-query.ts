import { withQuery } from '../../router.js';

/** What the configuration page of one kind shows, as its address says (`?id=…&edit=1`, `?new=1`, `?q=…`). */
export type ConfigView =
  | { mode: 'list'; search: string }
  | { mode: 'view'; id: string }
  | { mode: 'edit'; id: string }
  | { mode: 'new' };

/** The view an address's query asks for; anything else is the list. */
export function viewOf(query: URLSearchParams): ConfigView {
  const id = query.get('id');
  if (id) return query.get('edit') === '1' ? { mode: 'edit', id } : { mode: 'view', id };
  if (query.get('new') === '1') return { mode: 'new' };
  return { mode: 'list', search: query.get('q') ?? '' };
}

/** The address of a view of a kind's page, so that reload and back show it again. */
export function viewAddress(slug: string, view: ConfigView): string {
  const path = `/config/${encodeURIComponent(slug)}`;
  switch (view.mode) {
    case 'list':
      return withQuery(path, { q: view.search });
    case 'view':
      return withQuery(path, { id: view.id });
    case 'edit':
      return withQuery(path, { id: view.id, edit: 1 });
    case 'new':
      return withQuery(path, { new: 1 });
  }
}
