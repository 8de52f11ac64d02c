import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { DURATION_EXPECTED, parseDuration } from '../definition/duration.js';
import { fieldErrorsOf, type Parsed } from '../definition/field-error.js';
import { jsonSchemaOf, selectiveMatcherList } from './matcher-list.js';

/** A recurring maintenance window: alerts matching its matchers are muted during each occurrence. */
export interface MaintenanceWindowDocument {
  name: string;
  matchers: string[];
  /** Cron, five fields: minute hour day-of-month month day-of-week. */
  schedule: string;
  duration: string;
  timezone: string;
  validFrom?: string;
  validUntil?: string;
}

const MIN_MS = 60_000;
const MAX_MS = 7 * 24 * 3_600_000;

const isoTime = z
  .string()
  .max(40)
  .refine((t) => !Number.isNaN(Date.parse(t)) && /[zZ]|[+-]\d{2}:\d{2}$/.test(t), {
    message: 'must be an ISO 8601 time with a zone, such as 2026-01-01T00:00:00Z',
  });

const windowSchema = z.strictObject({
  name: z
    .string({ error: 'must be a name of 1-100 letters, digits, ".", "_", ":" or "-"' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, {
      error: 'must be a name of 1-100 letters, digits, ".", "_", ":" or "-"',
    }),
  matchers: selectiveMatcherList('maintenance window'),
  schedule: z.string({ error: 'must be a cron schedule such as "0 2 * * 0"' }).max(200),
  duration: z.string({ error: DURATION_EXPECTED }).max(40),
  timezone: z.string().max(100).default('UTC'),
  validFrom: isoTime.optional(),
  validUntil: isoTime.optional(),
});

/** The JSON schema of a maintenance window for the HTTP API. */
export const maintenanceWindowJsonSchema: Record<string, unknown> = jsonSchemaOf(windowSchema);

/** Parses a maintenance window, naming the field of each problem (cron and time zone included). */
export function parseMaintenanceWindow(doc: unknown): Parsed<MaintenanceWindowDocument> {
  const parsed = windowSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error) };
  const value = parsed.data;
  const errors: Array<{ field: string; message: string }> = [];
  const ms = parseDuration(value.duration);
  if (ms === undefined || ms < MIN_MS || ms > MAX_MS) {
    errors.push({ field: 'duration', message: `must be a duration from 1m to 7d, got "${value.duration}"` });
  }
  if (!isTimeZone(value.timezone)) {
    errors.push({
      field: 'timezone',
      message: `"${value.timezone}" is not an IANA time zone such as Europe/Lisbon`,
    });
  } else if (value.schedule.trim().split(/\s+/).length !== 5) {
    errors.push({
      field: 'schedule',
      message: 'must have five fields: minute hour day-of-month month day-of-week',
    });
  } else {
    try {
      CronExpressionParser.parse(value.schedule, { tz: value.timezone, strict: false });
    } catch (error) {
      errors.push({ field: 'schedule', message: `is not a cron schedule: ${(error as Error).message}` });
    }
  }
  if (value.validFrom && value.validUntil && Date.parse(value.validUntil) <= Date.parse(value.validFrom)) {
    errors.push({ field: 'validUntil', message: 'must be after validFrom' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
