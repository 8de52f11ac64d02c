import { useEffect, useState } from 'preact/hooks';

/** Where the browser is: the page address and its query (`?type=alerts.&since=…`). */
export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

/** The page address, kept in step with the browser's history. */
export function useLocation(): Location {
  const [where, setWhere] = useState(current);
  useEffect(() => {
    const changed = () => setWhere(current());
    addEventListener('popstate', changed);
    return () => removeEventListener('popstate', changed);
  }, []);
  return where;
}

/**
 * Goes to `to` (a path, optionally with a query) without reloading; the back button returns.
 * `replace` changes the current entry instead (filters typed into a form, not worth a history step).
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** A link that navigates in place (a new tab or window still opens with ctrl/cmd/middle click). */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
    return;
  const href = (event.currentTarget as HTMLAnchorElement).getAttribute('href');
  if (!href?.startsWith('/')) return;
  event.preventDefault();
  navigate(href);
}

/** `path` with `params` as its query, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
