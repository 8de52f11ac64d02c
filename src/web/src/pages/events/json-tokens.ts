/** A piece of pretty-printed JSON and what it is, for colouring. */
export interface JsonToken {
  kind: 'key' | 'string' | 'number' | 'boolean' | 'null' | 'punctuation' | 'space';
  text: string;
}

/** Values JSON leaves out of objects (and writes as null in arrays). */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * `value` as `JSON.stringify(value, null, indent)` prints it, cut into tokens (keys, strings,
 * numbers, booleans, null, punctuation, whitespace): joined, the texts are exactly that output.
 */
export function jsonTokens(value: unknown, indent = 2): JsonToken[] {
  const tokens: JsonToken[] = [];
  const push = (kind: JsonToken['kind'], text: string) => {
    tokens.push({ kind, text });
  };
  const write = (v: unknown, depth: number): void => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      write((v as { toJSON(): unknown }).toJSON(), depth);
    } else if (v === null || (typeof v === 'number' && !Number.isFinite(v))) {
      push('null', 'null');
    } else if (typeof v === 'string') {
      push('string', JSON.stringify(v));
    } else if (typeof v === 'number') {
      push('number', JSON.stringify(v));
    } else if (typeof v === 'boolean') {
      push('boolean', String(v));
    } else {
      writeContainer(v as object, depth);
    }
  };
  const writeContainer = (v: object, depth: number): void => {
    const inner = `\n${' '.repeat(indent * (depth + 1))}`;
    const entries: Array<[string | null, unknown]> = Array.isArray(v)
      ? v.map((item) => [null, omitted(item) ? null : item])
      : Object.entries(v).filter(([, item]) => !omitted(item));
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) {
      push('punctuation', open + close);
      return;
    }
    push('punctuation', open);
    entries.forEach(([key, item], i) => {
      if (i > 0) push('punctuation', ',');
      push('space', inner);
      if (key !== null) {
        push('key', JSON.stringify(key));
        push('punctuation', ':');
        push('space', ' ');
      }
      write(item, depth + 1);
    });
    push('space', `\n${' '.repeat(indent * depth)}`);
    push('punctuation', close);
  };
  if (!omitted(value)) write(value, 0);
  return tokens;
}
