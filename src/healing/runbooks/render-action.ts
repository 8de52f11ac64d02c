import { parseDuration } from '../../kernel/index.js';
import {
  compileActionTemplate,
  type TemplateContext,
  type TemplateEncoding,
} from '../definition/action-template.js';
import { MAX_BODY_LENGTH } from './action-schema.js';
import type { HttpMethod, RunbookActionDocument } from './runbook-types.js';

/** The alert an action is rendered for. */
export type AlertToRender = TemplateContext;

/** An action with its templates rendered: what the executor performs, and what events record. */
export type RenderedAction =
  | { kind: 'http'; method: HttpMethod; url: string; headers: Record<string, string>; body?: string }
  | { kind: 'command'; executable: string; args: string[] }
  | { kind: 'simulator_fault_off'; url: string }
  | { kind: 'notify'; receivers: string[]; message: string }
  | { kind: 'approval'; approvers: string[]; expiresIn: string; expiresInMs: number };

const FIFTEEN_MINUTES_MS = 15 * 60_000;

/**
 * Renders an action's templates for an alert: URLs percent-encode values, a body JSON-escapes
 * them, header values percent-encode control and non-ASCII characters, arguments and messages
 * take them as they are (arguments are never given to a shell). Never throws.
 */
export function renderAction(action: RunbookActionDocument, alert: AlertToRender): RenderedAction {
  const render = (text: string, encoding: TemplateEncoding, maxLength?: number) =>
    renderText(text, alert, encoding, maxLength);
  switch (action.kind) {
    case 'http': {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(action.headers)) headers[name] = render(value, 'headerSafe');
      return {
        kind: 'http',
        method: action.method,
        url: render(action.url, 'urlSafe'),
        headers,
        ...(action.body === undefined ? {} : { body: render(action.body, 'jsonSafe', MAX_BODY_LENGTH) }),
      };
    }
    case 'command':
      return {
        kind: 'command',
        executable: action.executable,
        args: action.args.map((arg) => render(arg, 'text')),
      };
    case 'simulator_fault_off':
      return { kind: 'simulator_fault_off', url: render(action.url, 'urlSafe') };
    case 'notify':
      return { kind: 'notify', receivers: [...action.receivers], message: render(action.message, 'text') };
    case 'approval':
      return {
        kind: 'approval',
        approvers: [...action.approvers],
        expiresIn: action.expiresIn,
        expiresInMs: parseDuration(action.expiresIn) ?? FIFTEEN_MINUTES_MS,
      };
  }
}

/** A text that does not compile (only from a document that skipped parseRunbook) is kept as written. */
function renderText(
  text: string,
  alert: AlertToRender,
  encoding: TemplateEncoding,
  maxLength?: number,
): string {
  const compiled = compileActionTemplate(text, maxLength);
  return compiled.ok ? compiled.template.render(alert, encoding) : text;
}
