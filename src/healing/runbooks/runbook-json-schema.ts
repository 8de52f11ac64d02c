import { MAX_BODY_LENGTH, MAX_URL_LENGTH } from './action-schema.js';
import { ACTION_KINDS, CAUSE_KINDS, HTTP_METHODS, ON_FAILURE, SEVERITIES } from './runbook-types.js';

/**
 * The JSON schema of a runbook document, as the HTTP API validates and documents it. It is flat
 * (no `$ref`, no unions, no `default`), so Fastify's Ajv compiles it strictly and never fills or
 * drops anything: every field of every action kind is listed on one `action` object, and
 * parseRunbook checks which fields a kind needs and everything else (durations, URLs,
 * templates, paths), naming the field that is wrong.
 */

/** A JSON object schema, the shape the server's resource routes take. */
export interface RunbookJsonSchema {
  type: 'object';
  additionalProperties: boolean;
  required: string[];
  properties: Record<string, unknown>;
}

const identifier = { type: 'string', minLength: 1, maxLength: 100 } as const;
const text = (maxLength: number, description?: string) =>
  description === undefined ? { type: 'string', maxLength } : { type: 'string', maxLength, description };
const duration = (description: string) => ({ type: 'string', maxLength: 40, description });
const names = (description: string) => ({ type: 'array', items: identifier, maxItems: 20, description });

const action = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: [...ACTION_KINDS] },
    method: { type: 'string', enum: [...HTTP_METHODS], description: 'http: the method (POST when absent)' },
    url: text(MAX_URL_LENGTH, 'http, simulator_fault_off: http(s) URL template, host written out'),
    headers: {
      type: 'object',
      additionalProperties: text(2000),
      maxProperties: 20,
      description: 'http: header values are templates',
    },
    body: text(MAX_BODY_LENGTH, 'http: a JSON document; placeholders only inside quoted strings'),
    executable: text(500, 'command: absolute path of the program (not a shell)'),
    // No `type` here on purpose: Ajv's coerceTypes "array" would turn one shell string into a
    // one-element list; parseRunbook refuses anything but a list of texts, naming the field.
    args: { description: 'command: a list of argument templates, never one shell string' },
    receivers: names('notify: receiver names (none: the receivers the alert routes to)'),
    message: text(2000, 'notify: message template'),
    approvers: names('approval: user names or roles who may decide'),
    expiresIn: duration('approval: 1m to 24h (15m when absent)'),
  },
};

const step = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'action'],
  properties: {
    name: identifier,
    when: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cause: { type: 'string', enum: [...CAUSE_KINDS] },
        subject: text(200),
        minConfidence: { type: 'number', minimum: 0, maximum: 1 },
        among: { type: 'string', enum: ['first', 'any'] },
      },
    },
    action,
    timeout: duration('1s to 10m (30s when absent)'),
    retries: { type: 'integer', minimum: 0, maximum: 5 },
    onFailure: { type: 'string', enum: [...ON_FAILURE] },
    alternatives: { type: 'boolean' },
  },
};

export const runbookJsonSchema: RunbookJsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'trigger', 'steps'],
  properties: {
    name: identifier,
    description: text(2000),
    enabled: { type: 'boolean' },
    dryRun: { type: 'boolean' },
    trigger: {
      type: 'object',
      additionalProperties: false,
      properties: {
        alert: {
          type: 'object',
          additionalProperties: false,
          properties: {
            matchers: { type: 'array', items: text(1200), maxItems: 20 },
            severities: { type: 'array', items: { type: 'string', enum: [...SEVERITIES] }, maxItems: 4 },
            rules: { type: 'array', items: identifier, maxItems: 50 },
          },
        },
        event: {
          type: 'object',
          additionalProperties: false,
          required: ['typePattern'],
          properties: { typePattern: text(200) },
        },
      },
    },
    steps: { type: 'array', items: step, minItems: 1, maxItems: 20 },
    verify: {
      type: 'object',
      additionalProperties: false,
      properties: { within: duration('10s to 1h (2m when absent)') },
    },
    onFailure: { type: 'string', enum: [...ON_FAILURE] },
    budget: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxActionsPerHour: { type: 'integer', minimum: 1, maximum: 100 },
        per: { type: 'string', maxLength: 100 },
      },
    },
  },
};
