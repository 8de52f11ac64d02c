import { describe, expect, it } from 'vitest';
import {
  endsAtFromDuration,
  matchersFromAlert,
  matcherText,
  parseDuration,
  silenceFormFor,
  silenceRequestBody,
} from './silence-form-model.js';

describe('matchersFromAlert', () => {
  it('selects the alert’s rule and service from its labels', () => {
    const alert = {
      ruleName: 'cpu',
      service: 'checkout',
      labels: { alertname: 'cpu-high', service: 'checkout' },
    };
    expect(matchersFromAlert(alert)).toEqual([
      { name: 'alertname', op: '=', value: 'cpu-high' },
      { name: 'service', op: '=', value: 'checkout' },
    ]);
  });

  it('falls back to the rule name and the alert’s service, and leaves out an empty service', () => {
    expect(matchersFromAlert({ ruleName: 'cpu', service: 'api', labels: {} })).toEqual([
      { name: 'alertname', op: '=', value: 'cpu' },
      { name: 'service', op: '=', value: 'api' },
    ]);
    expect(matchersFromAlert({ ruleName: 'cpu', service: '', labels: {} })).toEqual([
      { name: 'alertname', op: '=', value: 'cpu' },
    ]);
  });
});

describe('matcherText', () => {
  it('writes name, operator and the quoted value, escaping quotes and backslashes', () => {
    expect(matcherText({ name: ' service ', op: '=', value: 'api' })).toBe('service="api"');
    expect(matcherText({ name: 'path', op: '=~', value: 'a\\.b"c' })).toBe('path=~"a\\\\.b\\"c"');
  });
});

describe('parseDuration and endsAtFromDuration', () => {
  it('reads durations as the server does', () => {
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('1x')).toBeUndefined();
    expect(parseDuration('h1')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });

  it('turns a duration into the end of a silence starting now', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(endsAtFromDuration('4h', now)).toBe('2026-01-01T14:00:00.000Z');
    expect(endsAtFromDuration('0s', now)).toBeUndefined();
    expect(endsAtFromDuration('soon', now)).toBeUndefined();
  });
});

describe('silenceRequestBody', () => {
  const alert = { ruleName: 'cpu', service: 'checkout', labels: {} };
  const now = Date.parse('2026-01-01T10:00:00Z');

  it('sends the matchers, the comment and the duration as written', () => {
    const form = { ...silenceFormFor(alert, now), duration: ' 4h ', comment: 'deploy' };
    expect(silenceRequestBody(form)).toEqual({
      matchers: ['alertname="cpu"', 'service="checkout"'],
      comment: 'deploy',
      duration: '4h',
    });
  });

  it('sends an end time as an ISO instant instead of a duration', () => {
    const form = { ...silenceFormFor(alert, now), endMode: 'endsAt' as const, endsAt: '2026-01-02T09:05' };
    const body = silenceRequestBody(form);
    expect(body.endsAt).toBe(new Date(2026, 0, 2, 9, 5).toISOString());
    expect(body.duration).toBeUndefined();
  });

  it('passes an end time that is not one to the server as typed, and leaves an empty one out', () => {
    const base = { ...silenceFormFor(alert, now), endMode: 'endsAt' as const };
    expect(silenceRequestBody({ ...base, endsAt: 'later' }).endsAt).toBe('later');
    expect('endsAt' in silenceRequestBody({ ...base, endsAt: '' })).toBe(false);
  });
});
