import { describe, expect, it } from 'vitest';
import { parseRunbook, type RunbookActionDocument, renderAction } from './index.js';

function action(doc: Record<string, unknown>): RunbookActionDocument {
  const parsed = parseRunbook({
    name: 'heal',
    trigger: { alert: { severities: ['critical'] } },
    steps: [{ name: 'act', action: doc }],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value.steps[0]!.action;
}

const alert = {
  alertId: '0192-abc',
  ruleName: 'db-down',
  labels: { service: 'db', port: '5432' },
  annotations: { summary: 'db is down' },
};
const hostile = { ...alert, labels: { service: 'x"; rm -rf /', port: '5432' } };

describe('renderAction', () => {
  it('renders an http action: URL, headers and JSON body', () => {
    const rendered = renderAction(
      action({
        kind: 'http',
        url: 'https://ops.example/restart/{{ labels.service }}?alert={{ alert.id }}',
        headers: { 'X-Rule': '{{ alert.rule }}' },
        body: '{"service":"{{ labels.service }}","why":"{{ annotations.summary }}"}',
      }),
      alert,
    );
    expect(rendered).toEqual({
      kind: 'http',
      method: 'POST',
      url: 'https://ops.example/restart/db?alert=0192-abc',
      headers: { 'X-Rule': 'db-down' },
      body: '{"service":"db","why":"db is down"}',
    });
  });

  it('keeps an injection attempt a value in URL, body and header', () => {
    const rendered = renderAction(
      action({
        kind: 'http',
        url: 'https://ops.example/restart/{{ labels.service }}',
        headers: { 'X-Service': '{{ labels.service }}' },
        body: '{"service":"{{ labels.service }}"}',
      }),
      { ...hostile, labels: { service: 'x"; rm -rf /\r\nX-Admin: true' } },
    );
    if (rendered.kind !== 'http') throw new Error(rendered.kind);
    const url = new URL(rendered.url);
    expect(url.host).toBe('ops.example');
    expect(decodeURIComponent(url.pathname.slice('/restart/'.length))).toBe('x"; rm -rf /\r\nX-Admin: true');
    expect(JSON.parse(rendered.body!)).toEqual({ service: 'x"; rm -rf /\r\nX-Admin: true' });
    expect(rendered.headers['X-Service']).toBe('x"; rm -rf /%0D%0AX-Admin: true');
  });

  it('renders each command argument as one argument, never split or quoted', () => {
    const rendered = renderAction(
      action({
        kind: 'command',
        executable: '/usr/local/bin/restart-db',
        args: ['--service', '{{ labels.service }}', '--alert={{ alert.id }}'],
      }),
      hostile,
    );
    expect(rendered).toEqual({
      kind: 'command',
      executable: '/usr/local/bin/restart-db',
      args: ['--service', 'x"; rm -rf /', '--alert=0192-abc'],
    });
  });

  it('renders the simulator URL, with the port from a label', () => {
    const faultOff = action({ kind: 'simulator_fault_off', url: 'http://127.0.0.1:{{ labels.port }}' });
    expect(renderAction(faultOff, alert)).toEqual({
      kind: 'simulator_fault_off',
      url: 'http://127.0.0.1:5432',
    });
  });

  it('renders a notification message as text', () => {
    const tell = action({ kind: 'notify', receivers: ['ops'], message: 'healing {{ labels.service }}' });
    expect(renderAction(tell, hostile)).toEqual({
      kind: 'notify',
      receivers: ['ops'],
      message: 'healing x"; rm -rf /',
    });
  });

  it('gives an approval its expiry in milliseconds', () => {
    const ask = action({ kind: 'approval', approvers: ['admin', 'oncall'], expiresIn: '1h30m' });
    expect(renderAction(ask, alert)).toEqual({
      kind: 'approval',
      approvers: ['admin', 'oncall'],
      expiresIn: '1h30m',
      expiresInMs: 5_400_000,
    });
  });

  it('renders missing labels as empty text and does not change the document', () => {
    const doc = action({ kind: 'notify', receivers: ['ops'], message: '[{{ labels.team }}]' });
    const copy = structuredClone(doc);
    expect(renderAction(doc, alert)).toMatchObject({ message: '[]' });
    expect(doc).toEqual(copy);
  });
});
