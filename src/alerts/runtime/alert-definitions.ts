import type { FieldError, Logger } from '../../kernel/index.js';
import { type AlertResourceName, documentBody } from '../alert-resources.js';
import { parseRoute, type RouteDocument } from '../dispatch/route-document.js';
import { type MatchedRoute, type RootRouteSettings, RouteTree } from '../dispatch/route-tree.js';
import {
  type EscalationPolicyDocument,
  parseEscalationPolicy,
} from '../escalate/escalation-policy-document.js';
import { type InhibitRuleDocument, parseInhibitRule } from '../inhibit/inhibit-rule-document.js';
import { parseReceiver, type ReceiverDocument } from '../notify/receiver-document.js';
import { type MaintenanceWindowDocument, parseMaintenanceWindow } from '../silence/maintenance-window.js';

/** The notification side's definitions as stored: raw documents by resource and id. */
export type DefinitionDocuments = Partial<Record<AlertResourceName, Record<string, unknown>>>;

export type Receiver = ReceiverDocument & { id: string };

/** A silence as the runtime indexes it (documents were validated by the API). */
export interface StoredSilence {
  id: string;
  matchers: string[];
  startsAt: string;
  endsAt: string;
}

/**
 * The receivers, routes, escalation policies, inhibition rules, maintenance windows and silences
 * the notification loop works with, folded from their resource events. A document that does not
 * parse (appended around the API) is left out and logged once.
 */
export class AlertDefinitions {
  private docs: Required<DefinitionDocuments> = emptyDocuments();
  private tree: RouteTree;
  /** Parsed documents by resource, made again after a change. */
  private readonly parsed = new Map<AlertResourceName, unknown[]>();

  constructor(
    private readonly root: RootRouteSettings,
    private readonly logger: Logger,
  ) {
    this.tree = new RouteTree(root, []);
  }

  /** Applies one resource change (`doc` undefined: deleted). */
  change(resource: AlertResourceName, id: string, doc: unknown | undefined): void {
    const byId = this.docs[resource];
    if (doc === undefined) delete byId[id];
    else byId[id] = doc;
    this.parsed.delete(resource);
    if (resource === 'routes') this.tree = new RouteTree(this.root, this.routes());
  }

  export(): DefinitionDocuments {
    return this.docs;
  }

  import(docs: DefinitionDocuments | undefined): void {
    this.docs = { ...emptyDocuments(), ...(docs ?? {}) };
    this.parsed.clear();
    this.tree = new RouteTree(this.root, this.routes());
  }

  /** The routes an alert with `labels` takes. */
  match(labels: Readonly<Record<string, string>>): MatchedRoute[] {
    return this.tree.match(labels);
  }

  receiverByName(name: string): Receiver | undefined {
    return this.receivers().find((r) => r.name === name);
  }

  receivers(): Receiver[] {
    return this.parsedAll('receivers', parseReceiver);
  }

  routes(): Array<{ id: string } & RouteDocument> {
    return this.parsedAll('routes', parseRoute);
  }

  escalationPolicies(): Array<{ id: string } & EscalationPolicyDocument> {
    return this.parsedAll('escalationPolicies', parseEscalationPolicy);
  }

  inhibitRules(): Array<{ id: string } & InhibitRuleDocument> {
    return this.parsedAll('inhibitRules', parseInhibitRule);
  }

  maintenanceWindows(): Array<{ id: string } & MaintenanceWindowDocument> {
    return this.parsedAll('maintenanceWindows', parseMaintenanceWindow);
  }

  silences(): StoredSilence[] {
    const silences: StoredSilence[] = [];
    for (const [id, doc] of Object.entries(this.docs.silences)) {
      const s = doc as Partial<StoredSilence>;
      if (!Array.isArray(s.matchers) || typeof s.startsAt !== 'string' || typeof s.endsAt !== 'string')
        continue;
      silences.push({ id, matchers: s.matchers, startsAt: s.startsAt, endsAt: s.endsAt });
    }
    return silences;
  }

  private parsedAll<T>(
    resource: AlertResourceName,
    parse: (doc: unknown) => { ok: true; value: T } | { ok: false; errors: FieldError[] },
  ): Array<{ id: string } & T> {
    const cached = this.parsed.get(resource);
    if (cached) return cached as Array<{ id: string } & T>;
    const values: Array<{ id: string } & T> = [];
    for (const [id, doc] of Object.entries(this.docs[resource])) {
      const parsed = parse(documentBody(doc));
      if (parsed.ok) values.push({ id, ...parsed.value });
      else
        this.logger.warn(
          { resource, id, errors: parsed.errors },
          'alert definition ignored: invalid document',
        );
    }
    this.parsed.set(resource, values);
    return values;
  }
}

function emptyDocuments(): Required<DefinitionDocuments> {
  return {
    rules: {},
    receivers: {},
    routes: {},
    escalationPolicies: {},
    inhibitRules: {},
    maintenanceWindows: {},
    silences: {},
  };
}
