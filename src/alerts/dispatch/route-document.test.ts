import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { FieldError } from '../../kernel/index.js';
import { parseRoute, routeJsonSchema } from './route-document.js';
import { unknownReferences } from './route-references.js';

const EXAMPLE = `
name: database-team
priority: 10
matchers: ['service=~"db|cache"']
receivers: [db-pager]
escalation: db-escalation
groupBy: [alertname, service]
groupWait: 30s
groupInterval: 5m
repeatInterval: 4h
continue: false
routes:
  - name: critical
    matchers: ['severity="critical"']
    receivers: [db-pager, cto-mail]
    groupWait: 10s
  - name: everything
    groupBy: ['...']
`;

function errorsOf(doc: unknown): FieldError[] {
  const parsed = parseRoute(doc);
  if (parsed.ok) throw new Error('expected the document to be refused');
  return parsed.errors;
}

function fieldsOf(doc: unknown): string[] {
  return errorsOf(doc).map((e) => e.field);
}

describe('parseRoute', () => {
  it('accepts a route as written in vigia.yaml and keeps what was written', () => {
    const parsed = parseRoute(parseYaml(EXAMPLE));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({
      name: 'database-team',
      priority: 10,
      receivers: ['db-pager'],
      groupWait: '30s',
      routes: [
        { name: 'critical', groupWait: '10s' },
        { name: 'everything', groupBy: ['...'] },
      ],
    });
  });

  it('fills matchers, continue and routes but leaves inherited settings unset', () => {
    const parsed = parseRoute({ name: 'catch-all' });
    expect(parsed).toEqual({
      ok: true,
      value: { name: 'catch-all', matchers: [], continue: false, routes: [] },
    });
  });

  it('names each wrong field with what was expected and the value given', () => {
    const errors = errorsOf({
      name: 'database team',
      matchers: ['service="db"', 'service = db'],
      receivers: ['pager', 'pager'],
      groupWait: '5 minutes',
      repeatInterval: '10s',
      continue: 'yes',
      priority: 1.5,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: expect.stringContaining('got "database team"') },
        { field: 'matchers[1]', message: expect.stringContaining('"service = db" is not a matcher') },
        { field: 'receivers[1]', message: 'receiver "pager" is listed twice' },
        { field: 'groupWait', message: expect.stringMatching(/must be a duration .* got "5 minutes"/) },
        { field: 'repeatInterval', message: expect.stringMatching(/at least 1m .* got "10s"/) },
        { field: 'continue', message: 'must be true or false, got "yes"' },
        { field: 'priority', message: expect.stringContaining('whole number') },
      ]),
    );
    expect(errors).toHaveLength(7);
  });

  it('says a missing name is required, and refuses what is not an object', () => {
    expect(errorsOf({})).toEqual([{ field: 'name', message: expect.stringMatching(/^is required/) }]);
    expect(errorsOf('route')).toEqual([
      { field: '(document)', message: expect.stringContaining('an object') },
    ]);
    expect(fieldsOf({ name: 'a', routes: [42] })).toEqual(['routes[0]']);
  });

  it('refuses unknown fields by name, nested ones included', () => {
    expect(errorsOf({ name: 'a', prority: 1, routes: [{ name: 'b', recievers: [] }] })).toEqual(
      expect.arrayContaining([
        { field: 'prority', message: 'is not a known field' },
        { field: 'routes[0].recievers', message: 'is not a known field' },
      ]),
    );
  });

  it('refuses a priority on a child route, which is tried in list order', () => {
    expect(errorsOf({ name: 'a', routes: [{ name: 'b', priority: 1 }] })).toEqual([
      { field: 'routes[0].priority', message: expect.stringContaining('only allowed on top-level routes') },
    ]);
  });

  it('refuses groupBy with "..." and other labels, or a bad label name', () => {
    expect(fieldsOf({ name: 'a', groupBy: ['...', 'service'] })).toEqual(['groupBy']);
    expect(fieldsOf({ name: 'a', groupBy: ['service', 'team-name'] })).toEqual(['groupBy[1]']);
  });

  it('refuses more than 10 receivers and a zero group interval', () => {
    const receivers = Array.from({ length: 11 }, (_, i) => `r${i}`);
    expect(fieldsOf({ name: 'a', receivers })).toEqual(['receivers']);
    expect(fieldsOf({ name: 'a', groupInterval: '0s' })).toEqual(['groupInterval']);
  });

  it('refuses routes nested more than 5 levels deep, naming the too-deep list', () => {
    const level = (depth: number): Record<string, unknown> => ({
      name: `level${depth}`,
      routes: depth < 6 ? [level(depth + 1)] : [],
    });
    expect(errorsOf(level(1))).toEqual([
      {
        field: 'routes[0].routes[0].routes[0].routes[0].routes',
        message: expect.stringContaining('5 levels'),
      },
    ]);
    const five = level(2);
    expect(parseRoute(five).ok).toBe(true);
  });

  it('refuses two sibling routes with the same name (their keys would collide)', () => {
    expect(errorsOf({ name: 'a', routes: [{ name: 'b' }, { name: 'b' }] })).toEqual([
      { field: 'routes[1].name', message: '"b" is already the name of a sibling route' },
    ]);
  });
});

describe('routeJsonSchema', () => {
  const validate = new Ajv({ strict: false }).compile(routeJsonSchema);

  it('accepts what the parser accepts, and refuses unknown fields at every level', () => {
    expect(routeJsonSchema).not.toHaveProperty('$schema');
    expect(validate(parseYaml(EXAMPLE))).toBe(true);
    expect(validate({ name: 'a' })).toBe(true);
    expect(
      validate({ name: 'a', routes: [{ name: 'b', routes: [{ name: 'c', matchers: ['x="y"'] }] }] }),
    ).toBe(true);
    expect(validate({ name: 'a', routes: [{ name: 'b', bogus: true }] })).toBe(false);
    expect(validate({ name: 'a', routes: [{ name: 'b', priority: 3 }] })).toBe(false);
  });
});

describe('unknownReferences', () => {
  const route = parseRoute(parseYaml(EXAMPLE));
  if (!route.ok) throw new Error('example must parse');

  it('names each receiver and policy that does not exist, nested routes included', () => {
    expect(unknownReferences(route.value, new Set(['db-pager']), new Set())).toEqual([
      { field: 'escalation', message: 'escalation policy "db-escalation" does not exist' },
      { field: 'routes[0].receivers[1]', message: 'receiver "cto-mail" does not exist' },
    ]);
  });

  it('finds nothing when every name exists', () => {
    expect(
      unknownReferences(route.value, new Set(['db-pager', 'cto-mail']), new Set(['db-escalation'])),
    ).toEqual([]);
  });
});
