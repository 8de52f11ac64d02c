import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { ErrorMessage } from '../../ui/error-message.js';
import { type ChartColumns, isolatedIndexes, withAlpha } from './chart-data.js';

/** One line of a chart; `color` is a CSS colour or a theme variable (`var(--down)`). */
export interface ChartLine {
  label: string;
  color: string;
  width?: number;
  dash?: number[];
}

export interface UPlotChartProps {
  /** What the chart shows, for screen readers (the text summary beside it says the numbers). */
  label: string;
  /** x (seconds) then one column per line, in the order of `lines`. */
  columns: ChartColumns;
  lines: ChartLine[];
  /** Lines drawn as the edges of a shaded band (indexes into `lines`, upper then lower). */
  band?: { upper: number; lower: number; color: string };
  /** How a value reads in the legend and on the axis. */
  format: (value: number) => string;
  height?: number;
  /** Names the chart for tests and styles (`data-chart`). */
  name: string;
}

/**
 * A uPlot time chart: uPlot is loaded on first use, the plot is made when the component shows, follows
 * its container's width and the theme's colours, and is destroyed when the component goes.
 */
export function UPlotChart(props: UPlotChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const latest = useRef(props);
  latest.current = props;
  const [error, setError] = useState<unknown>();
  const theme = useThemeVersion();
  const height = props.height ?? 240;
  const shape = JSON.stringify([props.lines, props.band, height]);

  useEffect(() => {
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    import('./uplot-module.js').then(
      ({ default: UPlot }) => {
        const element = container.current;
        if (cancelled || !element) return;
        const created = new UPlot(
          chartOptions(latest.current, element, height),
          latest.current.columns,
          element,
        );
        plot.current = created;
        observer = new ResizeObserver(() => created.setSize({ width: element.clientWidth, height }));
        observer.observe(element);
      },
      (e: unknown) => !cancelled && setError(e),
    );
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
  }, [shape, theme]);

  useEffect(() => {
    plot.current?.setData(props.columns);
  }, [props.columns]);

  if (error)
    return <ErrorMessage error={new Error('The chart could not be loaded. Reload the page to try again.')} />;
  return <div ref={container} class="chart" data-chart={props.name} role="img" aria-label={props.label} />;
}

function chartOptions(props: UPlotChartProps, element: HTMLElement, height: number): uPlot.Options {
  const style = getComputedStyle(element);
  const resolve = (color: string) => {
    const variable = /^var\((--[\w-]+)\)$/.exec(color)?.[1];
    return variable ? style.getPropertyValue(variable).trim() || style.color : color;
  };
  const ink = style.color;
  const axis = {
    stroke: ink,
    grid: { stroke: withAlpha(ink, 0.12) },
    ticks: { stroke: withAlpha(ink, 0.25) },
  };
  const format = (_: uPlot, value: number | null) => (value === null ? '—' : props.format(value));
  const band = props.band;
  return {
    width: Math.max(200, element.clientWidth),
    height,
    series: [
      {},
      ...props.lines.map((line, i) => {
        const edge = band && (i === band.upper || i === band.lower);
        const color = resolve(line.color);
        return {
          label: line.label,
          stroke: edge ? withAlpha(color, 0.6) : color,
          width: line.width ?? (edge ? 1 : 2),
          ...(line.dash ? { dash: line.dash } : {}),
          spanGaps: false,
          // A lone value between gaps is a dot (a line needs two); band edges have no dots.
          points: edge
            ? { show: false }
            : { show: true, size: 6, filter: (u: uPlot, s: number) => isolatedIndexes(u.data[s] ?? []) },
          value: format,
        };
      }),
    ],
    bands: band
      ? [{ series: [band.upper + 1, band.lower + 1], fill: withAlpha(resolve(band.color), 0.18) }]
      : [],
    axes: [
      axis,
      { ...axis, size: 70, values: (_: uPlot, splits: number[]) => splits.map((v) => props.format(v)) },
    ],
    scales: { x: { time: true } },
    cursor: { drag: { x: false, y: false } },
  };
}

/** Changes when the theme does (the reader's choice or the system's), so canvas colours follow it. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const media = matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      media.removeEventListener('change', bump);
      observer.disconnect();
    };
  }, []);
  return version;
}
