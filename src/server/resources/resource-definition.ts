import type { EventMetadata } from '../../events/index.js';
import type { Role } from '../auth/principal.js';

/** A JSON object schema (the subset the resource pattern uses). */
export interface ObjectSchema {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
}

/**
 * A kind of resource managed through the API (users here; monitors, rules, runbooks, datasets
 * later). Each resource is a stream `<kind>-<id>`; its changes are the events
 * `<eventPrefix>_created | _updated | _deleted` carrying the whole document, and the stream
 * version is the resource version used for If-Match.
 */
export interface ResourceDefinition {
  /** Plural, URL segment and stored kind, e.g. `users`. */
  kind: string;
  /** Event type prefix, e.g. `auth.user` → `auth.user_created`. */
  eventPrefix: string;
  /** Schema of the document on create and replace (PUT). Must not hold secrets: it is stored in events. */
  schema: ObjectSchema;
  /** Top-level document fields that list requests may filter on by equality. */
  filterable: string[];
  /** Role needed to read and to change. */
  access: { read: Role; write: Role };
  /**
   * Turns the request's document into the one stored (normalized values, fields the server sets
   * such as an author); runs before `validate`. The document is stored as given when absent.
   */
  prepare?(
    doc: Record<string, unknown>,
    context: { existing?: Record<string, unknown>; metadata?: EventMetadata },
  ): Record<string, unknown>;
  /** Checks beyond the schema (uniqueness …); throw HttpProblemError to refuse. */
  validate?(
    doc: Record<string, unknown>,
    context: { id: string; existing?: Record<string, unknown>; metadata?: EventMetadata },
  ): Promise<void>;
  /** Checks before a delete (who may remove what); throw HttpProblemError to refuse. */
  validateRemoval?(existing: Record<string, unknown>, context: { id: string; metadata: EventMetadata }): void;
}

/** Stream of one resource. */
export const resourceStream = (kind: string, id: string) => `${kind}-${id}`;
