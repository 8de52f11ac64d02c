import type { FieldSpec } from './field-spec.js';

/** Monitor kinds (docs/config-monitors.md). */
export const MONITOR_KINDS = ['http', 'tcp', 'dns', 'tls', 'heartbeat', 'prometheus'] as const;

const only = (...values: string[]) => ({ field: 'kind', values });

/** The fields of a monitor document, those of each kind shown only for that kind. */
export const MONITOR_FIELDS: readonly FieldSpec[] = [
  {
    name: 'name',
    label: 'Name',
    input: 'text',
    required: true,
    help: 'Letters, digits and . _ : -, unique.',
  },
  { name: 'kind', label: 'Kind', input: 'select', required: true, options: MONITOR_KINDS },
  { name: 'service', label: 'Service', input: 'text', required: true, help: 'The service it checks.' },
  { name: 'description', label: 'Description', input: 'textarea' },
  {
    name: 'intervalSeconds',
    label: 'Interval, seconds',
    input: 'number',
    help: 'How often it checks: 5 to 86400.',
  },
  { name: 'timeoutMs', label: 'Timeout, ms', input: 'number', help: '100 to 120000.' },
  { name: 'url', label: 'URL', input: 'text', required: true, showWhen: only('http', 'prometheus') },
  {
    name: 'method',
    label: 'Method',
    input: 'select',
    options: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    showWhen: only('http'),
  },
  { name: 'host', label: 'Host', input: 'text', required: true, showWhen: only('tcp', 'tls') },
  { name: 'port', label: 'Port', input: 'number', showWhen: only('tcp', 'tls') },
  { name: 'servername', label: 'TLS server name', input: 'text', showWhen: only('tls') },
  { name: 'hostname', label: 'Host name', input: 'text', required: true, showWhen: only('dns') },
  {
    name: 'recordType',
    label: 'Record type',
    input: 'select',
    options: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'],
    showWhen: only('dns'),
  },
  { name: 'expected', label: 'Expected records', input: 'lines', showWhen: only('dns') },
  { name: 'resolver', label: 'Resolver', input: 'text', showWhen: only('dns') },
  {
    name: 'graceSeconds',
    label: 'Grace, seconds',
    input: 'number',
    help: 'How late a heartbeat may be.',
    showWhen: only('heartbeat'),
  },
  {
    name: 'expectedStatus',
    label: 'Expected status',
    input: 'json',
    help: 'Example: ["2xx", 301]',
    showWhen: only('http'),
  },
  {
    name: 'maxLatencyMs',
    label: 'Slowest answer, ms',
    input: 'number',
    help: 'Slower answers count as degraded.',
    showWhen: only('http'),
  },
  {
    name: 'certificateExpiryWarningDays',
    label: 'Certificate warning, days',
    input: 'number',
    showWhen: only('http', 'tls'),
  },
  {
    name: 'followRedirects',
    label: 'Follow redirects',
    input: 'checkbox',
    defaultValue: true,
    showWhen: only('http'),
  },
  {
    name: 'headers',
    label: 'Headers',
    input: 'json',
    help: 'Example: { "accept": "application/json" }',
    showWhen: only('http', 'prometheus'),
  },
  { name: 'body', label: 'Request body', input: 'textarea', showWhen: only('http') },
  {
    name: 'assertions',
    label: 'Assertions',
    input: 'json',
    help: 'Example: [{ "jsonPath": "status", "equals": "ok" }, { "contains": "<title>" }]',
    showWhen: only('http'),
  },
  { name: 'maxSamples', label: 'Most samples', input: 'number', showWhen: only('prometheus') },
  { name: 'dependsOn', label: 'Depends on services', input: 'lines', help: 'One service per line.' },
  { name: 'group', label: 'Group', input: 'text' },
  { name: 'labels', label: 'Labels', input: 'json', help: 'Example: { "team": "ops" }' },
  { name: 'paused', label: 'Paused', input: 'checkbox', defaultValue: false },
];
