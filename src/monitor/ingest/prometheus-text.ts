/*
 * Hand-written on purpose. The only npm parser for this format, parse-prometheus-text-format (1.1.x),
 * ships CommonJS without types, returns values as strings grouped by family (prom2json shape) and has
 * had no real maintenance since 2019; prom-client only writes the format. The grammar is small, and
 * owning it lets the parser apply the same name and label rules as pushes, with a line number per error.
 */
import { Buffer } from 'node:buffer';
import {
  describe,
  labelCountProblem,
  labelNameProblem,
  labelValueProblem,
  type MetricSample,
  metricNameProblem,
} from './metric-sample.js';
import { standardMetricRangeProblem } from './standard-metrics.js';

/** Caps on one exposition, so a broken or hostile target cannot exhaust memory. */
export const PROMETHEUS_TEXT_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxSamples: 100_000,
} as const;

/** Samples read from one exposition, and the lines that could not be read (1-based; 0 for the whole text). */
export interface PrometheusParseResult {
  samples: MetricSample[];
  errors: Array<{ line: number; reason: string }>;
}

/**
 * Parses the Prometheus text exposition format 0.0.4. `# HELP`, `# TYPE` and other comments are skipped
 * (histograms and summaries arrive as their `_bucket`/`_sum`/`_count`/`quantile` samples). Samples
 * without a timestamp get `scrapeTime`. NaN values are skipped silently: an empty summary reports NaN
 * quantiles, which means "no data", not a fault. ±Inf values are skipped with an error, since they
 * cannot be stored and are unusual outside `le` labels. Text over 10 MiB is not parsed at all; after
 * 100,000 samples parsing stops with an error, keeping the samples read so far.
 */
export function parsePrometheusText(text: string, scrapeTime: number): PrometheusParseResult {
  const result: PrometheusParseResult = { samples: [], errors: [] };
  const { maxBytes, maxSamples } = PROMETHEUS_TEXT_LIMITS;
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    result.errors.push({
      line: 0,
      reason: `exposition is larger than ${maxBytes} bytes; nothing was parsed`,
    });
    return result;
  }

  let lineNumber = 0;
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    // Tolerates CRLF: the format says LF, but exporters behind Windows proxies send CRLF.
    const line = text.slice(start, text[end - 1] === '\r' ? end - 1 : end);
    start = end + 1;
    lineNumber++;

    const outcome = parseLine(line, scrapeTime);
    if (outcome === undefined) continue;
    if (typeof outcome === 'string') {
      result.errors.push({ line: lineNumber, reason: outcome });
      continue;
    }
    if (result.samples.length >= maxSamples) {
      result.errors.push({
        line: lineNumber,
        reason: `more than ${maxSamples} samples; parsing stopped here`,
      });
      break;
    }
    result.samples.push(outcome);
  }
  return result;
}

/** A sample, a reason the line is broken, or undefined for lines that carry no sample. */
function parseLine(line: string, scrapeTime: number): MetricSample | string | undefined {
  const cursor = new Cursor(line);
  cursor.skipBlanks();
  if (cursor.atEnd() || cursor.peek() === '#') return undefined;

  const name = cursor.take(isNameChar);
  if (name === '') return `expected a metric name, got ${describe(line)}`;
  const nameProblem = metricNameProblem(name);
  if (nameProblem) return `metric name ${nameProblem}`;

  const next = cursor.peek();
  if (next !== undefined && next !== '{' && !isBlank(next)) {
    return `${name}: unexpected character ${describe(next)} after the metric name`;
  }
  cursor.skipBlanks();
  let labels: Record<string, string> = {};
  if (cursor.peek() === '{') {
    const parsed = parseLabels(cursor);
    if (typeof parsed === 'string') return `${name}: ${parsed}`;
    labels = parsed;
  }

  cursor.skipBlanks();
  const valueToken = cursor.take((c) => !isBlank(c));
  if (valueToken === '') return `${name}: missing value`;
  const value = parseValue(valueToken);
  if (value === undefined)
    return `${name}: value must be a number, NaN, +Inf or -Inf, got ${describe(valueToken)}`;

  cursor.skipBlanks();
  let timestamp = scrapeTime;
  const timestampToken = cursor.take((c) => !isBlank(c));
  if (timestampToken !== '') {
    timestamp = Number(timestampToken);
    if (!/^-?\d+$/.test(timestampToken) || !Number.isSafeInteger(timestamp)) {
      return `${name}: timestamp must be whole epoch milliseconds, got ${describe(timestampToken)}`;
    }
    cursor.skipBlanks();
    if (!cursor.atEnd()) return `${name}: unexpected text after the timestamp: ${describe(cursor.rest())}`;
  }

  if (Number.isNaN(value)) return undefined;
  if (!Number.isFinite(value)) return `${name}: value ${valueToken} cannot be stored; sample skipped`;
  const rangeProblem = standardMetricRangeProblem(name, value);
  if (rangeProblem) return rangeProblem;
  return { name, value, labels, timestamp };
}

/** Reads `{name="value",...}` (trailing comma allowed); empty values are dropped like in pushes. */
function parseLabels(cursor: Cursor): Record<string, string> | string {
  const labels: Record<string, string> = {};
  const seen = new Set<string>();
  cursor.advance(); // '{'
  for (;;) {
    cursor.skipBlanks();
    if (cursor.peek() === '}') break;
    const labelName = cursor.take(isLabelNameChar);
    if (labelName === '') return `expected a label name or "}", got ${describe(cursor.rest())}`;
    const nameProblem = labelNameProblem(labelName);
    if (nameProblem) return nameProblem;
    if (seen.has(labelName)) return `label ${labelName} appears twice`;
    seen.add(labelName);

    cursor.skipBlanks();
    if (cursor.peek() !== '=') return `expected "=" after label ${labelName}`;
    cursor.advance();
    cursor.skipBlanks();
    if (cursor.peek() !== '"') return `expected a quoted value for label ${labelName}`;
    cursor.advance();
    const value = readQuoted(cursor);
    if (value === undefined)
      return `label ${labelName}: unterminated value or invalid escape (only \\\\, \\" and \\n)`;
    const valueProblem = labelValueProblem(value);
    if (valueProblem) return `label ${labelName}: value ${valueProblem}`;
    if (value !== '') labels[labelName] = value;

    cursor.skipBlanks();
    if (cursor.peek() === ',') {
      cursor.advance();
      continue;
    }
    if (cursor.peek() === '}') break;
    return `expected "," or "}" after label ${labelName}, got ${describe(cursor.rest())}`;
  }
  cursor.advance(); // '}'
  return labelCountProblem(seen.size) ?? labels;
}

/** The unescaped text up to the closing quote (consumed); undefined when unterminated or badly escaped. */
function readQuoted(cursor: Cursor): string | undefined {
  let value = '';
  for (;;) {
    const c = cursor.peek();
    if (c === undefined) return undefined;
    cursor.advance();
    if (c === '"') return value;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const escaped = cursor.peek();
    cursor.advance();
    if (escaped === '\\' || escaped === '"') value += escaped;
    else if (escaped === 'n') value += '\n';
    else return undefined;
  }
}

/** Go's ParseFloat spellings that exporters use; hex floats and digit separators are not seen in practice. */
function parseValue(token: string): number | undefined {
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(token)) return Number(token);
  if (/^[+-]?nan$/i.test(token)) return Number.NaN;
  if (/^[+-]?inf(?:inity)?$/i.test(token)) return token.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}

function isLabelNameChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_';
}

function isNameChar(c: string): boolean {
  return isLabelNameChar(c) || c === ':';
}

/** A read position in one line. */
class Cursor {
  private position = 0;

  constructor(private readonly line: string) {}

  atEnd(): boolean {
    return this.position >= this.line.length;
  }

  peek(): string | undefined {
    return this.line[this.position];
  }

  advance(): void {
    this.position++;
  }

  rest(): string {
    return this.line.slice(this.position);
  }

  skipBlanks(): void {
    while (!this.atEnd() && isBlank(this.line[this.position]!)) this.position++;
  }

  /** Consumes and returns the longest run of characters matching `accept`. */
  take(accept: (c: string) => boolean): string {
    const start = this.position;
    while (!this.atEnd() && accept(this.line[this.position]!)) this.position++;
    return this.line.slice(start, this.position);
  }
}
