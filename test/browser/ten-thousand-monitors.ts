/**
 * `vigia.yaml` lines for 10,000 monitors over 1,000 services, paused (they check nothing: the
 * budgets are about the dashboard, not about 10,000 checks on a shared test machine).
 */
export function tenThousandMonitors(count = 10_000): string {
  const lines = ['monitors:'];
  for (let i = 0; i < count; i++) {
    const name = `m-${String(i).padStart(5, '0')}`;
    const service = `svc-${String(Math.floor(i / 10)).padStart(4, '0')}`;
    lines.push(
      `  - { name: ${name}, kind: tcp, host: 127.0.0.1, port: 9, service: ${service}, intervalSeconds: 86400, paused: true }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
