/**
 * Action templates: the `{{ … }}` placeholders of runbook actions (URLs, bodies, headers,
 * command arguments, messages). A small hand-written language with four variables and no
 * functions: `{{ labels.<name> }}`, `{{ annotations.<name> }}`, `{{ alert.id }}`, `{{ alert.rule }}`.
 * Compiling checks every placeholder; rendering never throws. Each rendering encodes the
 * values for where they land (a URL, a JSON string, a header), so a value always stays a value.
 */

/** What a template can read: the alert being healed. */
export interface TemplateContext {
  alertId: string;
  ruleName: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/**
 * How values are written into the text: `text` as they are (NUL characters dropped);
 * `urlSafe` percent-encoded; `jsonSafe` escaped for the inside of a JSON string;
 * `headerSafe` with everything but printable ASCII percent-encoded (no CR/LF can split a header).
 */
export type TemplateEncoding = 'text' | 'urlSafe' | 'jsonSafe' | 'headerSafe';

export type TemplateVariable =
  | { kind: 'label'; name: string }
  | { kind: 'annotation'; name: string }
  | { kind: 'alertId' }
  | { kind: 'ruleName' };

/** A compiled template: render it as often as needed. */
export interface ActionTemplate {
  /** The text as the user wrote it. */
  readonly source: string;
  /** The placeholders, in order of appearance. */
  readonly variables: ReadonlyArray<TemplateVariable>;
  /** The text with each placeholder replaced by its value, encoded (default `text`). */
  render(context: TemplateContext, encoding?: TemplateEncoding): string;
  /** The text with each placeholder replaced by `substitute(variable)` as given (for checks). */
  fill(substitute: (variable: TemplateVariable) => string): string;
}

export type TemplateCompile = { ok: true; template: ActionTemplate } | { ok: false; message: string };

/** Longest template text accepted by default (bodies pass a larger limit). */
export const MAX_TEMPLATE_LENGTH = 4000;

const KNOWN = 'labels.<name>, annotations.<name>, alert.id, alert.rule';
const TOKEN = /[$A-Za-z_][$A-Za-z0-9_.]*/y;
const NAMED = /^(labels|annotations)\.([A-Za-z_][A-Za-z0-9_]*)$/;

type Part = string | TemplateVariable;

/** Compiles `text`; a problem names its 1-based character position. */
export function compileActionTemplate(text: string, maxLength = MAX_TEMPLATE_LENGTH): TemplateCompile {
  if (typeof text !== 'string') return { ok: false, message: 'must be a text' };
  if (text.length > maxLength) {
    return { ok: false, message: `must be at most ${maxLength} characters, got ${text.length}` };
  }
  const parts: Part[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{{', at);
    if (open < 0) {
      parts.push(text.slice(at));
      break;
    }
    if (open > at) parts.push(text.slice(at, open));
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, message: `"{{" at position ${open + 1} is not closed with "}}"` };
    const variable = parseVariable(text, open + 2, close);
    if (typeof variable === 'string') return { ok: false, message: variable };
    parts.push(variable);
    at = close + 2;
  }
  const variables = parts.filter((part): part is TemplateVariable => typeof part !== 'string');
  const fill = (substitute: (variable: TemplateVariable) => string) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : substitute(part);
    return out;
  };
  return {
    ok: true,
    template: {
      source: text,
      variables,
      fill,
      render: (context, encoding = 'text') =>
        fill((variable) => encodeValue(lookup(variable, context), encoding)),
    },
  };
}

/** The variable between `start` and `end` (exclusive), or the message saying what is wrong. */
function parseVariable(text: string, start: number, end: number): TemplateVariable | string {
  let at = start;
  while (at < end && /\s/.test(text[at]!)) at++;
  TOKEN.lastIndex = at;
  const found = TOKEN.exec(text);
  if (!found || TOKEN.lastIndex > end) {
    return `expected a variable such as labels.service at position ${at + 1}, found ${shown(text, at, end)}`;
  }
  const name = found[0];
  const position = at + 1;
  at = TOKEN.lastIndex;
  while (at < end && /\s/.test(text[at]!)) at++;
  if (at < end) return `expected "}}" at position ${at + 1}, found ${shown(text, at, end)}`;
  if (name === 'alert.id') return { kind: 'alertId' };
  if (name === 'alert.rule') return { kind: 'ruleName' };
  const named = NAMED.exec(name);
  if (named) {
    return named[1] === 'labels'
      ? { kind: 'label', name: named[2]! }
      : { kind: 'annotation', name: named[2]! };
  }
  const hint = name.startsWith('$') ? ` (write ${name.slice(1)} without "$")` : '';
  return `unknown variable "${name}" at position ${position}${hint} (known: ${KNOWN})`;
}

function shown(text: string, at: number, end: number): string {
  return at >= end ? '"}}"' : `"${text.slice(at, Math.min(end, at + 20))}"`;
}

function lookup(variable: TemplateVariable, context: TemplateContext): string {
  switch (variable.kind) {
    case 'label':
      return context.labels[variable.name] ?? '';
    case 'annotation':
      return context.annotations[variable.name] ?? '';
    case 'alertId':
      return context.alertId;
    case 'ruleName':
      return context.ruleName;
  }
}

/** `value` encoded for where it lands; never throws, whatever the value holds. */
export function encodeValue(value: string, encoding: TemplateEncoding): string {
  const text = typeof value === 'string' ? value : String(value);
  switch (encoding) {
    case 'urlSafe':
      return urlSafe(text);
    case 'jsonSafe':
      return jsonSafe(text);
    case 'headerSafe':
      return headerSafe(text);
    default:
      return text.replaceAll('\u0000', '');
  }
}

/**
 * Percent-encodes everything but unreserved characters, so a value cannot add a path segment,
 * a query parameter, a fragment, credentials or a port. A value that is exactly `.` or `..`
 * would still be read by every URL parser as a path step (even as `%2E`), so its dots are sent
 * as the literal text `%2E`.
 */
export function urlSafe(value: string): string {
  const encoded = encodeURIComponent(value.toWellFormed()).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return value === '.' || value === '..' ? value.replaceAll('.', '%252E') : encoded;
}

/** Escapes a value for the inside of a JSON string: quotes, backslashes and control characters. */
export function jsonSafe(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** Percent-encodes every character outside printable ASCII (CR, LF, NUL, non-ASCII). */
export function headerSafe(value: string): string {
  return value.toWellFormed().replace(/[^\x20-\x7e]+/g, (run) => encodeURIComponent(run));
}
