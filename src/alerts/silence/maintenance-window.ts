import { z } from 'zod';
import type { FieldError, Parsed } from '../../kernel/index.js';
import { parseDuration } from '../../kernel/index.js';
import { CronSchedule } from './cron-schedule.js';
import {
  documentErrors,
  documentObject,
  expected,
  isoTimeField,
  jsonSchemaOf,
  nameField,
} from './document-fields.js';
import { matcherListField } from './matcher-list.js';
import { isTimeZone } from './zoned-time.js';

/** A recurring maintenance window: alerts its matchers select are muted during each occurrence. */
export interface MaintenanceWindowDocument {
  name: string;
  matchers: string[];
  /** Cron, five fields: minute hour day-of-month month day-of-week, in `timezone`. */
  schedule: string;
  /** How long each occurrence lasts (`2h`), 1m..7d. */
  duration: string;
  /** IANA time zone of the schedule; UTC when not given. */
  timezone: string;
  /** Only occurrences starting in [validFrom, validUntil) count (ISO, UTC). */
  validFrom?: string;
  validUntil?: string;
}

const MIN_DURATION_MS = 60_000;
const MAX_DURATION_MS = 7 * 86_400_000;
const DURATION_EXPECTED = 'must be a duration from 1m to 7d, such as 30m or 2h';
const SCHEDULE_EXPECTED =
  'must be a cron schedule of 5 fields (minute hour day-of-month month day-of-week), such as "0 2 * * 0"';
const TIMEZONE_EXPECTED = 'must be an IANA time zone such as Europe/Lisbon or UTC';
const WINDOW = 'a maintenance window';
const FIELDS = ['name', 'matchers', 'schedule', 'duration', 'timezone', 'validFrom', 'validUntil'];

const windowSchema = documentObject(
  {
    name: nameField(),
    matchers: matcherListField({ documentKind: WINDOW, selective: true }),
    schedule: z
      .string({ error: expected(SCHEDULE_EXPECTED) })
      .max(200, { error: expected(SCHEDULE_EXPECTED) }),
    duration: z
      .string({ error: expected(DURATION_EXPECTED) })
      .max(40, { error: expected(DURATION_EXPECTED) })
      .refine(
        (text) => {
          const ms = parseDuration(text);
          return ms !== undefined && ms >= MIN_DURATION_MS && ms <= MAX_DURATION_MS;
        },
        { error: expected(DURATION_EXPECTED) },
      ),
    timezone: z
      .string({ error: expected(TIMEZONE_EXPECTED) })
      .max(100, { error: expected(TIMEZONE_EXPECTED) })
      .refine(isTimeZone, { error: expected(TIMEZONE_EXPECTED) })
      .optional(),
    validFrom: isoTimeField().optional(),
    validUntil: isoTimeField().optional(),
  },
  WINDOW,
);

/** The JSON schema of a maintenance window document for the HTTP API. */
export const maintenanceWindowJsonSchema: Record<string, unknown> = jsonSchemaOf(windowSchema);

/**
 * Parses a maintenance window: the cron schedule (with the parser's reason when it is wrong),
 * the time zone (UTC by default), the duration, and the optional validity period.
 */
export function parseMaintenanceWindow(doc: unknown): Parsed<MaintenanceWindowDocument> {
  const parsed = windowSchema.safeParse(doc);
  const errors = parsed.success ? [] : documentErrors(parsed.error, WINDOW, FIELDS);
  // The schedule is read here even when another field is wrong, so all problems show at once.
  const raw = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  const timezone = typeof raw.timezone === 'string' && isTimeZone(raw.timezone) ? raw.timezone : 'UTC';
  let schedule: CronSchedule | undefined;
  if (typeof raw.schedule === 'string' && !errors.some((e) => e.field === 'schedule')) {
    const cron = CronSchedule.parse(raw.schedule, timezone);
    if (cron.ok) schedule = cron.schedule;
    else errors.push({ field: 'schedule', message: cron.message });
  }
  if (!parsed.success || !schedule) return { ok: false, errors };

  const { validFrom, validUntil } = parsed.data;
  const from = validFrom === undefined ? undefined : Date.parse(validFrom);
  const until = validUntil === undefined ? undefined : Date.parse(validUntil);
  if (from !== undefined && until !== undefined && until <= from) {
    errors.push({
      field: 'validUntil',
      message: `must be after validFrom (${validFrom}), got "${validUntil}"`,
    });
  } else {
    errors.push(...neverOccurs(schedule, from, until));
  }
  if (errors.length > 0) return { ok: false, errors };
  const { name, matchers, duration } = parsed.data;
  return {
    ok: true,
    value: {
      name,
      matchers,
      schedule: parsed.data.schedule,
      duration,
      timezone,
      ...(from !== undefined ? { validFrom: new Date(from).toISOString() } : {}),
      ...(until !== undefined ? { validUntil: new Date(until).toISOString() } : {}),
    },
  };
}

/** A problem when the schedule has no occurrence in the validity period (or at all). */
function neverOccurs(schedule: CronSchedule, from?: number, until?: number): FieldError[] {
  // Without validFrom, a schedule is checked from 2000: it must fire at least once in 8 years.
  const first = schedule.nextAfter((from ?? Date.UTC(2000, 0, 1)) - 1);
  if (first !== undefined && (until === undefined || first < until)) return [];
  const period = until === undefined ? '' : ' between validFrom and validUntil';
  return [{ field: 'schedule', message: `"${schedule.expression}" never occurs${period}` }];
}
