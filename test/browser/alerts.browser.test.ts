import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BrowserVigia, startBrowserVigia } from './browser-vigia.js';
import { browserTestsRun } from './chromium.js';

// The Alerts page in chromium against a real `vigia up` with the demo fleet. Alerts that must stay
// firing come from threshold rules over metrics pushed for `checkout` (no runbook heals it).
describe.runIf(browserTestsRun)('the Alerts page in chromium', () => {
  let vigia: BrowserVigia;
  let cpuAlertId: string;

  /** Pushes checkout's samples again, so its series never go stale while the tests run. */
  const keepCheckoutHot = async () => {
    const pushed = await vigia.api('POST', '/api/metrics', {
      samples: [
        { name: 'cpu_percent', value: 99, labels: { service: 'checkout' } },
        { name: 'checkout_latency_ms', value: 900, labels: { service: 'checkout' } },
      ],
    });
    expect(pushed.status).toBe(200);
  };

  /** Creates a definition, retrying while the series it names is not yet known to the server. */
  const create = (path: string, body: unknown) =>
    vi.waitFor(
      async () => {
        const answer = await vigia.api('POST', path, body);
        if (answer.status !== 201)
          throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      },
      { timeout: 20_000, interval: 250 },
    );

  const openAlerts = async (page: Page, query = '') => {
    await page.goto(`${vigia.address}/alerts${query}`);
    await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
  };

  const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
  /** The row of an alert of `rule` (its rule name is the link to its timeline). */
  const alertRow = (page: Page, rule: string) =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name: rule, exact: true }) });

  beforeAll(async () => {
    vigia = await startBrowserVigia({ demo: true });
    await keepCheckoutHot();
    await create('/api/alert-rules', {
      name: 'checkout-cpu-high',
      severity: 'critical',
      annotations: { summary: 'CPU at {{ $value }}% on {{ $labels.service }}' },
      condition: {
        kind: 'threshold',
        series: 'cpu_percent',
        matchers: ['service="checkout"'],
        op: '>',
        threshold: 90,
      },
    });
    await create('/api/alert-rules', {
      name: 'checkout-slow',
      severity: 'warning',
      condition: {
        kind: 'threshold',
        series: 'checkout_latency_ms',
        matchers: ['service="checkout"'],
        op: '>',
        threshold: 500,
      },
    });
    await create('/api/inhibit-rules', {
      name: 'checkout-cpu-mutes-slow',
      sourceMatchers: ['alertname="checkout-cpu-high"'],
      targetMatchers: ['alertname="checkout-slow"'],
      equal: ['service'],
    });
    await keepCheckoutHot();
    cpuAlertId = await vi.waitFor(
      async () => {
        const answer = await vigia.api<{ alerts: Array<{ alertId: string; state: string }> }>(
          'GET',
          '/api/alerts?rule=checkout-cpu-high',
        );
        const firing = answer.body.alerts.find((a) => a.state === 'firing');
        if (!firing) throw new Error('checkout-cpu-high does not fire yet');
        return firing.alertId;
      },
      { timeout: 20_000, interval: 250 },
    );
  }, 120_000);

  afterAll(async () => {
    await vigia?.close();
  });

  it('shows a demo outage live, acknowledges an alert, and links an inhibited one to its cause', async () => {
    const page = await vigia.loggedInPage();
    await openAlerts(page);
    await alertRow(page, 'checkout-cpu-high').waitFor();

    // cache goes down: its alert appears without a reload.
    const fault = await vigia.api('POST', '/api/demo/faults', { service: 'cache', fault: 'down' });
    expect(fault.status, JSON.stringify(fault.body)).toBe(201);
    await alertRow(page, 'demo-service-down')
      .filter({ hasText: 'cache' })
      .first()
      .waitFor({ timeout: 30_000 });
    await vigia.screenshot(page, 'alerts-active');
    await vigia.api('POST', '/api/demo/reset');

    // Acknowledge, then withdraw.
    await keepCheckoutHot();
    const cpu = alertRow(page, 'checkout-cpu-high');
    await cpu.getByRole('button', { name: /^Acknowledge/ }).click();
    await cpu.getByText('acknowledged by admin').waitFor();
    await cpu.getByRole('button', { name: /Withdraw acknowledgement/ }).click();
    await cpu.getByRole('button', { name: /^Acknowledge/ }).waitFor();
    expect(await cpu.getByText('acknowledged by admin').count()).toBe(0);

    // The inhibited alert names its cause, a link to the cause alert's timeline.
    await page.getByRole('tab', { name: /Inhibited/ }).click();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('inhibited');
    const slow = alertRow(page, 'checkout-slow');
    await slow.getByText('inhibited by').waitFor();
    const cause = slow.getByRole('link', { name: 'checkout-cpu-high on checkout' });
    expect(await cause.getAttribute('href')).toBe(`/incidents/${cpuAlertId}`);

    // Arrow keys move between tabs, and the address follows.
    await page.getByRole('tab', { name: /Inhibited/ }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => page.getByRole('tab', { name: /Silenced/ }).getAttribute('aria-selected'))
      .toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Silenced/);
    expect(new URL(page.url()).searchParams.get('tab')).toBe('silenced');
    await page.close();
  }, 60_000);

  it('silences an alert from its row, showing the server’s messages beside the fields, then expires it', async () => {
    await keepCheckoutHot();
    const page = await vigia.loggedInPage();
    await openAlerts(page);
    await alertRow(page, 'checkout-cpu-high')
      .getByRole('button', { name: /^Silence…/ })
      .click();
    await page.getByRole('heading', { name: 'Silence checkout-cpu-high on checkout' }).waitFor();
    expect(await page.getByLabel('Label of matcher 1').inputValue()).toBe('alertname');
    expect(await page.getByLabel('Value of matcher 1').inputValue()).toBe('checkout-cpu-high');
    expect(await page.getByLabel('Label of matcher 2').inputValue()).toBe('service');
    expect(await page.getByLabel('Value of matcher 2').inputValue()).toBe('checkout');

    // No comment and a duration that is not one: the server says so, beside each field.
    await page.getByLabel('Duration', { exact: true }).fill('soon');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await expect.poll(() => page.locator('#silence-comment-error').textContent()).toMatch(/reason/);
    await expect
      .poll(() => page.locator('#silence-duration-error').textContent())
      .toMatch(/duration such as/);
    await vigia.screenshot(page, 'alerts-silence-form');

    await page.getByRole('button', { name: '4h' }).click();
    await page.getByLabel('Comment (required)').fill('checkout load test');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.getByRole('status').filter({ hasText: 'Silence created' }).waitFor();

    await page.getByRole('tab', { name: /Silenced/ }).click();
    const silencedAlerts = page.getByRole('table', { name: 'Active alerts muted by a silence' });
    await silencedAlerts.getByRole('link', { name: 'checkout-cpu-high', exact: true }).waitFor();
    const silence = row(page, 'checkout load test');
    await silence.getByText('active', { exact: true }).waitFor();
    expect(await silence.textContent()).toContain('admin');
    await vigia.screenshot(page, 'alerts-silenced');

    // Expire asks first; "No" keeps it.
    await silence.getByRole('button', { name: /^Expire/ }).click();
    await silence.getByRole('button', { name: /^No/ }).click();
    await silence.getByRole('button', { name: /^Expire/ }).click();
    await silence.getByRole('button', { name: /^Yes/ }).click();
    await page.getByText('Expired silences (1)').click();
    await row(page, 'checkout load test').getByText('expired', { exact: true }).waitFor();
    // The alert is no longer silenced.
    await page.getByText('No active alert is silenced.').waitFor({ timeout: 15_000 });
    await page.close();
  }, 60_000);

  it('filters the history by the address, and tests a rule against the recorded history', async () => {
    const page = await vigia.loggedInPage();
    await openAlerts(page, '?tab=history');
    await row(page, 'demo-service-down').first().waitFor();
    await page.getByLabel('Service').fill('checkout');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('service')).toBe('checkout');
    await expect.poll(() => row(page, 'demo-service-down').count()).toBe(0);
    await alertRow(page, 'checkout-slow').waitFor();
    const link = page.getByRole('link', { name: 'checkout-cpu-high', exact: true }).first();
    expect(await link.getAttribute('href')).toBe(`/incidents/${cpuAlertId}`);
    // The filters survive a reload.
    await page.reload();
    expect(await page.getByLabel('Service').inputValue()).toBe('checkout');
    await vigia.screenshot(page, 'alerts-history');

    await page.getByRole('tab', { name: 'Rules' }).click();
    const rule = row(page, 'checkout-cpu-high');
    await rule.getByText('last(cpu_percent{service="checkout"}) > 90').waitFor();
    await rule.getByRole('button', { name: /Test against history/ }).click();
    await page.getByText(/checkout-cpu-high would have fired \d+ times?/).waitFor();
    await row(page, 'demo-service-down').getByText('configuration file').waitFor();
    await vigia.screenshot(page, 'alerts-rules');

    // At a phone's width the page stays within the screen (tables scroll inside their box).
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('tab', { name: /Active/ }).click();
    await alertRow(page, 'checkout-cpu-high')
      .getByRole('button', { name: /^Silence…/ })
      .click();
    await page.getByLabel('Comment (required)').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await vigia.screenshot(page, 'alerts-phone');

    await page.close();
  }, 60_000);

  it('shows a viewer the alerts and silences without any button that acts', async () => {
    await keepCheckoutHot();
    const silenced = await vigia.api('POST', '/api/silences', {
      matchers: ['alertname="checkout-slow"'],
      duration: '1h',
      comment: 'viewer sees this',
    });
    expect(silenced.status).toBe(201);
    const page = await vigia.loggedInPage('vic', await vigia.createUser('vic', 'viewer'));
    await openAlerts(page);
    await alertRow(page, 'checkout-cpu-high').waitFor();
    expect(await page.getByRole('button', { name: /Acknowledge|Silence…/ }).count()).toBe(0);

    await page.getByRole('tab', { name: /Silenced/ }).click();
    await row(page, 'viewer sees this').waitFor();
    expect(await page.getByRole('button', { name: /Expire/ }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Rules' }).click();
    await row(page, 'checkout-cpu-high').waitFor();
    expect(await page.getByRole('button', { name: /Test against history/ }).count()).toBe(0);
    expect(await page.getByLabel('Test against').count()).toBe(0);
    await page.close();
  }, 60_000);
});
