/**
 * Series the runtime records from monitor check results (labels: monitor, monitor_id, service,
 * kind and the monitor's own labels). Rules of kind monitor_down, heartbeat_missing and
 * certificate_expiry read them; they always count as known series.
 */
export const CHECK_SERIES = {
  /** 1 when the check succeeded, 0 when it failed (or a heartbeat is missing). */
  up: 'vigia_monitor_up',
  latencyMs: 'vigia_check_latency_ms',
  certificateDaysLeft: 'vigia_certificate_days_left',
} as const;

/** The names of CHECK_SERIES, for "is this series known" checks. */
export const CHECK_SERIES_NAMES: ReadonlySet<string> = new Set(Object.values(CHECK_SERIES));
