import type { FieldSpec } from './field-spec.js';

/** A healing runbook (docs/healing-runbooks.md). */
export const RUNBOOK_FIELDS: readonly FieldSpec[] = [
  {
    name: 'name',
    label: 'Name',
    input: 'text',
    required: true,
    help: 'Letters, digits and . _ : -, unique.',
  },
  { name: 'description', label: 'Description', input: 'textarea' },
  { name: 'enabled', label: 'Enabled', input: 'checkbox', defaultValue: true },
  { name: 'dryRun', label: 'Dry run (decide, act on nothing)', input: 'checkbox', defaultValue: false },
  {
    name: 'trigger',
    label: 'Trigger',
    input: 'json',
    required: true,
    help: 'Example: { "alert": { "matchers": ["service=\\"db\\""], "severities": ["critical"] } }',
  },
  {
    name: 'steps',
    label: 'Steps',
    input: 'json',
    required: true,
    help: 'Example: [{ "name": "restart", "action": { "kind": "http", "url": "https://ops.example/restart/{{ labels.service }}" } }]',
  },
  { name: 'verify', label: 'Verify', input: 'json', help: 'Example: { "within": "2m" }' },
  {
    name: 'onFailure',
    label: 'On failure',
    input: 'select',
    options: ['escalate', 'next'],
    help: 'When a step fails (default escalate).',
  },
  {
    name: 'budget',
    label: 'Budget',
    input: 'json',
    help: 'Example: { "maxActionsPerHour": 3, "per": "service" }',
  },
];
