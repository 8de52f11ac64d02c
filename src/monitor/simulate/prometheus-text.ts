/** One metric family to expose: every simulator metric carries the single label service="<name>". */
export interface ExposedMetric {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  value: number;
}

/** Content type of the Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Renders metrics as Prometheus text, each with its HELP and TYPE lines. */
export function renderPrometheusText(service: string, metrics: readonly ExposedMetric[]): string {
  const label = `{service="${escapeLabelValue(service)}"}`;
  let text = '';
  for (const { name, help, type, value } of metrics) {
    text += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name}${label} ${value}\n`;
  }
  return text;
}
