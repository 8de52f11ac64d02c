import type { EventMetadata } from '../../events/index.js';

/**
 * How a monitor is marked as coming from vigia.yaml: two labels in its document, visible in
 * the API (`GET /api/monitors?…`) and to every consumer of the monitor events, plus the actor
 * `config:<file>` on the events that wrote it. Only the configuration sync may set them.
 */
export const MANAGED_BY_LABEL = 'vigia.managed-by';
/** The value of MANAGED_BY_LABEL on monitors owned by the configuration file. */
export const MANAGED_BY_CONFIG = 'config';
/** The configuration file a config-owned monitor came from (named in refusals). */
export const CONFIG_FILE_LABEL = 'vigia.config-file';
/** Labels reserved for the configuration sync: an entry or an API write may not set them. */
export const RESERVED_LABELS = [MANAGED_BY_LABEL, CONFIG_FILE_LABEL] as const;

const CONFIG_ACTOR_PREFIX = 'config:';

/** The actor of events written by the configuration sync of `file`. */
export const configActor = (file: string) => `${CONFIG_ACTOR_PREFIX}${file}`;

/** True when the write comes from the configuration sync (API actors are `user:` or `token:`). */
export const isConfigWrite = (metadata: EventMetadata | undefined) =>
  typeof metadata?.actor === 'string' && metadata.actor.startsWith(CONFIG_ACTOR_PREFIX);

function labelsOf(doc: Record<string, unknown>): Record<string, unknown> {
  const labels = doc.labels;
  return typeof labels === 'object' && labels !== null && !Array.isArray(labels)
    ? (labels as Record<string, unknown>)
    : {};
}

/** True when the monitor document is owned by a configuration file. */
export const isConfigOwned = (doc: Record<string, unknown>) =>
  labelsOf(doc)[MANAGED_BY_LABEL] === MANAGED_BY_CONFIG;

/** The reserved labels a document carries (an entry or an API write must carry none of its own). */
export const reservedLabelsIn = (doc: Record<string, unknown>) =>
  RESERVED_LABELS.filter((label) => label in labelsOf(doc));

/** The configuration file a config-owned monitor came from. */
export function configFileOf(doc: Record<string, unknown>): string {
  const file = labelsOf(doc)[CONFIG_FILE_LABEL];
  return typeof file === 'string' ? file : 'the configuration file';
}

/** The document as stored for a config entry: the entry plus the ownership labels. */
export function withOwnershipLabels(entry: Record<string, unknown>, file: string): Record<string, unknown> {
  return {
    ...entry,
    labels: { ...labelsOf(entry), [MANAGED_BY_LABEL]: MANAGED_BY_CONFIG, [CONFIG_FILE_LABEL]: file },
  };
}
