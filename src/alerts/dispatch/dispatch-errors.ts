import { VigiaError } from '../../kernel/index.js';

/** The routes given to a RouteTree cannot form a tree (two top-level routes share a name, a bad matcher). */
export class RouteTreeError extends VigiaError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('ALERT_ROUTES_INVALID', message, { details });
  }
}

/** Exported dispatch or escalation state that this version cannot read back. */
export class AlertStateError extends VigiaError {
  constructor(what: string, message: string) {
    super('ALERT_STATE_INVALID', `The ${what} state cannot be restored: ${message}`, { details: { what } });
  }
}
