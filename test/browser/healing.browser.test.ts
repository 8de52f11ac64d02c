import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserVigia, startBrowserVigia } from './browser-vigia.js';
import { browserTestsRun } from './chromium.js';
import { until } from './until.js';

interface Remediation {
  alertId: string;
  ruleName: string;
  status: string;
}

// Incidents and one incident's timeline, against the demo fleet: a db outage healed by its runbook,
// and a runbook that waits for a person's approval.
describe.runIf(browserTestsRun)('incidents and healing in chromium', () => {
  let vigia: BrowserVigia;

  beforeAll(async () => {
    vigia = await startBrowserVigia({ demo: true });
  }, 120_000);

  afterAll(async () => {
    await vigia?.close();
  });

  it('shows an outage appear live and heal, then its timeline from diagnosis to resolution', async () => {
    const page = await vigia.loggedInPage();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
    await page.getByText('live', { exact: true }).waitFor();

    const broken = await vigia.api('POST', '/api/demo/faults', { service: 'db', fault: 'down' });
    expect(broken.status, JSON.stringify(broken.body)).toBeLessThan(300);
    // The page is not reloaded: the row comes with the live stream, and turns healed.
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'db', exact: true }) })
      .filter({ hasText: 'demo-service-down' });
    await row.first().waitFor({ timeout: 60_000 });
    await row.first().getByText('healed', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await row.first().getByRole('cell').last().textContent()).toMatch(/\d+(\.\d+)? (ms|s)$/);
    await vigia.screenshot(page, 'incidents-list');

    await row.first().getByRole('link', { name: 'demo-service-down' }).click();
    await page.getByRole('heading', { name: 'demo-service-down on db', level: 1 }).waitFor();
    const timeline = page.locator('.incident-timeline');
    await timeline.getByRole('heading', { name: 'Alert fired' }).waitFor();
    await timeline.getByRole('heading', { name: /^Diagnosed: probably .+ \d+% sure$/ }).waitFor();
    expect(await page.locator('.causes > li').count()).toBeGreaterThan(0);
    expect(await page.locator('.evidence a').count()).toBeGreaterThan(0);
    await timeline.getByRole('heading', { name: /^Step \S+ \(simulator_fault_off\) succeeded$/ }).waitFor();
    expect(await page.locator('pre.action-output').first().textContent()).toMatch(/^HTTP 200/);
    await timeline.getByRole('heading', { name: /^Alert resolved .*: verified$/ }).waitFor();
    await timeline.getByRole('heading', { name: /^Healed in / }).waitFor();
    const phases = await timeline.locator('.phase-tag').allTextContents();
    const order = ['Alert', 'Diagnosis', 'Plan', 'Action', 'Verification', 'Resolution'];
    const firsts = order.map((phase) => phases.indexOf(phase));
    expect(
      firsts.every((i) => i >= 0),
      phases.join(', '),
    ).toBe(true);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    await vigia.screenshot(page, 'incident-timeline');

    // The chain in the events explorer.
    await page.getByRole('link', { name: 'All events of this incident' }).click();
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    expect(new URL(page.url()).searchParams.get('correlationId')).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByRole('cell', { name: 'healing.remediation_healed', exact: true }).waitFor();
    await page.close();
  }, 90_000);

  it('waits for approval: a viewer sees no buttons, an unnamed operator is told why, an admin approves', async () => {
    const cpu = (value: number) =>
      vigia.api('POST', '/api/metrics', {
        samples: [{ name: 'cpu_percent', value, labels: { service: 'payments' } }],
      });
    expect((await cpu(40)).status).toBe(200);
    const runbook = await vigia.api('POST', '/api/runbooks', {
      name: 'ask-before-payments',
      trigger: { alert: { rules: ['payments-cpu'] } },
      steps: [{ name: 'ask', action: { kind: 'approval', approvers: ['admin'], expiresIn: '15m' } }],
      verify: { within: '5m' },
    });
    expect(runbook.status, JSON.stringify(runbook.body)).toBe(201);
    const rule = await vigia.api('POST', '/api/alert-rules', {
      name: 'payments-cpu',
      severity: 'critical',
      for: '0s',
      condition: {
        kind: 'threshold',
        series: 'cpu_percent',
        matchers: ['service="payments"'],
        op: '>',
        threshold: 90,
      },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect((await cpu(99)).status).toBe(200);
    const waiting = await until('the approval to be asked', async () => {
      const list = await vigia.api<{ remediations: Remediation[] }>(
        'GET',
        '/api/remediations?status=awaiting_approval',
      );
      return list.body.remediations.find((r) => r.ruleName === 'payments-cpu');
    });
    const address = `${vigia.address}/incidents/${waiting.alertId}`;

    const viewer = await vigia.loggedInPage('vera', await vigia.createUser('vera', 'viewer'));
    await viewer.goto(address);
    await viewer.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
    await viewer.getByRole('heading', { name: 'Approval requested for step ask' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    await viewer.goto(`${vigia.address}/incidents`);
    await viewer.getByRole('link', { name: 'payments-cpu' }).waitFor();
    expect(await viewer.getByRole('heading', { name: /Waiting for approval/ }).count()).toBe(0);
    await viewer.close();

    const operator = await vigia.loggedInPage('olga', await vigia.createUser('olga', 'operator'));
    await operator.goto(address);
    await operator.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => operator.getByRole('alert').textContent()).toContain('Only admin may answer');
    await operator.close();

    const admin = await vigia.loggedInPage();
    await admin.goto(`${vigia.address}/incidents`);
    await admin.getByRole('heading', { name: 'Waiting for approval (1)' }).waitFor();
    await admin.getByRole('link', { name: 'payments-cpu on payments' }).click();
    await admin.getByRole('heading', { name: 'payments-cpu on payments', level: 1 }).waitFor();
    await admin.getByLabel('Comment (optional)').fill('go ahead');
    await vigia.screenshot(admin, 'incident-approval');
    await admin.getByRole('button', { name: 'Approve' }).click();
    await admin.getByRole('heading', { name: 'Step ask approved by admin' }).waitFor();
    await admin.getByText('go ahead', { exact: true }).waitFor();
    expect(await admin.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    // The alert resolves: the remediation is verified and healed, on screen without a reload.
    expect((await cpu(10)).status).toBe(200);
    await admin.getByRole('heading', { name: /^Healed in / }).waitFor({ timeout: 30_000 });
    await admin.getByRole('heading', { name: /^Alert resolved .*: verified$/ }).waitFor();
    await admin.close();
  }, 90_000);
});
