import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseSilence, silenceJsonSchema, silenceState } from './silence-document.js';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const valid = {
  matchers: ['service="api"', 'alertname=~"high-.*"'],
  startsAt: '2026-11-22T10:00:00Z',
  endsAt: '2026-11-22T12:00:00Z',
  comment: 'deploy of api v2',
};

function errorsOf(doc: unknown, nowMs = NOW, options = {}) {
  const parsed = parseSilence(doc, nowMs, options);
  if (parsed.ok) throw new Error(`expected errors, got ${JSON.stringify(parsed.value)}`);
  return parsed.errors;
}

describe('parseSilence', () => {
  it('keeps a silence with start and end as given, in UTC', () => {
    const parsed = parseSilence({ ...valid, startsAt: '2026-11-22T11:00:00+01:00' }, NOW);
    expect(parsed).toEqual({
      ok: true,
      value: {
        matchers: valid.matchers,
        startsAt: '2026-11-22T10:00:00.000Z',
        endsAt: '2026-11-22T12:00:00.000Z',
        comment: 'deploy of api v2',
      },
    });
  });

  it('starts now by default and turns a duration into endsAt', () => {
    const parsed = parseSilence({ matchers: ['service="api"'], duration: '2h', comment: ' deploy ' }, NOW);
    expect(parsed.ok && parsed.value).toEqual({
      matchers: ['service="api"'],
      startsAt: '2026-11-22T09:00:00.000Z',
      endsAt: '2026-11-22T11:00:00.000Z',
      comment: 'deploy',
    });
  });

  it('accepts its own output again (it is what is stored)', () => {
    const first = parseSilence({ matchers: ['service="api"'], duration: '1h30m', comment: 'x' }, NOW);
    if (!first.ok) throw new Error('expected ok');
    expect(parseSilence(first.value, NOW)).toEqual(first);
  });

  it.each([
    [{ ...valid, matchers: ['x=~".*"'] }, 'matchers', 'match every alert'],
    [{ ...valid, matchers: ['x!="y"'] }, 'matchers', 'match every alert'],
    [{ ...valid, matchers: ['x=~".*"', 'env!~"dev"'] }, 'matchers', 'match every alert'],
    [{ ...valid, matchers: [] }, 'matchers', 'list of 1..20 matchers'],
    [{ ...valid, matchers: Array.from({ length: 21 }, (_, i) => `a="${i}"`) }, 'matchers', '1..20'],
    [{ ...valid, matchers: 'service="api"' }, 'matchers', 'got "service=\\"api\\""'],
    [
      { ...valid, matchers: ['service="api"', 'team=~"(ops"'] },
      'matchers[1]',
      'not a valid regular expression',
    ],
    [{ ...valid, matchers: ['service="api"', 'service: api'] }, 'matchers[1]', 'is not a matcher'],
    [{ ...valid, matchers: ['service="api"', 7] }, 'matchers[1]', 'got 7'],
    [{ ...valid, matchers: undefined }, 'matchers', 'is required'],
    [{ ...valid, startsAt: '2026-11-22 10:00' }, 'startsAt', 'ISO 8601'],
    [{ ...valid, endsAt: '2026-11-22T12:00:00' }, 'endsAt', 'got "2026-11-22T12:00:00"'],
    [
      { ...valid, endsAt: '2026-11-22T09:30:00Z' },
      'endsAt',
      'must be after startsAt (2026-11-22T10:00:00.000Z)',
    ],
    [{ ...valid, endsAt: '2026-11-22T10:00:00Z' }, 'endsAt', 'must be after startsAt'],
    [{ ...valid, startsAt: undefined, endsAt: '2026-11-22T08:00:00Z' }, 'endsAt', 'must be after now'],
    [{ ...valid, startsAt: undefined, endsAt: '2026-11-22T09:00:00Z' }, 'endsAt', 'must be after now'],
    [
      { ...valid, startsAt: '2026-11-22T07:00:00Z', endsAt: undefined, duration: '1h' },
      'duration',
      'not after now',
    ],
    [{ ...valid, endsAt: '2027-11-23T10:00:00Z' }, 'endsAt', 'at most 1 year'],
    [{ ...valid, endsAt: undefined, duration: '53w' }, 'duration', 'at most 1 year'],
    [{ ...valid, endsAt: undefined, duration: '0s' }, 'duration', 'more than 0s'],
    [{ ...valid, endsAt: undefined, duration: 'two hours' }, 'duration', 'got "two hours"'],
    [{ ...valid, duration: '2h' }, 'duration', 'cannot be given with endsAt'],
    [{ ...valid, endsAt: undefined }, 'endsAt', 'or give duration'],
    [{ ...valid, comment: '   ' }, 'comment', 'must be the reason'],
    [{ ...valid, comment: undefined }, 'comment', 'is required'],
    [{ ...valid, comment: 'x'.repeat(1001) }, 'comment', 'at most 1000'],
    [{ ...valid, createdBy: 'ana' }, 'createdBy', 'is not a field of a silence'],
    ['silence everything', '(document)', 'must be a silence (an object)'],
  ])('refuses %j naming %s', (doc, field, message) => {
    const errors = errorsOf(doc);
    expect(errors.map((e) => e.field)).toContain(field);
    expect(errors.find((e) => e.field === field)!.message).toContain(message);
  });

  it('lets an existing silence be expired early with allowEnded', () => {
    const expiring = { ...valid, startsAt: '2026-11-22T08:00:00Z', endsAt: '2026-11-22T09:00:00Z' };
    expect(errorsOf(expiring)[0]!.field).toBe('endsAt');
    const parsed = parseSilence(expiring, NOW, { allowEnded: true });
    expect(parsed.ok && silenceState(parsed.value, NOW)).toBe('expired');
  });

  it('ends a silence that had not started yet at the time it is expired', () => {
    const parsed = parseSilence({ ...valid, endsAt: '2026-11-22T09:00:00Z' }, NOW, { allowEnded: true });
    expect(parsed.ok && parsed.value).toMatchObject({
      startsAt: '2026-11-22T09:00:00.000Z',
      endsAt: '2026-11-22T09:00:00.000Z',
    });
  });

  it('still refuses a future end before the start with allowEnded', () => {
    const errors = errorsOf({ ...valid, endsAt: '2026-11-22T09:30:00Z' }, NOW, { allowEnded: true });
    expect(errors[0]).toMatchObject({ field: 'endsAt' });
  });
});

describe('silenceJsonSchema', () => {
  const validate = new Ajv({ strict: false, validateFormats: false }).compile(silenceJsonSchema);

  it('accepts what the parser accepts', () => {
    expect(validate(valid)).toBe(true);
    expect(validate({ matchers: ['service="api"'], duration: '2h', comment: 'x' })).toBe(true);
  });

  it('refuses unknown fields and wrong types', () => {
    expect(validate({ ...valid, createdBy: 'ana' })).toBe(false);
    expect(validate({ ...valid, matchers: 'service="api"' })).toBe(false);
    expect(validate({ ...valid, comment: undefined })).toBe(false);
  });
});

describe('silenceState', () => {
  it('is pending before startsAt, active until endsAt, expired from endsAt', () => {
    const s = { startsAt: '2026-11-22T10:00:00Z', endsAt: '2026-11-22T12:00:00Z' };
    expect(silenceState(s, Date.parse('2026-11-22T09:59:59Z'))).toBe('pending');
    expect(silenceState(s, Date.parse('2026-11-22T10:00:00Z'))).toBe('active');
    expect(silenceState(s, Date.parse('2026-11-22T11:59:59Z'))).toBe('active');
    expect(silenceState(s, Date.parse('2026-11-22T12:00:00Z'))).toBe('expired');
  });
});
