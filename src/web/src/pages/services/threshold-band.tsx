import { useMemo } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { resolveTimeRange, type TimeRangeName } from '../../ui/time-range.js';
import { useApi } from '../../ui/use-api.js';
import { bandColumns, type MetricPoint } from './chart-data.js';
import {
  type AlertRuleItem,
  type BandSeries,
  bandValuesPath,
  dynamicRules,
  labelText,
  type ServiceBand,
  seriesLabels,
  seriesOfBand,
  serviceBands,
} from './dynamic-band.js';
import { UPlotChart } from './uplot-chart.js';

/** Dynamic rules read (bands fetched) at most; series drawn at most. */
const MAX_RULES = 20;
const MAX_BANDS = 4;

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const formatNumber = (value: number) => number.format(value);

/** Where a dynamic-threshold rule watches this service: its learned band, shaded under the series' values. */
export function ThresholdBands(props: {
  service: string;
  monitorIds: readonly string[];
  range: TimeRangeName;
  refresh: number;
}) {
  const ids = props.monitorIds.join(',');
  const bands = useApi(`bands:${props.service}:${ids}:${props.refresh}`, () =>
    loadServiceBands(props.service, new Set(props.monitorIds)),
  );
  return (
    <section aria-labelledby="bands-title">
      <h2 id="bands-title">Dynamic thresholds</h2>
      <ErrorMessage error={bands.error} />
      {!bands.data && !bands.error && <p aria-busy="true">Looking for dynamic-threshold rules…</p>}
      {bands.data?.length === 0 && <p>No dynamic-threshold rule applies to this service.</p>}
      {bands.data && bands.data.length > MAX_BANDS && (
        <p class="note">
          {bands.data.length} series have a learned band; the first {MAX_BANDS} are drawn.
        </p>
      )}
      <div class="chart-grid">
        {bands.data?.slice(0, MAX_BANDS).map((band) => (
          <BandChart
            key={`${band.ruleId}:${band.fingerprint}`}
            band={band}
            range={props.range}
            refresh={props.refresh}
          />
        ))}
      </div>
    </section>
  );
}

async function loadServiceBands(service: string, monitorIds: ReadonlySet<string>): Promise<ServiceBand[]> {
  const rules: AlertRuleItem[] = [];
  let after: string | null = null;
  do {
    const page: { items: AlertRuleItem[]; next: string | null } = await api(
      'GET',
      `/api/alert-rules?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`,
    );
    rules.push(...page.items);
    after = page.next;
  } while (after);
  const dynamic = dynamicRules(rules).slice(0, MAX_RULES);
  const found = await Promise.all(
    dynamic.map(async (rule) => {
      const { series } = await api<{ series: BandSeries[] }>(
        'GET',
        `/api/alert-rules/${encodeURIComponent(rule.id)}/band`,
      );
      return serviceBands(rule, series, service, monitorIds);
    }),
  );
  return found.flat();
}

function BandChart({ band, range, refresh }: { band: ServiceBand; range: TimeRangeName; refresh: number }) {
  const values = useApi(`band-values:${band.ruleId}:${band.fingerprint}:${range}:${refresh}`, async () => {
    const resolved = resolveTimeRange(range, Date.now());
    const answer = await api<{ series: Array<{ labels: Record<string, string>; points: MetricPoint[] }> }>(
      'GET',
      bandValuesPath(band, resolved),
    );
    return { resolved, points: seriesOfBand(answer.series, band)?.points ?? [] };
  });
  const learned = band.lower !== null && band.upper !== null;
  const columns = useMemo(
    () =>
      values.data && learned
        ? bandColumns(values.data.resolved, values.data.points, { lower: band.lower!, upper: band.upper! })
        : undefined,
    [values.data, learned, band.lower, band.upper],
  );
  const title = `${band.series} {${labelText(seriesLabels(band))}}`;
  return (
    <figure>
      <figcaption>
        <strong>{band.rule}</strong>: {title}
        <br />
        <span class="note">
          {learned
            ? `Normal band ${formatNumber(band.lower!)} – ${formatNumber(band.upper!)} (median ${formatNumber(
                band.median ?? 0,
              )}), learned from ${band.points} minute values.`
            : 'No band learned yet: the rule is still collecting values.'}
        </span>
      </figcaption>
      <ErrorMessage error={values.error} />
      {columns && values.data?.points.length === 0 && (
        <p class="note">No values of {band.series} in this range.</p>
      )}
      {columns && (values.data?.points.length ?? 0) > 0 && (
        <UPlotChart
          name="band"
          label={`${title} with its learned band`}
          columns={columns}
          lines={[
            { label: band.series, color: 'var(--up)' },
            { label: 'lower', color: 'var(--muted)' },
            { label: 'upper', color: 'var(--muted)' },
          ]}
          band={{ upper: 2, lower: 1, color: 'var(--muted)' }}
          format={formatNumber}
        />
      )}
    </figure>
  );
}
