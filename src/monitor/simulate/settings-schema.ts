import { z } from 'zod';

/** The faults and resource baselines of a simulated service, switchable at run time through /chaos. */
export interface FaultSettings {
  /** Share of service requests answered 500, from 0 to 1. */
  failureRate: number;
  /** Base delay before each service answer, in milliseconds. */
  latencyMs: number;
  /** Uniform random extra delay, 0..jitterMs milliseconds. */
  jitterMs: number;
  /** false: service routes get their connection destroyed (a network error), only /chaos still answers. */
  available: boolean;
  /** Baseline of the simulated CPU usage; each sample adds a little noise. */
  cpuPercent: number;
  /** Baseline of the simulated memory usage; each sample adds a little noise. */
  memoryPercent: number;
}

/** Settings of a service that was given none: healthy, instant, lightly loaded. */
export const DEFAULT_FAULTS: Readonly<FaultSettings> = Object.freeze({
  failureRate: 0,
  latencyMs: 0,
  jitterMs: 0,
  available: true,
  cpuPercent: 20,
  memoryPercent: 40,
});

/** Longest injectable delay: beyond any sane check timeout, short enough that a typo does not hang a drill. */
export const MAX_LATENCY_MS = 120_000;

/** Most services in one fleet (each is one listening socket in this process). */
export const MAX_FLEET_SIZE = 1000;

/** Largest /chaos request body; anything bigger is answered 413 without being buffered. */
export const MAX_CHAOS_BODY_BYTES = 64 * 1024;

/** Names appear in URLs, metric labels and log lines, so they stay short and plain. */
export const serviceNameSchema = z
  .string({ error: 'must be a string' })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

/** A TCP port; 0 picks a free one. */
export const portSchema = z
  .number({ error: 'must be a whole number from 0 to 65535' })
  .int('must be a whole number from 0 to 65535')
  .min(0, 'must be a whole number from 0 to 65535')
  .max(65535, 'must be a whole number from 0 to 65535');

function bounded(min: number, max: number, whole: boolean) {
  const message = `must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}`;
  const base = z.number({ error: message }).min(min, message).max(max, message);
  return whole ? base.int(message) : base;
}

/** The zod shape of each fault field, shared by /chaos bodies and fleet descriptions. */
export const faultFields = {
  failureRate: bounded(0, 1, false),
  latencyMs: bounded(0, MAX_LATENCY_MS, true),
  jitterMs: bounded(0, MAX_LATENCY_MS, true),
  available: z.boolean({ error: 'must be true or false' }),
  cpuPercent: bounded(0, 100, false),
  memoryPercent: bounded(0, 100, false),
};

/** Any subset of the fault settings; unknown fields are refused so a typo never passes silently. */
export const faultPatchSchema = z.object(faultFields).partial().strict();

/** Push settings: interval bounds keep a fleet of 1,000 services from flooding the receiver. */
export const pushFields = {
  pushUrl: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  pushIntervalMs: bounded(100, 3_600_000, true),
  pushToken: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(4096, 'is too long'),
  allowRemotePush: z.boolean({ error: 'must be true or false' }),
};

/** One line per problem, each naming the field: "failureRate: must be a number from 0 to 1". */
export function describeIssues(issues: readonly z.core.$ZodIssue[], root = 'body'): string {
  return issues
    .map((issue) => {
      const at = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((key) => (at ? `${at}.${key}` : key));
        return `unknown field(s) ${keys.join(', ')}`;
      }
      return `${at || root}: ${issue.message}`;
    })
    .join('; ');
}

/** Validates a /chaos body: the patch, or an error message naming the offending field. */
export function parseFaultPatch(
  body: unknown,
): { ok: true; patch: Partial<FaultSettings> } | { ok: false; error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'body: must be a JSON object of fault settings' };
  }
  const result = faultPatchSchema.safeParse(body);
  if (!result.success) return { ok: false, error: describeIssues(result.error.issues) };
  return { ok: true, patch: result.data };
}
