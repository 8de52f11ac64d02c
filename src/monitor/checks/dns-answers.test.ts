import { describe, expect, it } from 'vitest';
import { missingAnswers } from './dns-answers.js';

describe('missingAnswers', () => {
  it('compares names case-insensitively and ignores a trailing dot', () => {
    expect(missingAnswers('MX', ['Mail.Example.com.'], ['mail.example.com'])).toEqual([]);
    expect(missingAnswers('AAAA', ['2001:DB8::1'], ['2001:db8::1'])).toEqual([]);
  });

  it('compares TXT values exactly', () => {
    expect(missingAnswers('TXT', ['v=spf1 -all', 'V=SPF1 -ALL'], ['v=spf1 -all'])).toEqual(['V=SPF1 -ALL']);
  });

  it('lists every expected value not found', () => {
    expect(missingAnswers('A', ['10.0.0.1', '10.0.0.9', '10.0.0.8'], ['10.0.0.1'])).toEqual([
      '10.0.0.9',
      '10.0.0.8',
    ]);
    expect(missingAnswers('A', [], [])).toEqual([]);
  });
});
