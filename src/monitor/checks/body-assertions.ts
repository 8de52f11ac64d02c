import type { BodyAssertion } from './check-types.js';
import { displayJsonPath, readJsonPath } from './json-path.js';

/** A response body as read: at most the read limit, and whether more was cut off. */
export interface ReadBody {
  text: string;
  truncated: boolean;
}

type ParsedJson = { ok: true; value: unknown } | { ok: false };

/** Checks the assertions in order; the first failure's message, or undefined when all hold. */
export function failedBodyAssertion(assertions: BodyAssertion[], body: ReadBody): string | undefined {
  let parsed: ParsedJson | undefined;
  const json = (): ParsedJson => {
    parsed ??= parseJson(body.text);
    return parsed;
  };
  for (const assertion of assertions) {
    const failure = checkAssertion(assertion, body, json);
    if (failure !== undefined) return failure;
  }
  return undefined;
}

function checkAssertion(
  assertion: BodyAssertion,
  body: ReadBody,
  json: () => ParsedJson,
): string | undefined {
  const cut = body.truncated ? ' (only the first 1 MiB of the body is read)' : '';
  switch (assertion.type) {
    case 'contains':
      return body.text.includes(assertion.value)
        ? undefined
        : `body does not contain "${assertion.value}"${cut}`;
    case 'not_contains':
      return body.text.includes(assertion.value) ? `body contains "${assertion.value}"` : undefined;
    case 'json_path_equals':
    case 'json_path_matches': {
      const path = displayJsonPath(assertion.path);
      const parsed = json();
      if (!parsed.ok) return `body is not JSON, cannot read ${path}${cut}`;
      const found = readJsonPath(parsed.value, assertion.path);
      if (found.kind === 'invalid') return found.reason;
      return assertion.type === 'json_path_equals'
        ? checkEquals(path, found.kind === 'found' ? found : undefined, assertion.value)
        : checkMatches(path, found.kind === 'found' ? found : undefined, assertion.pattern);
    }
  }
}

function checkEquals(
  path: string,
  found: { value: unknown } | undefined,
  expected: string | number | boolean | null,
): string | undefined {
  if (found === undefined) return `${path} is missing, expected ${formatValue(expected)}`;
  return found.value === expected
    ? undefined
    : `${path} is ${formatValue(found.value)}, expected ${formatValue(expected)}`;
}

function checkMatches(
  path: string,
  found: { value: unknown } | undefined,
  pattern: string,
): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `json_path_matches pattern "${pattern}" is not a valid regular expression: ${reason}`;
  }
  if (found === undefined) return `${path} is missing, expected to match /${pattern}/`;
  // Numbers and booleans match by their text; objects and null by their JSON.
  const text = typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
  return regex.test(text)
    ? undefined
    : `${path} is ${formatValue(found.value)}, expected to match /${pattern}/`;
}

function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const MAX_SHOWN_CHARS = 80;

function formatValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}
