import type { RemediationPhase } from './healing-types.js';
import { statusLabel, statusTone } from './remediation-status.js';

/** A remediation's status as a coloured badge (the words carry the meaning; the colour helps). */
export function StatusBadge({ status }: { status: RemediationPhase | null | undefined }) {
  return <span class={`remediation-status tone-${statusTone(status)}`}>{statusLabel(status)}</span>;
}
