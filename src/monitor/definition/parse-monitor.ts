import type { BodyAssertion, DnsRecordType, HttpCheckSpec } from '../checks/check-types.js';
import type { MonitorDefinition } from './monitor-definition.js';
import { MONITOR_KINDS, monitorJsonSchema } from './monitor-schema.js';

/** A field of a monitor document that is wrong, and why. */
export interface MonitorFieldError {
  field: string;
  message: string;
}

export type ParsedMonitor =
  | { ok: true; monitor: MonitorDefinition }
  | { ok: false; errors: MonitorFieldError[] };

const COMMON = [
  'name',
  'kind',
  'service',
  'description',
  'intervalSeconds',
  'timeoutMs',
  'labels',
  'dependsOn',
  'group',
  'paused',
];
const FIELDS_BY_KIND: Record<string, string[]> = {
  http: [
    'url',
    'method',
    'headers',
    'body',
    'expectedStatus',
    'assertions',
    'maxLatencyMs',
    'certificateExpiryWarningDays',
    'followRedirects',
  ],
  tcp: ['host', 'port'],
  dns: ['hostname', 'recordType', 'expected', 'resolver'],
  tls: ['host', 'port', 'servername', 'certificateExpiryWarningDays'],
  heartbeat: ['graceSeconds'],
  prometheus: ['url', 'headers', 'maxSamples'],
};
const REQUIRED_BY_KIND: Record<string, string[]> = {
  http: ['url'],
  tcp: ['host', 'port'],
  dns: ['hostname'],
  tls: ['host'],
  heartbeat: [],
  prometheus: ['url'],
};
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * Parses a monitor document from the API or vigia.yaml into a MonitorDefinition, applying
 * defaults; every problem names its field (`url`, `assertions[1].matches`, `expectedStatus[0]`).
 */
export function parseMonitor(input: unknown): ParsedMonitor {
  const errors: MonitorFieldError[] = [];
  const fail = (field: string, message: string) => {
    errors.push({ field, message });
  };
  /** Records a problem and returns the value to carry on with. */
  const failed = <T>(field: string, message: string, value: T): T => {
    fail(field, message);
    return value;
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(monitor)', message: 'must be an object' }] };
  }
  const doc = input as Record<string, unknown>;
  const kind = doc.kind;
  if (typeof kind !== 'string' || !(MONITOR_KINDS as readonly string[]).includes(kind)) {
    return {
      ok: false,
      errors: [{ field: 'kind', message: `must be one of ${MONITOR_KINDS.join(', ')}, got ${show(kind)}` }],
    };
  }
  const allowed = new Set([...COMMON, ...FIELDS_BY_KIND[kind]!]);
  for (const key of Object.keys(doc)) {
    if (!allowed.has(key)) {
      const owner = Object.entries(FIELDS_BY_KIND).find(([, fields]) => fields.includes(key))?.[0];
      fail(key, owner ? `is a field of ${owner} monitors, not ${kind}` : 'is not a monitor field');
    }
  }
  for (const key of ['name', 'service', ...REQUIRED_BY_KIND[kind]!]) {
    if (doc[key] === undefined) fail(key, `is required for a ${kind} monitor`);
  }
  const text = (key: string, pattern?: RegExp): string | undefined => {
    const value = doc[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0)
      return void fail(key, `must be a non-empty string, got ${show(value)}`);
    if (pattern && !pattern.test(value))
      return void fail(key, `must match ${pattern.source}, got ${show(value)}`);
    return value;
  };
  const integer = (key: string, fallback: number): number => {
    const value = doc[key];
    if (value === undefined) return fallback;
    const property = (monitorJsonSchema.properties as Record<string, { minimum?: number; maximum?: number }>)[
      key
    ]!;
    const min = property.minimum ?? Number.MIN_SAFE_INTEGER;
    const max = property.maximum ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      fail(key, `must be an integer from ${min} to ${max}, got ${show(value)}`);
      return fallback;
    }
    return value;
  };
  const stringMap = (key: string): Record<string, string> => {
    const value = doc[key];
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return failed(key, 'must be an object of strings', {});
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string') fail(`${key}.${k}`, `must be a string, got ${show(v)}`);
      else out[k] = v;
    }
    return out;
  };
  const strings = (key: string, pattern?: RegExp): string[] => {
    const value = doc[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) return failed(key, 'must be a list of strings', []);
    return value.flatMap((v, i) => {
      if (typeof v !== 'string' || (pattern && !pattern.test(v))) {
        fail(
          `${key}[${i}]`,
          `must be ${pattern ? `a name matching ${pattern.source}` : 'a string'}, got ${show(v)}`,
        );
        return [];
      }
      return [v];
    });
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const value = doc[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') return failed(key, `must be true or false, got ${show(value)}`, fallback);
    return value;
  };

  const name = text('name', IDENTIFIER) ?? '';
  const service = text('service', IDENTIFIER) ?? '';
  const description = doc.description === undefined ? undefined : text('description');
  const intervalSeconds = integer('intervalSeconds', 60);
  const timeoutMs = integer('timeoutMs', Math.min(10_000, intervalSeconds * 1000));
  const base = {
    name,
    service,
    ...(description ? { description } : {}),
    intervalSeconds,
    labels: stringMap('labels'),
    dependsOn: strings('dependsOn', IDENTIFIER),
    group: text('group', IDENTIFIER) ?? service,
    paused: bool('paused', false),
  };

  let check: MonitorDefinition['check'] | undefined;
  switch (kind) {
    case 'http': {
      const url = httpUrl(text('url'), fail);
      const method = (doc.method ?? 'GET') as HttpCheckSpec['method'];
      if (!['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(method)) {
        fail('method', `must be an HTTP method such as GET, got ${show(doc.method)}`);
      }
      const maxLatencyMs = doc.maxLatencyMs === undefined ? undefined : integer('maxLatencyMs', 0);
      const warningDays =
        doc.certificateExpiryWarningDays === undefined
          ? undefined
          : integer('certificateExpiryWarningDays', 0);
      check = {
        kind: 'http',
        url: url ?? '',
        method,
        headers: stringMap('headers'),
        ...(typeof doc.body === 'string' ? { body: doc.body } : {}),
        expectedStatus: parseStatusRanges(doc.expectedStatus, fail),
        assertions: parseAssertions(doc.assertions, fail),
        ...(maxLatencyMs !== undefined ? { maxLatencyMs } : {}),
        ...(warningDays !== undefined ? { certificateExpiryWarningDays: warningDays } : {}),
        followRedirects: bool('followRedirects', true),
        timeoutMs,
      };
      break;
    }
    case 'tcp':
      check = { kind: 'tcp', host: text('host') ?? '', port: integer('port', 0), timeoutMs };
      break;
    case 'tls':
      check = {
        kind: 'tls',
        host: text('host') ?? '',
        port: integer('port', 443),
        ...(doc.servername !== undefined ? { servername: text('servername') ?? '' } : {}),
        certificateExpiryWarningDays: integer('certificateExpiryWarningDays', 14),
        timeoutMs,
      };
      break;
    case 'dns':
      check = {
        kind: 'dns',
        name: text('hostname') ?? '',
        recordType: (doc.recordType ?? 'A') as DnsRecordType,
        expected: strings('expected'),
        ...(doc.resolver !== undefined ? { server: text('resolver') ?? '' } : {}),
        timeoutMs,
      };
      if (!['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'].includes(String(doc.recordType ?? 'A'))) {
        fail('recordType', `must be one of A, AAAA, CNAME, MX, TXT, NS, got ${show(doc.recordType)}`);
      }
      break;
    case 'prometheus':
      check = {
        kind: 'prometheus',
        url: httpUrl(text('url'), fail) ?? '',
        headers: stringMap('headers'),
        maxSamples: integer('maxSamples', 10_000),
        targetLabels: { monitor: name, service },
        timeoutMs,
      };
      break;
    default:
      check = { kind: 'heartbeat', graceSeconds: integer('graceSeconds', 30) };
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, monitor: { ...base, check } };
}

/** The URL when it is http:// or https://; anything else is recorded as a problem of `url`. */
function httpUrl(
  url: string | undefined,
  fail: (field: string, message: string) => void,
): string | undefined {
  if (url === undefined) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    fail('url', `must be an http:// or https:// URL, got ${show(url)}`);
  }
  return url;
}

/** `[200, "200-299", "3xx"]` → inclusive ranges; default 200-299. */
function parseStatusRanges(
  value: unknown,
  fail: (field: string, message: string) => void,
): Array<[number, number]> {
  if (value === undefined) return [[200, 299]];
  if (!Array.isArray(value) || value.length === 0) {
    fail('expectedStatus', 'must be a non-empty list of codes (200), ranges ("200-299") or classes ("2xx")');
    return [];
  }
  return value.flatMap((item, i): Array<[number, number]> => {
    const field = `expectedStatus[${i}]`;
    const text = String(item);
    const single = /^([1-5]\d\d)$/.exec(text);
    const range = /^([1-5]\d\d)-([1-5]\d\d)$/.exec(text);
    const klass = /^([1-5])xx$/i.exec(text);
    if (single) return [[Number(single[1]), Number(single[1])]];
    if (range && Number(range[1]) <= Number(range[2])) return [[Number(range[1]), Number(range[2])]];
    if (klass) return [[Number(klass[1]) * 100, Number(klass[1]) * 100 + 99]];
    fail(field, `must be a status code (200), a range ("200-299") or a class ("2xx"), got ${show(item)}`);
    return [];
  });
}

/** `{contains}`, `{notContains}`, `{jsonPath, equals}`, `{jsonPath, matches}` → body assertions. */
function parseAssertions(value: unknown, fail: (field: string, message: string) => void): BodyAssertion[] {
  const failed = <T>(field: string, message: string, result: T): T => {
    fail(field, message);
    return result;
  };
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    fail('assertions', 'must be a list');
    return [];
  }
  return value.flatMap((item, i): BodyAssertion[] => {
    const field = `assertions[${i}]`;
    if (typeof item !== 'object' || item === null) return failed(field, 'must be an object', []);
    const a = item as Record<string, unknown>;
    const keys = Object.keys(a).sort().join(',');
    if (keys === 'contains' && typeof a.contains === 'string')
      return [{ type: 'contains', value: a.contains }];
    if (keys === 'notContains' && typeof a.notContains === 'string') {
      return [{ type: 'not_contains', value: a.notContains }];
    }
    if (keys === 'equals,jsonPath' && typeof a.jsonPath === 'string') {
      if (!isJsonPath(a.jsonPath))
        return failed(`${field}.jsonPath`, `is not a path like data.items[0].state`, []);
      const equals = a.equals;
      if (equals !== null && !['string', 'number', 'boolean'].includes(typeof equals)) {
        return failed(`${field}.equals`, 'must be a string, number, boolean or null', []);
      }
      return [
        {
          type: 'json_path_equals',
          path: a.jsonPath.replace(/^\$\.?/, ''),
          value: equals as string | number | boolean | null,
        },
      ];
    }
    if (keys === 'jsonPath,matches' && typeof a.jsonPath === 'string' && typeof a.matches === 'string') {
      if (!isJsonPath(a.jsonPath))
        return failed(`${field}.jsonPath`, `is not a path like data.items[0].state`, []);
      try {
        new RegExp(a.matches);
      } catch (error) {
        return failed(
          `${field}.matches`,
          `is not a valid regular expression: ${(error as Error).message}`,
          [],
        );
      }
      return [{ type: 'json_path_matches', path: a.jsonPath.replace(/^\$\.?/, ''), pattern: a.matches }];
    }
    fail(field, 'must be {contains}, {notContains}, {jsonPath, equals} or {jsonPath, matches}');
    return [];
  });
}

const isJsonPath = (path: string) =>
  /^\$?\.?[A-Za-z_$][\w$-]*(?:\[\d+\])*(?:\.[A-Za-z_$][\w$-]*(?:\[\d+\])*)*$/.test(path);

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
