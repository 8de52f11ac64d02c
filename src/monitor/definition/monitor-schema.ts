/**
 * The JSON schema of a monitor document, as the API validates and documents it. Every field
 * of every kind is listed (flat), so unknown fields are refused by name; which fields a kind
 * needs or allows is checked by parseMonitor, which names the field that is wrong.
 */
const stringMap = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 2000 },
  maxProperties: 50,
} as const;

const identifier = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' };

export const MONITOR_KINDS = ['http', 'tcp', 'dns', 'tls', 'heartbeat', 'prometheus'] as const;

export const monitorJsonSchema = {
  type: 'object',
  required: ['name', 'kind', 'service'],
  properties: {
    name: identifier,
    kind: { type: 'string', enum: [...MONITOR_KINDS] },
    service: identifier,
    description: { type: 'string', maxLength: 1000 },
    intervalSeconds: { type: 'integer', minimum: 5, maximum: 86_400 },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 120_000 },
    labels: stringMap,
    dependsOn: { type: 'array', items: identifier, maxItems: 50 },
    group: identifier,
    paused: { type: 'boolean' },
    // http
    url: { type: 'string', maxLength: 2000 },
    method: { type: 'string', enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] },
    headers: stringMap,
    body: { type: 'string', maxLength: 65_536 },
    expectedStatus: {
      type: 'array',
      maxItems: 20,
      items: { anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 20 }] },
    },
    assertions: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          contains: { type: 'string', maxLength: 1000 },
          notContains: { type: 'string', maxLength: 1000 },
          jsonPath: { type: 'string', maxLength: 200 },
          equals: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] },
          matches: { type: 'string', maxLength: 1000 },
        },
      },
    },
    maxLatencyMs: { type: 'integer', minimum: 1, maximum: 120_000 },
    certificateExpiryWarningDays: { type: 'integer', minimum: 0, maximum: 3650 },
    followRedirects: { type: 'boolean' },
    // tcp, tls
    host: { type: 'string', minLength: 1, maxLength: 255 },
    port: { type: 'integer', minimum: 1, maximum: 65_535 },
    servername: { type: 'string', maxLength: 255 },
    // dns
    hostname: { type: 'string', minLength: 1, maxLength: 255 },
    recordType: { type: 'string', enum: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] },
    expected: { type: 'array', items: { type: 'string', maxLength: 500 }, maxItems: 50 },
    resolver: { type: 'string', maxLength: 300 },
    // heartbeat
    graceSeconds: { type: 'integer', minimum: 0, maximum: 86_400 },
    // prometheus (also url, headers)
    maxSamples: { type: 'integer', minimum: 1, maximum: 100_000 },
  },
} as const;
