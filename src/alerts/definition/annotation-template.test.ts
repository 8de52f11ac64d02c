import { describe, expect, it } from 'vitest';
import { type AnnotationTemplate, compileTemplate, MAX_RENDERED_LENGTH } from './annotation-template.js';

function compiled(text: string): AnnotationTemplate {
  const result = compileTemplate(text);
  if (!result.ok) throw new Error(result.message);
  return result.template;
}

function failure(text: string): string {
  const result = compileTemplate(text);
  if (result.ok) throw new Error(`"${text}" compiled`);
  return result.message;
}

const context = { value: 93.456, threshold: 90, labels: { service: 'api', latency: '90000' } };

describe('annotation templates', () => {
  it('renders value, threshold and labels', () => {
    const template = compiled('CPU at {{ $value }}% on {{ $labels.service }} (over {{$threshold}})');
    expect(template.render(context)).toBe('CPU at 93.456% on api (over 90)');
    expect(template.source).toBe('CPU at {{ $value }}% on {{ $labels.service }} (over {{$threshold}})');
  });

  it('rounds, with or without decimals, numbers and numeric labels', () => {
    expect(compiled('{{ $value | round 1 }}').render(context)).toBe('93.5');
    expect(compiled('{{ $value | round }}').render(context)).toBe('93');
    expect(compiled('{{ $labels.latency | round 2 }}').render(context)).toBe('90000');
    expect(compiled('{{ $value | round 1 }}').render({ ...context, value: -0.01 })).toBe('0');
  });

  it('fills a missing label or value with default, and renders them empty otherwise', () => {
    expect(compiled('[{{ $labels.team }}]').render(context)).toBe('[]');
    expect(compiled('{{ $labels.team | default "none" }}').render(context)).toBe('none');
    expect(compiled('{{ $labels.service | default "none" }}').render(context)).toBe('api');
    expect(compiled('{{ $value | default "n/a" }}').render({ ...context, value: null })).toBe('n/a');
    expect(compiled('{{ $value }}').render({ ...context, value: null })).toBe('');
    expect(compiled('{{ $labels.team | default "say \\"hi\\"" }}').render(context)).toBe('say "hi"');
  });

  it('humanizes milliseconds as a duration', () => {
    expect(compiled('{{ $value | humanizeDuration }}').render({ ...context, value: 90_000 })).toBe('1m30s');
    expect(compiled('{{ $labels.latency | humanizeDuration }}').render(context)).toBe('1m30s');
    expect(compiled('{{ $value | humanizeDuration }}').render({ ...context, value: -1500 })).toBe('-1s500ms');
    expect(compiled('{{ $labels.service | humanizeDuration }}').render(context)).toBe('api');
  });

  it('chains pipes left to right', () => {
    expect(compiled('{{ $labels.team | default "1234.5" | round }}').render(context)).toBe('1235');
  });

  it('keeps text without expressions, and a lone "}}", as it is', () => {
    expect(compiled('no placeholders }} here').render(context)).toBe('no placeholders }} here');
    expect(compiled('').render(context)).toBe('');
  });

  it('cuts the output at 2,000 characters', () => {
    const long = compiled('{{ $labels.big }}{{ $labels.big }}');
    const rendered = long.render({ ...context, labels: { big: 'x'.repeat(1500) } });
    expect(rendered).toHaveLength(MAX_RENDERED_LENGTH);
    expect(rendered.endsWith('…')).toBe(true);
  });

  it('refuses unknown variables and functions, naming the position', () => {
    expect(failure('CPU {{ $foo }}')).toBe(
      'unknown variable "$foo" at position 8 (known: $value, $threshold, $labels.<name>)',
    );
    expect(failure('{{ $labels }}')).toContain('unknown variable "$labels" at position 4');
    expect(failure('{{ $value | upper }}')).toBe(
      'unknown function "upper" at position 13 (known: round, default, humanizeDuration)',
    );
  });

  it('refuses unclosed and malformed expressions, naming the position', () => {
    expect(failure('CPU {{ $value')).toBe('"{{" at position 5 is not closed with "}}"');
    expect(failure('{{ }}')).toContain(
      'expected a variable such as $value, $threshold or $labels.service at position 4',
    );
    expect(failure('{{ $value $threshold }}')).toContain('expected "|" or "}}" at position 11');
    expect(failure('{{ $value | }}')).toContain('expected a function');
    expect(failure('{{ $value | round 11 }}')).toBe('round at position 13 takes 0 to 10 decimals, got 11');
    expect(failure('{{ $labels.x | default none }}')).toContain('default at position 16 needs a quoted text');
    expect(failure('x'.repeat(5000))).toContain('at most 4000 characters');
  });
});
