/** An event type pattern (`deploy.*`, `alerts.alert_*`) as an anchored regular expression; `*` is any run of characters. */
export function eventTypePattern(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}
