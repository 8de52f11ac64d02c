import { describe, expect, it } from 'vitest';
import { changeMarkerJsonSchema, parseChangeMarker } from './change-marker.js';

const NOW = Date.parse('2026-05-01T12:00:00Z');

describe('parseChangeMarker', () => {
  it('reads a deploy marker into the change_recorded payload, at now by default', () => {
    expect(
      parseChangeMarker({ kind: 'deploy', service: 'api', description: 'api v2.3' }, NOW, 'chg-1'),
    ).toEqual({
      ok: true,
      value: {
        changeId: 'chg-1',
        kind: 'deploy',
        service: 'api',
        description: 'api v2.3',
        at: '2026-05-01T12:00:00.000Z',
      },
    });
  });

  it('keeps a global change without a service, at the time given', () => {
    const parsed = parseChangeMarker(
      { kind: 'config', description: 'feature flag new-checkout on', at: '2026-05-01T13:30:00+02:00' },
      NOW,
      'chg-2',
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        changeId: 'chg-2',
        kind: 'config',
        description: 'feature flag new-checkout on',
        at: '2026-05-01T11:30:00.000Z',
      },
    });
  });

  it('names every wrong field', () => {
    const parsed = parseChangeMarker(
      { kind: 'rollback', service: 'no spaces', description: '', at: 'yesterday' },
      NOW,
      'c',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.field)).toEqual(['kind', 'service', 'description', 'at']);
    expect(parsed.errors[0]!.message).toBe('must be deploy or config, got "rollback"');
  });

  it('says what is missing, refuses unknown fields and non-objects', () => {
    const missing = parseChangeMarker({ kind: 'deploy' }, NOW, 'c');
    expect(missing).toEqual({
      ok: false,
      errors: [{ field: 'description', message: 'is required (a text)' }],
    });
    const unknown = parseChangeMarker({ kind: 'deploy', description: 'x', version: '2.3' }, NOW, 'c');
    expect(unknown.ok).toBe(false);
    expect(parseChangeMarker('deploy', NOW, 'c')).toMatchObject({
      ok: false,
      errors: [{ field: '(document)' }],
    });
  });

  it('refuses a change time more than five minutes ahead', () => {
    expect(
      parseChangeMarker({ kind: 'deploy', description: 'x', at: '2026-05-01T12:04:00Z' }, NOW, 'c').ok,
    ).toBe(true);
    expect(
      parseChangeMarker({ kind: 'deploy', description: 'x', at: '2026-05-01T12:06:00Z' }, NOW, 'c'),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'at', message: 'must not be more than 5 minutes in the future, got "2026-05-01T12:06:00Z"' },
      ],
    });
  });

  it('documents the body as a JSON schema', () => {
    expect(changeMarkerJsonSchema()).toMatchObject({ type: 'object', required: ['kind', 'description'] });
  });
});
