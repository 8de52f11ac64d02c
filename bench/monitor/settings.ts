/** How many monitors the monitoring benchmark runs, against how many services, for how long. */
export interface Settings {
  /** HTTP monitors created through `POST /api/monitors`. */
  monitors: number;
  /** Every monitor's check interval. */
  intervalSeconds: number;
  /** Measured window, after the first interval (the ramp-up, while each monitor's phase comes up). */
  windowSeconds: number;
  /** Simulated services the monitors are spread over (round robin). */
  services: number;
  /** Monitor creations in flight at once. */
  createConcurrency: number;
  /** Status queries after the window: full walks of `/api/status/monitors` (pages of 100)… */
  statusWalks: number;
  /** …calls of `/api/status/services`… */
  serviceQueries: number;
  /** …and of `/api/monitors/:id/status` (status + uptime), on monitors picked at random. */
  monitorQueries: number;
}

/** 2,000 monitors for 20 s: under 45 s in all, the same metrics as the full run. */
export const QUICK: Settings = {
  monitors: 2000,
  intervalSeconds: 10,
  windowSeconds: 20,
  services: 20,
  createConcurrency: 50,
  statusWalks: 5,
  serviceQueries: 100,
  monitorQueries: 500,
};

/** 10,000 monitors for 60 s (after the 10 s ramp-up). */
export const FULL: Settings = {
  monitors: 10_000,
  intervalSeconds: 10,
  windowSeconds: 60,
  services: 20,
  createConcurrency: 50,
  statusWalks: 3,
  serviceQueries: 200,
  monitorQueries: 1000,
};

/** Simulated service answers: never failing, 1 ms plus up to 4 ms of jitter. */
export const SERVICE_FAULTS = { failureRate: 0, latencyMs: 1, jitterMs: 4 } as const;

/** Targets copied from the issue. */
export const TARGETS = {
  /** Achieved checks as a percentage of the scheduled ones. */
  achievedPercent: 99,
  schedulingDelayP99Ms: 1000,
  residentMemoryMb: 500,
  statusQueryP99Ms: 50,
} as const;
