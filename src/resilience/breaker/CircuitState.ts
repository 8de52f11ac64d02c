/**
 * closed: calls pass and are judged. open: calls are rejected until the break ends.
 * half-open: a few trial calls decide. isolated: forced open by an operator.
 * disabled: calls pass, nothing is recorded. metrics-only: calls pass and are recorded, the
 * circuit never opens (a dry run of a configuration).
 */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'isolated' | 'disabled' | 'metrics-only';
