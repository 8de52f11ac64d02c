/**
 * Pieces every kind of document shares (alert rules, runbooks, monitors, configuration): field
 * errors that name their path, durations written `1h30m`, and Alertmanager-style label matchers.
 */
export { DURATION_EXPECTED, formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';
export {
  describeFieldErrors,
  documentErrorsOf,
  type FieldError,
  fieldErrorsOf,
  fieldPath,
  type Parsed,
} from './field-error.js';
export { expected, show } from './field-values.js';
export {
  type CompiledMatcher,
  compileMatcher,
  formatMatcher,
  type LabelMatcher,
  type MatcherParse,
  type MatchOperator,
  matchesAll,
  matchesEverything,
  parseMatcherText,
} from './label-matchers.js';
