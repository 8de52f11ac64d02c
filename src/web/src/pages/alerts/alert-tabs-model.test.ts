import { describe, expect, it } from 'vitest';
import { tabAfterKey, tabFromQuery } from './alert-tabs-model.js';

describe('tabFromQuery', () => {
  it('reads the tab from the address, Active by default or for an unknown one', () => {
    expect(tabFromQuery(new URLSearchParams('tab=silenced'))).toBe('silenced');
    expect(tabFromQuery(new URLSearchParams('tab=rules&x=1'))).toBe('rules');
    expect(tabFromQuery(new URLSearchParams(''))).toBe('active');
    expect(tabFromQuery(new URLSearchParams('tab=nope'))).toBe('active');
  });
});

describe('tabAfterKey', () => {
  it('moves with the arrows, wrapping around, and to the ends with Home and End', () => {
    expect(tabAfterKey('active', 'ArrowRight')).toBe('silenced');
    expect(tabAfterKey('rules', 'ArrowRight')).toBe('active');
    expect(tabAfterKey('active', 'ArrowLeft')).toBe('rules');
    expect(tabAfterKey('history', 'Home')).toBe('active');
    expect(tabAfterKey('silenced', 'End')).toBe('rules');
  });

  it('does not move on other keys', () => {
    expect(tabAfterKey('active', 'Enter')).toBeUndefined();
    expect(tabAfterKey('active', 'ArrowDown')).toBeUndefined();
  });
});
