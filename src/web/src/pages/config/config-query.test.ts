import { describe, expect, it } from 'vitest';
import { type ConfigView, viewAddress, viewOf } from './config-query.js';

const query = (address: string) => new URL(address, 'http://vigia.test').searchParams;

describe('viewOf and viewAddress', () => {
  it('go from view to address and back', () => {
    const views: ConfigView[] = [
      { mode: 'list', search: '' },
      { mode: 'list', search: 'db port' },
      { mode: 'view', id: '0193f2c4-5a1e-7000-8000-4a5b6c7d8e9f' },
      { mode: 'edit', id: 'abc' },
      { mode: 'new' },
    ];
    for (const view of views) expect(viewOf(query(viewAddress('monitors', view)))).toEqual(view);
  });

  it('writes readable addresses', () => {
    expect(viewAddress('alert-rules', { mode: 'list', search: '' })).toBe('/config/alert-rules');
    expect(viewAddress('alert-rules', { mode: 'list', search: 'cpu' })).toBe('/config/alert-rules?q=cpu');
    expect(viewAddress('runbooks', { mode: 'edit', id: 'x' })).toBe('/config/runbooks?id=x&edit=1');
    expect(viewAddress('silences', { mode: 'new' })).toBe('/config/silences?new=1');
  });

  it('shows the list for anything else', () => {
    expect(viewOf(query('/config/monitors?edit=1'))).toEqual({ mode: 'list', search: '' });
    expect(viewOf(query('/config/monitors?new=yes'))).toEqual({ mode: 'list', search: '' });
  });
});
