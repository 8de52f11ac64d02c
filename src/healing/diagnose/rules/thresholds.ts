/**
 * The numbers the ranking rules decide by, in one place so the documentation
 * (docs/healing-diagnosis.md) and the rules cannot drift apart.
 */
export const Thresholds = {
  /** Services whose failures began this long before the alert fired (or since) fail "together". */
  togetherWindowMs: 10 * 60_000,
  /** How many services must fail together before a shared cause is looked for. */
  minFailingTogether: 3,
  /** Of the failing services (other than the candidate), the share that must depend on it. */
  sharedCoverage: 0.6,
  /** A change this long before the alert fired (or less) may have caused it. */
  changeWindowMs: 30 * 60_000,
  /** cpu_percent or memory_percent above this (per-minute mean) is saturation. */
  saturationPercent: 90,
  /** Saturation counts in the minutes from this long before the alert fired until now. */
  saturationWindowMs: 15 * 60_000,
  /** Evidence refs given per cause at most. */
  evidencePerCause: 10,
} as const;

/** How each rule rates its finding (0..1). The fallback always ranks last. */
export const Confidence = {
  /** A down dependency, by distance: 1 = direct. */
  dependencyDown: [0.9, 0.85, 0.8] as ReadonlyArray<number>,
  /** The alerts module inhibited the alert for a down dependency whose monitor status is not known here. */
  dependencyInhibited: 0.8,
  /** Shared dependency: base + coverage share × this, + bonus when the dependency is failing itself. */
  sharedBase: 0.5,
  sharedPerCoverage: 0.25,
  sharedFailingBonus: 0.1,
  network: 0.4,
  networkWithOpenBreakers: 0.5,
  changeWithRise: 0.75,
  globalChangeWithRise: 0.6,
  changeWithoutRise: 0.4,
  globalChangeWithoutRise: 0.3,
  saturation: 0.6,
  saturationPerExtraMinute: 0.05,
  saturationMax: 0.8,
  serviceWithFailingChecks: 0.25,
  serviceWithoutEvidence: 0.15,
} as const;

/** Rounded to two decimals, so equal findings compare equal. */
export function confidence(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
