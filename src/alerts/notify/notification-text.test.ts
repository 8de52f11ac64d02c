import { describe, expect, it } from 'vitest';
import { emailMessageId, escapeHtml } from './email-body.js';
import { alertLine, notificationPlainText, notificationTitle, runbookUrl } from './notification-text.js';
import { firingAlert, testNotification } from './test-notifications.js';

describe('notification text', () => {
  it('titles firing and resolved notifications Alertmanager-style', () => {
    expect(notificationTitle(testNotification())).toBe('[FIRING:2] high-cpu (service=api)');
    const resolved = testNotification({
      status: 'resolved',
      alerts: [{ ...firingAlert('api-1'), status: 'resolved' }],
    });
    expect(notificationTitle(resolved)).toBe('[RESOLVED] high-cpu (service=api)');
    const ungrouped = testNotification({ groupLabels: {} });
    expect(notificationTitle(ungrouped)).toBe('[FIRING:2] high-cpu');
  });

  it('keeps a title on one line whatever the label values hold', () => {
    const notification = testNotification({
      groupLabels: { alertname: 'high-cpu', service: 'api\r\nBcc: x' },
    });
    expect(notificationTitle(notification)).toBe('[FIRING:2] high-cpu (service=api Bcc: x)');
  });

  it('writes one line per alert with summary and runbook, falling back to labels', () => {
    expect(alertLine(firingAlert('api-1'))).toBe(
      '[FIRING] critical: CPU above 90% on api-1 — runbook: https://runbooks.example.org/high-cpu',
    );
    const bare = { ...firingAlert('api-3'), annotations: {} };
    expect(alertLine(bare)).toBe('[FIRING] critical: high-cpu (service=api, instance=api-3)');
    expect(notificationPlainText(testNotification()).split('\n')).toHaveLength(4);
  });

  it('links runbooks only when they are http(s) URLs', () => {
    expect(runbookUrl(firingAlert('a', { runbook_url: 'javascript:alert(1)' }))).toBeUndefined();
    expect(runbookUrl({ ...firingAlert('a'), annotations: { runbook: 'https://wiki.example.org/rb' } })).toBe(
      'https://wiki.example.org/rb',
    );
  });

  it('lists at most 50 alerts and counts the rest', () => {
    const alerts = Array.from({ length: 53 }, (_, i) => firingAlert(`api-${i}`));
    const text = notificationPlainText(testNotification({ alerts }));
    expect(text.split('\n').at(-1)).toBe('… and 3 more');
  });
});

describe('e-mail helpers', () => {
  it('escapes HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('derives the Message-ID from the idempotency key, hashing keys that cannot be one', () => {
    expect(emailMessageId('0193a1b2-7c3d-8e4f-9a0b-1c2d3e4f5a6b')).toBe(
      '<0193a1b2-7c3d-8e4f-9a0b-1c2d3e4f5a6b@vigia>',
    );
    const hashed = emailMessageId('group:{service="api"} 2026');
    expect(hashed).toMatch(/^<[0-9a-f]{40}@vigia>$/);
    expect(emailMessageId('group:{service="api"} 2026')).toBe(hashed);
  });
});
