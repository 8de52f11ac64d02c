/** One step of a JSON path: a property name or an array index. */
export type JsonPathSegment = string | number;

/** What a path found: a value, nothing, or a path that could not be read. */
export type JsonPathLookup =
  | { kind: 'found'; value: unknown }
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string };

// A name runs up to the next '.' or '['; an index is digits in brackets.
const SEGMENT = /\.?([^.[\]]+)|\[(\d+)\]/y;

/** Parses a dot path with [n] indexes (`data.items[0].state`, optionally led by `$` or `$.`). */
export function parseJsonPath(path: string): JsonPathSegment[] | { error: string } {
  const body = path.startsWith('$') ? path.slice(1) : path;
  const segments: JsonPathSegment[] = [];
  let position = 0;
  while (position < body.length) {
    SEGMENT.lastIndex = position;
    const match = SEGMENT.exec(body);
    // A name after the first segment needs its dot: "a[0].b", never "a[0]b".
    if (!match || (match[1] !== undefined && position > 0 && body[position] !== '.')) {
      return { error: `invalid JSON path "${path}"` };
    }
    segments.push(match[1] !== undefined ? match[1] : Number(match[2]));
    position = SEGMENT.lastIndex;
  }
  return segments;
}

/** Follows `path` into a parsed JSON value. */
export function readJsonPath(root: unknown, path: string): JsonPathLookup {
  const segments = parseJsonPath(path);
  if (!Array.isArray(segments)) return { kind: 'invalid', reason: segments.error };
  let current: unknown = root;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return { kind: 'missing' };
      current = current[segment];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current))
        return { kind: 'missing' };
      if (!Object.hasOwn(current, segment)) return { kind: 'missing' };
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { kind: 'found', value: current };
}

/** The path as messages show it: `$.data.items[0].state`. */
export function displayJsonPath(path: string): string {
  if (path.startsWith('$')) return path;
  return path === '' || path.startsWith('[') ? `$${path}` : `$.${path}`;
}
