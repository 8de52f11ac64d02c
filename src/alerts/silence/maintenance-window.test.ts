import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { maintenanceWindowJsonSchema, parseMaintenanceWindow } from './maintenance-window.js';

const valid = {
  name: 'weekly-db-maintenance',
  matchers: ['service="db"'],
  schedule: '0 2 * * 0',
  duration: '2h',
  timezone: 'Europe/Lisbon',
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2027-01-01T00:00:00+00:00',
};

function errorsOf(doc: unknown) {
  const parsed = parseMaintenanceWindow(doc);
  if (parsed.ok) throw new Error(`expected errors, got ${JSON.stringify(parsed.value)}`);
  return parsed.errors;
}

describe('parseMaintenanceWindow', () => {
  it('keeps a valid window, with validity times in UTC', () => {
    expect(parseMaintenanceWindow(valid)).toEqual({
      ok: true,
      value: { ...valid, validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z' },
    });
  });

  it('defaults the time zone to UTC and needs no validity period', () => {
    const { timezone: _zone, validFrom: _from, validUntil: _until, ...minimal } = valid;
    const parsed = parseMaintenanceWindow(minimal);
    expect(parsed.ok && parsed.value).toEqual({ ...minimal, timezone: 'UTC' });
  });

  it.each([
    [{ schedule: '61 2 * * 0' }, 'schedule', 'got value 61 expected range 0-59'],
    [{ schedule: '0 2 * *' }, 'schedule', 'must have 5 fields'],
    [{ schedule: '0 0 2 * * 0' }, 'schedule', 'must have 5 fields'],
    [{ schedule: '@weekly' }, 'schedule', 'must have 5 fields'],
    [{ schedule: 'H 2 * * 0' }, 'schedule', 'H (a random value)'],
    [{ schedule: '0 0 30 2 *' }, 'schedule', 'Invalid explicit day of month'],
    [{ schedule: 7 }, 'schedule', 'got 7'],
    [{ schedule: '0 0 29 2 *', validFrom: '2026-03-01T00:00:00Z' }, 'schedule', 'never occurs between'],
    [{ timezone: 'Europe/Lisboa' }, 'timezone', 'got "Europe/Lisboa"'],
    [{ timezone: '+01:00' }, 'timezone', 'IANA time zone'],
    [{ duration: '30s' }, 'duration', 'from 1m to 7d'],
    [{ duration: '8d' }, 'duration', 'got "8d"'],
    [{ duration: undefined }, 'duration', 'is required'],
    [{ matchers: ['service=~".*"'] }, 'matchers', 'match every alert'],
    [{ matchers: ['service="db"', 'team=~"["'] }, 'matchers[1]', 'not a valid regular expression'],
    [{ name: 'weekly db' }, 'name', 'got "weekly db"'],
    [{ validFrom: '2026-01-01' }, 'validFrom', 'ISO 8601'],
    [{ validUntil: '2025-12-31T00:00:00Z' }, 'validUntil', 'must be after validFrom'],
    [{ every: 'sunday' }, 'every', 'is not a field of a maintenance window'],
  ])('refuses %j naming %s', (change, field, message) => {
    const errors = errorsOf({ ...valid, ...change });
    const error = errors.find((e) => e.field === field);
    expect(error?.message, JSON.stringify(errors)).toContain(message);
  });

  it('reports a bad schedule together with the other problems', () => {
    const fields = errorsOf({ ...valid, schedule: '0 25 * * *', timezone: 'Nowhere', duration: '0s' }).map(
      (e) => e.field,
    );
    expect(fields.sort()).toEqual(['duration', 'schedule', 'timezone']);
  });

  it('refuses a document that is not an object', () => {
    expect(errorsOf('0 2 * * 0')).toEqual([
      { field: '(document)', message: 'must be a maintenance window (an object), got "0 2 * * 0"' },
    ]);
  });
});

describe('maintenanceWindowJsonSchema', () => {
  const validate = new Ajv({ strict: false, validateFormats: false }).compile(maintenanceWindowJsonSchema);

  it('accepts what the parser accepts and refuses unknown fields', () => {
    expect(validate(valid)).toBe(true);
    expect(validate({ name: 'n', matchers: ['a="b"'], schedule: '0 2 * * 0', duration: '1h' })).toBe(true);
    expect(validate({ ...valid, every: 'sunday' })).toBe(false);
    expect(validate({ ...valid, duration: 2 })).toBe(false);
  });
});
