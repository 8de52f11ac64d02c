import {
  type FieldError,
  parseAlertRule,
  parseEscalationPolicy,
  parseInhibitRule,
  parseMaintenanceWindow,
  parseReceiver,
  parseRoute,
  unknownPolicyReceivers,
  unknownReferences,
  unknownSeriesError,
} from '../../alerts/index.js';
import { parseRunbook } from '../../healing/index.js';
import type { ResourceView } from '../resources/resource-store.js';
import {
  type AlertConfigLists,
  type AlertConfigProblem,
  type AlertPreflight,
  CONFIG_KINDS,
  isOwned,
  listPath,
} from './config-alerts.js';

type Kind = (typeof CONFIG_KINDS)[number];

const PARSERS: Record<
  Kind,
  (doc: unknown) => { ok: true; value: unknown } | { ok: false; errors: FieldError[] }
> = {
  rules: parseAlertRule,
  receivers: parseReceiver,
  routes: parseRoute,
  escalationPolicies: parseEscalationPolicy,
  inhibitRules: parseInhibitRule,
  maintenanceWindows: parseMaintenanceWindow,
  runbooks: parseRunbook,
};

/**
 * The checks a sync runs before writing anything: each entry parses, the receivers and policies
 * routes and policies name exist (in the file, or created through the API), and rules name
 * series that have samples. The same checks the API runs, against the state after the sync.
 */
export function alertPreflight(knownSeries: () => Promise<ReadonlySet<string> | undefined>): AlertPreflight {
  return async (lists: AlertConfigLists, stored: Record<Kind, ResourceView[]>) => {
    const problems: AlertConfigProblem[] = [];
    const namesAfter = (kind: Kind) =>
      new Set([
        ...stored[kind].filter((v) => !isOwned(v)).map((v) => String(v.doc.name)),
        ...lists[kind].map((e) => String(e.name)),
      ]);
    const receivers = namesAfter('receivers');
    const policies = namesAfter('escalationPolicies');
    const series = await knownSeries();
    for (const kind of CONFIG_KINDS) {
      lists[kind].forEach((entry, index) => {
        const report = (errors: ReadonlyArray<FieldError>) => {
          for (const e of errors) {
            problems.push({
              field: `${listPath(kind)}[${index}].${e.field}`,
              message: e.message,
              ...(typeof entry.name === 'string' ? { name: entry.name } : {}),
            });
          }
        };
        const parsed = PARSERS[kind](entry);
        if (!parsed.ok) {
          report(parsed.errors);
          return;
        }
        if (kind === 'routes') report(unknownReferences(parsed.value as never, receivers, policies));
        if (kind === 'escalationPolicies') report(unknownPolicyReceivers(parsed.value as never, receivers));
        if (kind === 'rules') {
          const problem = series ? unknownSeriesError(parsed.value as never, series) : undefined;
          if (problem) report([problem]);
        }
      });
    }
    return problems;
  };
}
