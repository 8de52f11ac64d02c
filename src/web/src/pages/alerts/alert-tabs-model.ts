/** The tabs of the Alerts page, in order, and the one named by the address (`/alerts?tab=silenced`). */
export const ALERT_TABS = [
  { id: 'active', title: 'Active' },
  { id: 'silenced', title: 'Silenced' },
  { id: 'inhibited', title: 'Inhibited' },
  { id: 'history', title: 'History' },
  { id: 'rules', title: 'Rules' },
] as const;

export type AlertTab = (typeof ALERT_TABS)[number]['id'];

/** The tab the query names; Active when it names none or one there is not. */
export function tabFromQuery(query: URLSearchParams): AlertTab {
  const wanted = query.get('tab');
  return ALERT_TABS.find((t) => t.id === wanted)?.id ?? 'active';
}

/**
 * The tab a key moves to in the tab list (arrows wrap around, Home and End go to the ends), or
 * undefined for a key that does not move.
 */
export function tabAfterKey(current: AlertTab, key: string): AlertTab | undefined {
  const index = ALERT_TABS.findIndex((t) => t.id === current);
  const count = ALERT_TABS.length;
  const to: Record<string, number> = {
    ArrowRight: (index + 1) % count,
    ArrowLeft: (index - 1 + count) % count,
    Home: 0,
    End: count - 1,
  };
  const target = to[key];
  return target === undefined ? undefined : ALERT_TABS[target]?.id;
}
