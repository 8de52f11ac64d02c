/**
 * Label matchers, Alertmanager-style: `service="api"`, `severity!="info"`, `team=~"ops|db"`,
 * `env!~"dev.*"`. Regular expressions are anchored (they match the whole value). A label that
 * is absent has the value "".
 */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOperator;
  value: string;
}

/** A matcher ready to test labels (its regular expression compiled once). */
export interface CompiledMatcher extends LabelMatcher {
  matches(labels: Readonly<Record<string, string>>): boolean;
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MATCHER_TEXT = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;
const MAX_VALUE_LENGTH = 1000;

export type MatcherParse = { ok: true; matcher: CompiledMatcher } | { ok: false; message: string };

/** Parses `name op "value"` (the text form used in vigia.yaml, the API and the CLI). */
export function parseMatcherText(text: string): MatcherParse {
  if (typeof text !== 'string' || text.length > MAX_VALUE_LENGTH + 120) {
    return { ok: false, message: 'must be a matcher such as service="api" or team=~"ops|db"' };
  }
  const match = MATCHER_TEXT.exec(text);
  if (!match)
    return { ok: false, message: `"${text}" is not a matcher such as service="api" or team=~"ops|db"` };
  const value = match[3]!.replace(/\\(.)/g, '$1');
  return compileMatcher({ name: match[1]!, op: match[2] as MatchOperator, value });
}

/** Checks and compiles a matcher given as an object `{name, op, value}`. */
export function compileMatcher(matcher: LabelMatcher): MatcherParse {
  const { name, op, value } = matcher;
  if (typeof name !== 'string' || !LABEL_NAME.test(name)) {
    return { ok: false, message: `label name "${String(name)}" must match [A-Za-z_][A-Za-z0-9_]*` };
  }
  if (!['=', '!=', '=~', '!~'].includes(op)) {
    return { ok: false, message: `operator "${String(op)}" must be one of = != =~ !~` };
  }
  if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) {
    return { ok: false, message: `value must be a string of at most ${MAX_VALUE_LENGTH} characters` };
  }
  if (op === '=' || op === '!=') {
    const equal = op === '=';
    return {
      ok: true,
      matcher: { name, op, value, matches: (labels) => ((labels[name] ?? '') === value) === equal },
    };
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${value})$`, 'u');
  } catch (error) {
    return {
      ok: false,
      message: `"${value}" is not a valid regular expression (${(error as Error).message})`,
    };
  }
  const positive = op === '=~';
  return {
    ok: true,
    matcher: { name, op, value, matches: (labels) => pattern.test(labels[name] ?? '') === positive },
  };
}

/** True when every matcher matches `labels` (an empty list matches everything). */
export function matchesAll(
  matchers: ReadonlyArray<CompiledMatcher>,
  labels: Readonly<Record<string, string>>,
) {
  for (const matcher of matchers) if (!matcher.matches(labels)) return false;
  return true;
}

/**
 * True when the matchers would match an alert with no labels at all — i.e. they select
 * everything, which a silence must not do (Alertmanager refuses such silences too).
 */
export function matchesEverything(matchers: ReadonlyArray<CompiledMatcher>): boolean {
  return matchesAll(matchers, {});
}

/** The text form of a matcher: `team=~"ops|db"`. */
export function formatMatcher(matcher: LabelMatcher): string {
  return `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`;
}
