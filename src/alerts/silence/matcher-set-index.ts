import { type CompiledMatcher, matchesAll } from '../definition/matchers.js';

interface Entry<T> {
  item: T;
  matchers: ReadonlyArray<CompiledMatcher>;
}

/** Alternatives of a regular expression that are plain text (`ops|db`), so it can be looked up by value. */
const LITERAL_ALTERNATIVES = /^[A-Za-z0-9_:/@ ,=-]+(?:\|[A-Za-z0-9_:/@ ,=-]+)*$/;

/**
 * Many matcher sets (one per silence), found by the labels they match without testing each:
 * a set with an equality matcher (`service="api"`, or `team=~"ops|db"`) is filed under that
 * label value and tested only against labels that carry it; the others are tested every time.
 */
export class MatcherSetIndex<T> {
  private readonly byLabel = new Map<string, Map<string, Array<Entry<T>>>>();
  private readonly unfiled: Array<Entry<T>> = [];

  /** Files `item`, found later when all of `matchers` match. */
  add(item: T, matchers: ReadonlyArray<CompiledMatcher>): void {
    const entry = { item, matchers };
    const key = lookupKey(matchers);
    if (!key) {
      this.unfiled.push(entry);
      return;
    }
    let byValue = this.byLabel.get(key.name);
    if (!byValue) this.byLabel.set(key.name, (byValue = new Map()));
    for (const value of key.values) {
      const bucket = byValue.get(value);
      if (bucket) bucket.push(entry);
      else byValue.set(value, [entry]);
    }
  }

  /** The items whose matchers all match `labels`, in no particular order. */
  matching(labels: Readonly<Record<string, string>>): T[] {
    const found: T[] = [];
    for (const name in labels) {
      const bucket = this.byLabel.get(name)?.get(labels[name]!);
      if (bucket) for (const entry of bucket) if (matchesAll(entry.matchers, labels)) found.push(entry.item);
    }
    for (const entry of this.unfiled) if (matchesAll(entry.matchers, labels)) found.push(entry.item);
    return found;
  }
}

/** The label and values a matcher set requires, if one of its matchers pins a non-empty value. */
function lookupKey(matchers: ReadonlyArray<CompiledMatcher>): { name: string; values: string[] } | undefined {
  const equal = matchers.find((m) => m.op === '=' && m.value !== '');
  if (equal) return { name: equal.name, values: [equal.value] };
  const alternatives = matchers.find((m) => m.op === '=~' && LITERAL_ALTERNATIVES.test(m.value));
  if (alternatives) return { name: alternatives.name, values: [...new Set(alternatives.value.split('|'))] };
  return undefined;
}
