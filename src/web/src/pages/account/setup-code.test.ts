import { describe, expect, it } from 'vitest';
import { setupCodeFrom } from './setup-code.js';

describe('setupCodeFrom', () => {
  it('reads the code from the link’s fragment, or nothing', () => {
    expect(setupCodeFrom('#code=setup_0123456789abcdef_x-y')).toBe('setup_0123456789abcdef_x-y');
    expect(setupCodeFrom('')).toBe('');
    expect(setupCodeFrom('#other=1')).toBe('');
  });
});
