import { formatDuration } from '../../kernel/index.js';

/**
 * Annotation templates, a small hand-written language (no template engine):
 * `CPU at {{ $value | round 1 }}% on {{ $labels.service | default "?" }}`.
 * Variables: $value, $threshold, $labels.<name>. Pipes: round [decimals], default "text",
 * humanizeDuration (milliseconds → 1m30s). Compiling checks everything; rendering never throws.
 */

/** What a template can read when it renders. */
export interface TemplateContext {
  value: number | null;
  threshold: number | null;
  labels: Readonly<Record<string, string>>;
}

/** A compiled template: render it as often as needed. */
export interface AnnotationTemplate {
  /** The text as the user wrote it. */
  readonly source: string;
  render(context: TemplateContext): string;
}

export type TemplateCompile = { ok: true; template: AnnotationTemplate } | { ok: false; message: string };

/** Longest template text accepted, and longest rendered output (cut with an ellipsis). */
export const MAX_TEMPLATE_LENGTH = 4000;
export const MAX_RENDERED_LENGTH = 2000;

type Variable = { kind: 'value' } | { kind: 'threshold' } | { kind: 'label'; name: string };
type Pipe = { fn: 'round'; decimals: number } | { fn: 'default'; text: string } | { fn: 'humanizeDuration' };
interface Expression {
  variable: Variable;
  pipes: Pipe[];
}
type Part = string | Expression;
type Rendered = string | number | null;

class TemplateSyntaxError extends Error {}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const VARIABLE = /\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?/y;
const INTEGER = /\d+/y;
const QUOTED = /"((?:[^"\\]|\\.)*)"/y;

/** Compiles `text`; a problem is reported with its 1-based character position. */
export function compileTemplate(text: string): TemplateCompile {
  if (typeof text !== 'string') return { ok: false, message: 'must be a text' };
  if (text.length > MAX_TEMPLATE_LENGTH) {
    return { ok: false, message: `must be at most ${MAX_TEMPLATE_LENGTH} characters, got ${text.length}` };
  }
  try {
    const parts = parseParts(text);
    return { ok: true, template: { source: text, render: (context) => renderParts(parts, context) } };
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

function parseParts(text: string): Part[] {
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
    if (close < 0) fail(`"{{" at position ${open + 1} is not closed with "}}"`);
    parts.push(new ExpressionParser(text, open + 2, close).parse());
    at = close + 2;
  }
  return parts;
}

function fail(message: string): never {
  throw new TemplateSyntaxError(message);
}

/** Parses the inside of one `{{ … }}`, from `start` to `end` (exclusive) of the whole text. */
class ExpressionParser {
  private at: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.at = start;
  }

  parse(): Expression {
    this.skipSpaces();
    const variable = this.variable();
    const pipes: Pipe[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.at >= this.end) break;
      if (this.text[this.at] !== '|') this.unexpected('"|" or "}}"');
      this.at++;
      this.skipSpaces();
      pipes.push(this.pipe());
    }
    return { variable, pipes };
  }

  private variable(): Variable {
    const position = this.at + 1;
    const name = this.match(VARIABLE);
    if (name === undefined) this.unexpected('a variable such as $value, $threshold or $labels.service');
    if (name === '$value') return { kind: 'value' };
    if (name === '$threshold') return { kind: 'threshold' };
    if (name.startsWith('$labels.')) return { kind: 'label', name: name.slice('$labels.'.length) };
    return fail(
      `unknown variable "${name}" at position ${position} (known: $value, $threshold, $labels.<name>)`,
    );
  }

  private pipe(): Pipe {
    const position = this.at + 1;
    const name = this.match(IDENTIFIER);
    if (name === undefined) this.unexpected('a function: round, default or humanizeDuration');
    if (name === 'humanizeDuration') return { fn: 'humanizeDuration' };
    if (name === 'round') {
      this.skipSpaces();
      const digits = this.match(INTEGER);
      if (digits === undefined) return { fn: 'round', decimals: 0 };
      const decimals = Number(digits);
      if (decimals > 10) fail(`round at position ${position} takes 0 to 10 decimals, got ${digits}`);
      return { fn: 'round', decimals };
    }
    if (name === 'default') {
      this.skipSpaces();
      const quoted = this.match(QUOTED, 1);
      if (quoted === undefined)
        fail(`default at position ${position} needs a quoted text, e.g. default "none"`);
      return { fn: 'default', text: quoted.replace(/\\(.)/g, '$1') };
    }
    return fail(
      `unknown function "${name}" at position ${position} (known: round, default, humanizeDuration)`,
    );
  }

  /** The text matched by the sticky `pattern` at the current position (within the expression). */
  private match(pattern: RegExp, group = 0): string | undefined {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (!found || pattern.lastIndex > this.end) return undefined;
    this.at = pattern.lastIndex;
    return found[group];
  }

  private skipSpaces(): void {
    while (this.at < this.end && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private unexpected(expected: string): never {
    const found =
      this.at >= this.end ? '"}}"' : `"${this.text.slice(this.at, Math.min(this.end, this.at + 20))}"`;
    return fail(`expected ${expected} at position ${this.at + 1}, found ${found}`);
  }
}

function renderParts(parts: ReadonlyArray<Part>, context: TemplateContext): string {
  let out = '';
  for (const part of parts) {
    out += typeof part === 'string' ? part : display(evaluate(part, context));
    if (out.length > MAX_RENDERED_LENGTH) break;
  }
  return out.length > MAX_RENDERED_LENGTH ? `${out.slice(0, MAX_RENDERED_LENGTH - 1)}…` : out;
}

function evaluate(expression: Expression, context: TemplateContext): Rendered {
  const { variable } = expression;
  let current: Rendered =
    variable.kind === 'value'
      ? context.value
      : variable.kind === 'threshold'
        ? context.threshold
        : (context.labels[variable.name] ?? '');
  for (const pipe of expression.pipes) current = applyPipe(pipe, current);
  return current;
}

function applyPipe(pipe: Pipe, input: Rendered): Rendered {
  if (pipe.fn === 'default') return input === null || input === '' ? pipe.text : input;
  const number = asNumber(input);
  if (number === undefined) return input;
  if (pipe.fn === 'round') {
    const factor = 10 ** pipe.decimals;
    const rounded = Math.round(number * factor) / factor;
    return Number.isFinite(rounded) ? rounded + 0 : number;
  }
  return number < 0 ? `-${formatDuration(-number)}` : formatDuration(number);
}

/** Numbers, and label values that are numbers ("42.5"), can be rounded and humanized. */
function asNumber(input: Rendered): number | undefined {
  if (typeof input === 'number') return input;
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const parsed = Number(input);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function display(value: Rendered): string {
  return value === null ? '' : String(value);
}
