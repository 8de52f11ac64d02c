import { describe, expect, it } from 'vitest';
import { configKind } from './config-kinds.js';
import { cellText, monitorTarget, receiverDestination, silenceState } from './kind-columns.js';
import { filterDocuments } from './list-filter.js';

const monitors = configKind('monitors')!;
const docs = [
  { id: '3', name: 'web-home', kind: 'http', service: 'web', url: 'https://www.example.org/' },
  { id: '1', name: 'db-port', kind: 'tcp', service: 'db', host: 'db.internal', port: 5432 },
  { id: '2', name: 'api-health', kind: 'http', service: 'api', url: 'https://api.example.org/health' },
];

describe('filterDocuments', () => {
  it('sorts by name and keeps what contains every word of the search', () => {
    expect(filterDocuments(monitors, docs, '').map((d) => d.name)).toEqual([
      'api-health',
      'db-port',
      'web-home',
    ]);
    expect(filterDocuments(monitors, docs, 'HTTP').map((d) => d.name)).toEqual(['api-health', 'web-home']);
    expect(filterDocuments(monitors, docs, 'http web').map((d) => d.name)).toEqual(['web-home']);
    expect(filterDocuments(monitors, docs, '5432').map((d) => d.name)).toEqual(['db-port']);
    expect(filterDocuments(monitors, docs, 'nothing')).toEqual([]);
  });
});

describe('the list columns', () => {
  it('write values shortly, secret references by where they are', () => {
    expect(cellText(undefined)).toBe('—');
    expect(cellText([])).toBe('none');
    expect(cellText(['a', 'b'])).toBe('a, b');
    expect(cellText({ env: 'SLACK_URL' })).toBe('env SLACK_URL');
    expect(cellText({ file: '/run/secrets/x' })).toBe('file /run/secrets/x');
  });

  it('say where a monitor looks and a receiver sends', () => {
    expect(docs.map(monitorTarget)).toEqual([
      'https://www.example.org/',
      'db.internal:5432',
      'https://api.example.org/health',
    ]);
    expect(receiverDestination({ kind: 'slack', url: { env: 'SLACK_URL' } })).toBe('env SLACK_URL');
    expect(receiverDestination({ kind: 'email', smtp: { host: 'mail' }, to: ['a@x', 'b@x'] })).toBe(
      'mail → a@x, b@x',
    );
  });

  it('tell pending, active and expired silences apart', () => {
    const silence = { startsAt: '2026-01-01T10:00:00Z', endsAt: '2026-01-01T12:00:00Z' };
    expect(silenceState(silence, Date.parse('2026-01-01T09:00:00Z'))).toBe('pending');
    expect(silenceState(silence, Date.parse('2026-01-01T11:00:00Z'))).toBe('active');
    expect(silenceState(silence, Date.parse('2026-01-01T12:00:00Z'))).toBe('expired');
  });
});
