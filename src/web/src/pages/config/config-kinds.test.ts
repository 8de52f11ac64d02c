import { describe, expect, it } from 'vitest';
import { CONFIG_KINDS, configKind, documentTitle, isManagedByConfig, resourcePath } from './config-kinds.js';
import { SERVER_FIELDS } from './field-spec.js';

describe('the kinds and their fields', () => {
  it('cover every resource kind of the API, each once', () => {
    expect(CONFIG_KINDS.map((k) => k.slug).sort()).toEqual([
      'alert-receivers',
      'alert-routes',
      'alert-rules',
      'escalation-policies',
      'inhibit-rules',
      'maintenance-windows',
      'monitors',
      'runbooks',
      'silences',
    ]);
  });

  it('let admins alone change receivers and runbooks, operators the rest', () => {
    const admin = CONFIG_KINDS.filter((k) => k.writeRole === 'admin').map((k) => k.slug);
    expect(admin.sort()).toEqual(['alert-receivers', 'runbooks']);
  });

  it('list each field once, never a server field, with the required fields of the docs', () => {
    const required: Record<string, string[]> = {
      monitors: ['name', 'kind', 'service', 'url', 'host', 'hostname'],
      'alert-rules': ['name', 'severity', 'condition'],
      silences: ['matchers', 'comment'],
      'maintenance-windows': ['name', 'matchers', 'schedule', 'duration'],
      'inhibit-rules': ['name', 'sourceMatchers', 'targetMatchers'],
      'alert-receivers': ['name', 'kind', 'url', 'smtp', 'from', 'to'],
      'alert-routes': ['name'],
      'escalation-policies': ['name', 'tiers'],
      runbooks: ['name', 'trigger', 'steps'],
    };
    for (const kind of CONFIG_KINDS) {
      const names = kind.fields.map((f) => f.name);
      expect(new Set(names).size, kind.slug).toBe(names.length);
      expect(
        names.filter((n) => SERVER_FIELDS.has(n)),
        kind.slug,
      ).toEqual([]);
      expect(
        kind.fields.filter((f) => f.required).map((f) => f.name),
        kind.slug,
      ).toEqual(required[kind.slug]);
      expect(names.includes('name'), kind.slug).toBe(kind.named);
    }
  });

  it('show kind-specific fields only for a value the select offers', () => {
    for (const kind of CONFIG_KINDS) {
      for (const field of kind.fields.filter((f) => f.showWhen)) {
        const select = kind.fields.find((f) => f.name === field.showWhen?.field);
        expect(select?.input, `${kind.slug}.${field.name}`).toBe('select');
        for (const value of field.showWhen?.values ?? []) expect(select?.options).toContain(value);
      }
    }
  });

  it('start new documents from values their fields can show', () => {
    for (const kind of CONFIG_KINDS) {
      for (const name of Object.keys(kind.template)) expect(kind.fields.map((f) => f.name)).toContain(name);
    }
  });
});

describe('configKind and resourcePath', () => {
  it('find a kind by its address and name its API', () => {
    const monitors = configKind('monitors');
    expect(monitors?.title).toBe('Monitors');
    expect(configKind('nope')).toBeUndefined();
    expect(monitors && resourcePath(monitors)).toBe('/api/monitors');
    expect(monitors && resourcePath(monitors, 'a/b')).toBe('/api/monitors/a%2Fb');
  });
});

describe('documentTitle and isManagedByConfig', () => {
  const monitors = configKind('monitors')!;
  const rules = configKind('alert-rules')!;
  const silences = configKind('silences')!;

  it('name a document by its name, a silence by its matchers', () => {
    expect(documentTitle(monitors, { name: 'web-home', id: 'x' })).toBe('web-home');
    expect(documentTitle(silences, { matchers: ['a="1"', 'b="2"'] })).toBe('a="1", b="2"');
  });

  it('see monitors from the file by their label, other kinds by managedBy', () => {
    expect(isManagedByConfig(monitors, { labels: { 'vigia.managed-by': 'config' } })).toBe(true);
    expect(isManagedByConfig(monitors, { managedBy: 'config' })).toBe(false);
    expect(isManagedByConfig(rules, { managedBy: 'config' })).toBe(true);
    expect(isManagedByConfig(rules, { labels: { 'vigia.managed-by': 'config' } })).toBe(false);
  });
});
