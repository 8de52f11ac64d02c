import { type AlertSettings, DURATION_EXPECTED, parseDuration } from '../../alerts/index.js';
import { ConfigError, type VigiaConfig } from '../../kernel/index.js';
import type { AlertConfigLists } from './config-alerts.js';
import { enabledDefaultRules } from './default-rules.js';

/** The alerting runtime settings from `alerts:` (durations parsed; a bad one is a ConfigError naming it). */
export function alertSettingsOf(config: VigiaConfig['alerts']): AlertSettings {
  const { routing } = config;
  const duration = (key: 'groupWait' | 'groupInterval' | 'repeatInterval') => {
    const ms = parseDuration(routing[key]);
    if (ms === undefined) {
      throw new ConfigError(`alerts.routing.${key} ${DURATION_EXPECTED}, got "${routing[key]}"`, {
        problems: [{ key: `alerts.routing.${key}`, message: `${DURATION_EXPECTED}, got "${routing[key]}"` }],
      });
    }
    return ms;
  };
  return {
    root: {
      receivers: routing.receivers,
      groupBy: routing.groupBy,
      groupWaitMs: duration('groupWait'),
      groupIntervalMs: duration('groupInterval'),
      repeatIntervalMs: duration('repeatInterval'),
    },
    notifyRecovered: config.notifyRecovered,
    inhibitByDependency: config.inhibitByDependency,
    delivery: { maxAttempts: config.delivery.maxAttempts },
  };
}

/** The definitions the configuration asks for: its lists, plus the default rules it leaves on. */
export function alertListsOf(
  config: VigiaConfig['alerts'],
  runbooks: ReadonlyArray<Record<string, unknown>> = [],
): AlertConfigLists {
  return {
    runbooks,
    // The file's rules first, so `alerts.rules[i]` in a problem is the file's i-th entry.
    rules: [...config.rules, ...enabledDefaultRules(config.defaultRules)],
    receivers: config.receivers,
    routes: config.routes,
    escalationPolicies: config.escalationPolicies,
    inhibitRules: config.inhibitRules,
    maintenanceWindows: config.maintenanceWindows,
  };
}
