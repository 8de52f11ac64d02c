import { type CompiledMatcher, matchesAll } from '../../kernel/index.js';

interface Entry<T> {
  item: T;
  matchers: ReadonlyArray<CompiledMatcher>;
}

/** Entries keyed on one matcher of a label; which of them that matcher accepts, per value seen. */
interface ValueGroup<T> {
  entries: Array<{ entry: Entry<T>; key: CompiledMatcher; prefix: string }>;
  accepted: Map<string, Array<Entry<T>>>;
}

/** Alternatives of a regular expression that are plain text (`ops|db`), so it can be looked up by value. */
const LITERAL_ALTERNATIVES = /^[A-Za-z0-9_:/@ ,=-]+(?:\|[A-Za-z0-9_:/@ ,=-]+)*$/;
/** The plain text a regular expression starts with (`high-` of `high-.*`), up to its first special character. */
const LEADING_LITERAL = /^[A-Za-z0-9_:/@ ,=-]*/;
/** Values remembered per label before starting over (a label with very many values, such as `instance`). */
const MAX_REMEMBERED_VALUES = 10_000;

/**
 * Many matcher sets (one per silence), found by the labels they match without testing each.
 * A set pinning a value (`service="api"`, `team=~"ops|db"`) is filed under it and tested only
 * against labels that carry it. Any other set is keyed on one of its matchers (`alertname=~"high-.*"`):
 * which sets a label value passes is worked out once per distinct value, not once per alert.
 */
export class MatcherSetIndex<T> {
  private readonly byValue = new Map<string, Map<string, Array<Entry<T>>>>();
  private readonly byMatcher = new Map<string, ValueGroup<T>>();
  private readonly always: Array<Entry<T>> = [];

  /** Files `item`, found later when all of `matchers` match. */
  add(item: T, matchers: ReadonlyArray<CompiledMatcher>): void {
    const entry = { item, matchers };
    const pinned = pinnedValues(matchers);
    if (pinned) {
      const values = this.byValue.get(pinned.name) ?? new Map<string, Array<Entry<T>>>();
      this.byValue.set(pinned.name, values);
      for (const value of pinned.values) values.set(value, [...(values.get(value) ?? []), entry]);
      return;
    }
    const key = matchers.find((m) => m.op === '=~') ?? matchers[0];
    if (!key) {
      this.always.push(entry);
      return;
    }
    const group: ValueGroup<T> = this.byMatcher.get(key.name) ?? { entries: [], accepted: new Map() };
    this.byMatcher.set(key.name, group);
    group.entries.push({ entry, key, prefix: key.op === '=~' ? literalPrefix(key.value) : '' });
    group.accepted.clear();
  }

  /** The items whose matchers all match `labels`, in no particular order. */
  matching(labels: Readonly<Record<string, string>>): T[] {
    const found: T[] = [];
    for (const name in labels) {
      const bucket = this.byValue.get(name)?.get(labels[name]!);
      if (bucket) for (const entry of bucket) if (matchesAll(entry.matchers, labels)) found.push(entry.item);
    }
    for (const [name, group] of this.byMatcher) {
      for (const entry of acceptedBy(group, name, labels[name] ?? '')) {
        if (matchesAll(entry.matchers, labels)) found.push(entry.item);
      }
    }
    for (const entry of this.always) if (matchesAll(entry.matchers, labels)) found.push(entry.item);
    return found;
  }
}

function acceptedBy<T>(group: ValueGroup<T>, name: string, value: string): Array<Entry<T>> {
  let accepted = group.accepted.get(value);
  if (!accepted) {
    const labels = { [name]: value };
    accepted = group.entries
      .filter(({ key, prefix }) => value.startsWith(prefix) && key.matches(labels))
      .map(({ entry }) => entry);
    if (group.accepted.size >= MAX_REMEMBERED_VALUES) group.accepted.clear();
    group.accepted.set(value, accepted);
  }
  return accepted;
}

/** The label and values a matcher set requires, if one of its matchers pins non-empty values. */
function pinnedValues(
  matchers: ReadonlyArray<CompiledMatcher>,
): { name: string; values: string[] } | undefined {
  const equal = matchers.find((m) => m.op === '=' && m.value !== '');
  if (equal) return { name: equal.name, values: [equal.value] };
  const alternatives = matchers.find((m) => m.op === '=~' && LITERAL_ALTERNATIVES.test(m.value));
  if (alternatives) return { name: alternatives.name, values: [...new Set(alternatives.value.split('|'))] };
  return undefined;
}

/** Text every value a regular expression accepts starts with; '' when unsure (a `|` anywhere, say). */
function literalPrefix(pattern: string): string {
  if (pattern.includes('|')) return '';
  const literal = LEADING_LITERAL.exec(pattern)![0];
  // A quantifier after the literal applies to its last character (`ab?c`: the b is optional).
  return /^[?*+{]/.test(pattern.slice(literal.length)) ? literal.slice(0, -1) : literal;
}
