import { z } from 'zod';

const port = z.number().int().min(0).max(65535);

/** The shape of vigia.yaml after defaults; every key is documented in README.md#configuration. */
export const configSchema = z
  .object({
    dataDir: z.string().min(1).default('./vigia-data'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(8080),
        metrics: z
          .object({
            /** token: GET /metrics on the API server (operator role); listener: a separate port, no token. */
            mode: z.enum(['token', 'listener']).default('token'),
            /** Where the separate listener binds (listener mode only): keep it on a private address. */
            host: z.string().min(1).default('127.0.0.1'),
            port: port.default(9464),
          })
          .strict()
          .prefault({}),
        /** Origins allowed to call the API from a browser (CORS); none by default. */
        corsOrigins: z
          .array(
            z
              .string()
              .regex(
                /^https?:\/\/[^/\s]+$/,
                'an origin such as https://ops.example.org (scheme and host, no path)',
              ),
          )
          .max(50)
          .default([]),
        /** Most simultaneous connections; more are refused by the operating system's backlog. */
        maxConnections: z.number().int().min(1).max(100_000).default(1024),
        /** Largest request body accepted (413 beyond it). */
        bodyLimitBytes: z
          .number()
          .int()
          .min(1024)
          .max(64 * 1024 * 1024)
          .default(1024 * 1024),
        /** A request that has not been answered in this time gets 408 (SSE streams excepted). */
        requestTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
        rateLimits: z
          .object({
            /** Sustained requests per second per token or logged-in user. */
            perTokenPerSecond: z.number().positive().max(1_000_000).default(200),
            /** Sustained anonymous requests per second per client address. */
            perIpPerSecond: z.number().positive().max(1_000_000).default(50),
            burst: z.number().int().min(1).max(1_000_000).default(400),
            /** Failed authentications per address in the window before the address is locked out for the window. */
            failedAuthLimit: z.number().int().min(1).max(10_000).default(10),
            failedAuthWindowSeconds: z.number().int().min(1).max(86_400).default(60),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    monitoring: z
      .object({
        /** Checks running at once across all monitors. */
        maxConcurrent: z.number().int().min(1).max(10_000).default(256),
        /** Checks of one monitor group (by default: one service) running at once. */
        groupConcurrency: z.number().int().min(1).max(10_000).default(32),
        /**
         * With several instances on PostgreSQL: the length of the shard leases. A dead instance's
         * monitors move to the others within this plus a third of it (then run at their next slot).
         */
        leaseSeconds: z.number().min(1).max(300).default(6),
        /**
         * Raw `monitor.check_completed` events older than this many days are deleted once folded
         * into the minute rollups (docs/events.md, Compaction); unset keeps them for ever.
         */
        rawRetentionDays: z.number().int().min(1).max(3650).optional(),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        /** Minute rollups of pushed and scraped metrics are kept this many days (the events stay in the log). */
        retentionDays: z.number().int().min(1).max(3650).default(30),
        /** Most samples in one POST /api/metrics (413 beyond). */
        maxSamplesPerPush: z.number().int().min(1).max(100_000).default(5000),
      })
      .strict()
      .prefault({}),
    auth: z
      .object({
        /** scrypt cost as log2(N): 17 (OWASP's recommendation, ~0.4 s and 128 MiB per hash). */
        passwordCost: z.number().int().min(14).max(20).default(17),
        /** A dashboard session unused this long ends. */
        sessionIdleMinutes: z.number().int().min(5).max(43_200).default(720),
        /** A dashboard session ends this long after login. */
        sessionMaxDays: z.number().int().min(1).max(90).default(7),
        /** Secure attribute on session cookies: auto = unless served over plain HTTP on loopback. */
        secureCookies: z.enum(['auto', 'always', 'never']).default('auto'),
      })
      .strict()
      .prefault({}),
    events: z
      .object({
        backend: z.enum(['sqlite', 'postgres']).default('sqlite'),
        maxEventBytes: z
          .number()
          .int()
          .min(1024)
          .max(64 * 1024 * 1024)
          .default(1024 * 1024),
        sqlite: z
          .object({
            /** normal: survives a process crash (kill -9); full: also survives power loss, slower. */
            synchronous: z.enum(['normal', 'full']).default('normal'),
          })
          .strict()
          .prefault({}),
        postgres: z
          .object({
            url: z.string().min(1).optional(),
            poolSize: z.number().int().min(1).max(200).default(10),
            schema: z
              .string()
              .regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL identifier')
              .default('vigia'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        /** Evaluate rules and send notifications in this process. */
        enabled: z.boolean().default(true),
        /** The rules Vigia ships (docs/alert-rules.md#default-rules); each can be turned off. */
        defaultRules: z
          .object({
            highCpu: z.boolean().default(true),
            slowResponse: z.boolean().default(true),
            serviceUnavailable: z.boolean().default(true),
          })
          .strict()
          .prefault({}),
        /** Send a notification (severity info) when a notified alert recovers. */
        notifyRecovered: z.boolean().default(true),
        /** Mute the alerts of a service while a service it depends on is down. */
        inhibitByDependency: z.boolean().default(true),
        /** The root of the routing tree: where alerts go that no route matches. Durations as `30s`, `5m`. */
        routing: z
          .object({
            receivers: z.array(z.string().min(1).max(100)).max(10).default([]),
            groupBy: z.array(z.string().min(1).max(100)).max(20).default(['alertname', 'service']),
            groupWait: z.string().max(20).default('30s'),
            groupInterval: z.string().max(20).default('5m'),
            repeatInterval: z.string().max(20).default('4h'),
          })
          .strict()
          .prefault({}),
        delivery: z
          .object({
            /** Attempts per notification before it is given up (each an event). */
            maxAttempts: z.number().int().min(1).max(20).default(6),
          })
          .strict()
          .prefault({}),
        /** Definitions as code, checked on load and reload like `monitors:` (see docs/alerting.md). */
        rules: z.array(z.record(z.string(), z.unknown())).max(5000).default([]),
        receivers: z.array(z.record(z.string(), z.unknown())).max(500).default([]),
        routes: z.array(z.record(z.string(), z.unknown())).max(500).default([]),
        escalationPolicies: z.array(z.record(z.string(), z.unknown())).max(200).default([]),
        inhibitRules: z.array(z.record(z.string(), z.unknown())).max(500).default([]),
        maintenanceWindows: z.array(z.record(z.string(), z.unknown())).max(500).default([]),
      })
      .strict()
      .prefault({}),
    demo: z
      .object({
        /**
         * The demo fleet (docs/demo.md): simulated services, their monitors, rules and runbooks,
         * and a chaos loop. `auto`: on when Vigia runs without a configuration file (`npm start`).
         */
        enabled: z.union([z.literal('auto'), z.boolean()]).default('auto'),
        /** The chaos loop that breaks a demo service about once a minute (faults can still be switched on by hand). */
        chaos: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    healing: z
      .object({
        /** Diagnose firing alerts and run the runbooks that match them in this process. */
        enabled: z.boolean().default(true),
        /** Decide and record everything, act on nothing (every runbook). */
        dryRun: z.boolean().default(false),
        /** Runbook `command` actions: off unless enabled, and only these absolute paths. */
        commands: z
          .object({
            enabled: z.boolean().default(false),
            allow: z.array(z.string().min(1).max(500)).max(100).default([]),
          })
          .strict()
          .prefault({}),
        /** Runbooks as code, checked with the alerting definitions on start and reload. */
        runbooks: z.array(z.record(z.string(), z.unknown())).max(1000).default([]),
      })
      .strict()
      .prefault({}),
    /**
     * Monitors as code: each entry a monitor document as POST /api/monitors takes it. Only its
     * shape is checked here (the kernel knows no monitors); the server checks every field on load
     * and reload, and `vigia config check` does the same offline.
     */
    monitors: z.array(z.record(z.string(), z.unknown())).max(20_000).default([]),
  })
  .strict();

export type VigiaConfig = z.infer<typeof configSchema>;
export type VigiaConfigInput = z.input<typeof configSchema>;

/** VIGIA_* environment variables and the config key each one sets. */
export const ENVIRONMENT_KEYS: ReadonlyArray<{
  variable: string;
  path: string[];
  type: 'string' | 'number' | 'boolean';
}> = [
  { variable: 'VIGIA_DATA_DIR', path: ['dataDir'], type: 'string' },
  { variable: 'VIGIA_LOG_LEVEL', path: ['logLevel'], type: 'string' },
  { variable: 'VIGIA_HOST', path: ['server', 'host'], type: 'string' },
  { variable: 'VIGIA_PORT', path: ['server', 'port'], type: 'number' },
  { variable: 'VIGIA_MAX_CONNECTIONS', path: ['server', 'maxConnections'], type: 'number' },
  { variable: 'VIGIA_METRICS_MODE', path: ['server', 'metrics', 'mode'], type: 'string' },
  { variable: 'VIGIA_METRICS_HOST', path: ['server', 'metrics', 'host'], type: 'string' },
  { variable: 'VIGIA_METRICS_PORT', path: ['server', 'metrics', 'port'], type: 'number' },
  { variable: 'VIGIA_SECURE_COOKIES', path: ['auth', 'secureCookies'], type: 'string' },
  { variable: 'VIGIA_MONITORING_LEASE_SECONDS', path: ['monitoring', 'leaseSeconds'], type: 'number' },
  {
    variable: 'VIGIA_MONITORING_RAW_RETENTION_DAYS',
    path: ['monitoring', 'rawRetentionDays'],
    type: 'number',
  },
  { variable: 'VIGIA_ALERTS_ENABLED', path: ['alerts', 'enabled'], type: 'boolean' },
  { variable: 'VIGIA_DEMO', path: ['demo', 'enabled'], type: 'boolean' },
  { variable: 'VIGIA_DEMO_CHAOS', path: ['demo', 'chaos'], type: 'boolean' },
  { variable: 'VIGIA_HEALING_ENABLED', path: ['healing', 'enabled'], type: 'boolean' },
  { variable: 'VIGIA_HEALING_DRY_RUN', path: ['healing', 'dryRun'], type: 'boolean' },
  { variable: 'VIGIA_EVENTS_BACKEND', path: ['events', 'backend'], type: 'string' },
  { variable: 'VIGIA_EVENTS_MAX_EVENT_BYTES', path: ['events', 'maxEventBytes'], type: 'number' },
  { variable: 'VIGIA_SQLITE_SYNCHRONOUS', path: ['events', 'sqlite', 'synchronous'], type: 'string' },
  { variable: 'VIGIA_POSTGRES_URL', path: ['events', 'postgres', 'url'], type: 'string' },
  { variable: 'VIGIA_POSTGRES_POOL_SIZE', path: ['events', 'postgres', 'poolSize'], type: 'number' },
  { variable: 'VIGIA_POSTGRES_SCHEMA', path: ['events', 'postgres', 'schema'], type: 'string' },
];
