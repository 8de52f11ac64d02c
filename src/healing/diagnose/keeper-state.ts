import { z } from 'zod';
import { fieldErrorsOf } from '../../kernel/index.js';
import type { EvidenceRef } from '../healing-events.js';
import type {
  ActiveAlertFact,
  BreakerFact,
  ChangeFact,
  CheckFact,
  InhibitionFact,
  MonitorStatus,
} from './diagnosis-context.js';
import { DiagnosisStateError } from './diagnosis-errors.js';
import type { MinuteBucket } from './metric-window.js';

/** A monitor as the keeper holds it: definition, status, and its last check results (oldest first). */
export interface MonitorRecord {
  monitorId: string;
  name: string;
  service: string | null;
  dependsOn: string[];
  /** Whether a definition event was seen (monitors known from results only have none). */
  defined: boolean;
  status: MonitorStatus;
  sinceMs: number | null;
  ref: EvidenceRef | null;
  checks: CheckFact[];
}

export interface SeriesRecord {
  service: string;
  metric: string;
  minutes: MinuteBucket[];
}

/** The keeper's whole state as JSON (`exportState`), for snapshots. */
export interface KeeperState {
  version: 1;
  /** The latest event time folded: the keeper's "now" for dropping old data. */
  watermarkMs: number;
  monitors: MonitorRecord[];
  series: SeriesRecord[];
  alerts: ActiveAlertFact[];
  inhibitions: Array<{ alertId: string; causes: InhibitionFact[] }>;
  changes: ChangeFact[];
  breakers: BreakerFact[];
}

const text = z.string();
const ms = z.number().finite();
const ref = z.object({
  eventId: text,
  type: text,
  streamId: text,
  position: z.number().int().nonnegative(),
  summary: text,
});
const checkStatus = z.enum(['up', 'degraded', 'down']);

const check = z.object({
  monitorId: text,
  monitor: text,
  service: text,
  status: checkStatus,
  latencyMs: ms,
  message: text,
  atMs: ms,
  ref,
});

const monitor = z.object({
  monitorId: text,
  name: text,
  service: text.nullable(),
  dependsOn: z.array(text),
  defined: z.boolean(),
  status: z.enum(['up', 'degraded', 'down', 'paused', 'unknown']),
  sinceMs: ms.nullable(),
  ref: ref.nullable(),
  checks: z.array(check),
});

const series = z.object({
  service: text,
  metric: text,
  minutes: z.array(
    z.object({ minuteMs: ms, sum: ms, count: z.number().int().positive(), max: ms, peakRef: ref }),
  ),
});

const alert = z.object({
  alertId: text,
  ruleName: text,
  service: text.nullable(),
  severity: text,
  firedAtMs: ms,
  ref,
});

const inhibition = z.object({
  service: text,
  dependency: text,
  causeAlertId: text.nullable(),
  ref,
});

const change = z.object({
  changeId: text,
  kind: z.enum(['deploy', 'config']),
  service: text.nullable(),
  description: text,
  atMs: ms,
  ref,
});

const breaker = z.object({ policy: text, state: text, reason: text, sinceMs: ms, ref });

const keeperStateSchema = z.object({
  version: z.literal(1),
  watermarkMs: ms,
  monitors: z.array(monitor),
  series: z.array(series),
  alerts: z.array(alert),
  inhibitions: z.array(z.object({ alertId: text, causes: z.array(inhibition) })),
  changes: z.array(change),
  breakers: z.array(breaker),
});

/** Reads a state written by `exportState`; throws DiagnosisStateError naming every wrong field. */
export function parseKeeperState(input: unknown): KeeperState {
  const result = keeperStateSchema.safeParse(input);
  if (!result.success) throw new DiagnosisStateError(fieldErrorsOf(result.error));
  return result.data as KeeperState;
}
