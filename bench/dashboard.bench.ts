/**
 * The dashboard's budgets with 10,000 monitors, in Debian's chromium (headless, playwright-core)
 * against a real `vigia up` on loopback (SQLite, 10,000 paused tcp monitors over 1,000 services,
 * from a `vigia.yaml`):
 *  - JavaScript shipped for the first page, gzipped (target ≤ 300 KB);
 *  - the overview fully rendered — counts, tiles, alerts, nothing loading — from navigation start,
 *    median of repeated loads (target < 1 s);
 *  - the monitor list: time to its first rows, and frames while scrolling it 180 frames of 400 px
 *    (24,000 px/s) while it still reads pages from the server, then with all 10,000 loaded, and at
 *    100 px a frame (a fast flick): dropped frames and p95 frame time;
 *  - a change marker appended by the page → its event in the live feed (target < 500 ms).
 * Anchor for the list: the same 10,000 monitors (read from the API) as one plain HTML table — what
 * a page that does not virtualise renders — loaded in the same browser, timed and scrolled the same
 * way. There is no anchor for the other budgets: no other dashboard runs here offline.
 */
import type { Page } from 'playwright-core';
import { startBrowserVigia } from '../test/browser/browser-vigia.js';
import {
  firstPageJavaScript,
  liveEventMs,
  loadWholeMonitorList,
  MONITOR_ROWS,
  overviewRenderMs,
  type ScrollFrames,
  scrollFrames,
} from '../test/browser/budget-measures.js';
import { chromiumInstalled } from '../test/browser/chromium.js';
import { tenThousandMonitors } from '../test/browser/ten-thousand-monitors.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { onCleanup } from './lib/cleanup.js';
import { type BenchResult, compare } from './lib/result.js';
import { median } from './lib/stats.js';

const FULL = { monitors: 10_000, overviewLoads: 7, scrolls: 3, liveEvents: 15 };
const QUICK = { monitors: 2_000, overviewLoads: 3, scrolls: 1, liveEvents: 5 };
/** Pixels scrolled per frame for the "fast flick" measure (the others use 400). */
const FLICK_STEP_PX = 100;
const PLAIN_TABLE = 'a plain table of every monitor (no virtualisation)';

async function monitorRows(api: (m: string, p: string) => Promise<{ body: unknown }>): Promise<string[][]> {
  const rows: string[][] = [];
  let after: string | null = null;
  do {
    const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
    const page = (await api('GET', `/api/status/monitors?limit=1000${query}`)).body as {
      items: Array<Record<string, unknown>>;
      next: string | null;
    };
    for (const m of page.items)
      rows.push([m.status, m.monitor, m.service, m.kind, m.lastMessage].map((v) => String(v ?? '')));
    after = page.next;
  } while (after);
  return rows;
}

/** The anchor: every row in one table, set as the page's content; time to render it, and its frames. */
async function plainTable(page: Page, rows: string[][]): Promise<{ renderMs: number; frames: ScrollFrames }> {
  const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = rows
    .map((r) => `<tr role="row">${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('');
  const html = `<!doctype html><html><body><table><thead><tr><th>status</th><th>name</th><th>service</th><th>kind</th><th>message</th></tr></thead><tbody>${body}</tbody></table></body></html>`;
  await page.goto('about:blank');
  const started = Date.now();
  await page.setContent(html);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  const renderMs = Date.now() - started;
  return { renderMs, frames: await scrollFrames(page, '[role="row"]') };
}

async function run({ quick, log }: BenchContext): Promise<BenchResult[]> {
  const settings = quick ? QUICK : FULL;
  if (!chromiumInstalled) {
    log('chromium is not installed (apt-get install chromium): nothing measured');
    return [];
  }
  log(`starting vigia up with ${settings.monitors} monitors`);
  const vigia = await startBrowserVigia({
    config: tenThousandMonitors(settings.monitors),
    startTimeoutMs: 180_000,
  });
  onCleanup(() => vigia.close());
  const page = await vigia.loggedInPage();

  const js = await firstPageJavaScript(page, `${vigia.address}/`);
  log(`first page: ${js.files} JavaScript files, ${(js.gzipBytes / 1024).toFixed(1)} KB gzipped`);

  const overview: number[] = [];
  for (let i = 0; i < settings.overviewLoads; i++) overview.push(await overviewRenderMs(page, vigia.address));
  log(`overview rendered in ${overview.map((ms) => Math.round(ms)).join(', ')} ms`);

  const firstRows: number[] = [];
  const scrolls: ScrollFrames[] = [];
  /** The same scroll while the list still reads its pages from the server as it goes. */
  const pagingScrolls: ScrollFrames[] = [];
  /** And at a fast flick's speed (6,000 px/s) rather than the 24,000 px/s of the others. */
  const flickScrolls: ScrollFrames[] = [];
  for (let i = 0; i < settings.scrolls; i++) {
    await page.goto(`${vigia.address}/services`);
    await page.getByText('m-00000', { exact: true }).waitFor({ timeout: 30_000 });
    firstRows.push(await page.evaluate(() => performance.now()));
    pagingScrolls.push(await scrollFrames(page, MONITOR_ROWS));
    await loadWholeMonitorList(page, settings.monitors);
    scrolls.push(await scrollFrames(page, MONITOR_ROWS));
    await page.evaluate(() => document.querySelector('.monitor-list')?.scrollTo(0, 0));
    flickScrolls.push(await scrollFrames(page, MONITOR_ROWS, 180, FLICK_STEP_PX));
  }
  log(`monitor list: first rows ${firstRows.map((ms) => Math.round(ms)).join(', ')} ms`);
  log(`scrolling while paging: ${JSON.stringify(pagingScrolls)}`);
  log(`scrolling with every monitor loaded: ${JSON.stringify(scrolls)}`);
  log(`scrolling at ${FLICK_STEP_PX} px a frame: ${JSON.stringify(flickScrolls)}`);

  const rows = await monitorRows(vigia.api);
  const anchorPage = await vigia.browser.newPage();
  const anchors: Array<{ renderMs: number; frames: ScrollFrames }> = [];
  for (let i = 0; i < settings.scrolls; i++) anchors.push(await plainTable(anchorPage, rows));
  log(`plain table of ${rows.length} rows: ${JSON.stringify(anchors)}`);
  await anchorPage.close();

  await page.goto(`${vigia.address}/`);
  await page.getByText('live', { exact: true }).waitFor();
  const live: number[] = [];
  for (let i = 0; i < settings.liveEvents; i++) live.push(await liveEventMs(page, `bench ${i}`));
  log(`live events on screen after ${live.map((ms) => Math.round(ms)).join(', ')} ms`);

  const none = { anchor: '—', anchorValue: null };
  const plain = { anchor: PLAIN_TABLE };
  return [
    compare({
      metric: 'first_page_js_gzip_kb',
      unit: 'KB',
      better: 'lower',
      ...none,
      vigia: js.gzipBytes / 1024,
      target: 300,
    }),
    compare({
      metric: 'overview_rendered_ms',
      unit: 'ms',
      better: 'lower',
      ...none,
      vigia: median(overview),
      target: 1000,
    }),
    compare({
      metric: 'monitor_list_first_rows_ms',
      unit: 'ms',
      better: 'lower',
      ...plain,
      vigia: median(firstRows),
      anchorValue: median(anchors.map((a) => a.renderMs)),
    }),
    compare({
      metric: 'monitor_list_scroll_dropped_frames',
      unit: 'frames',
      better: 'lower',
      ...plain,
      vigia: median(scrolls.map((s) => s.dropped)),
      anchorValue: median(anchors.map((a) => a.frames.dropped)),
      target: 1, // "without dropped frames": fewer than one
    }),
    compare({
      metric: 'monitor_list_scroll_dropped_frames_100px',
      unit: 'frames',
      better: 'lower',
      ...none,
      vigia: median(flickScrolls.map((s) => s.dropped)),
    }),
    compare({
      metric: 'monitor_list_scroll_dropped_frames_while_paging',
      unit: 'frames',
      better: 'lower',
      ...plain,
      vigia: median(pagingScrolls.map((s) => s.dropped)),
      anchorValue: median(anchors.map((a) => a.frames.dropped)),
    }),
    compare({
      metric: 'monitor_list_scroll_p95_frame_ms',
      unit: 'ms',
      better: 'lower',
      ...plain,
      vigia: median(scrolls.map((s) => s.p95FrameMs)),
      anchorValue: median(anchors.map((a) => a.frames.p95FrameMs)),
    }),
    compare({
      metric: 'monitor_list_rows_in_dom',
      unit: 'rows',
      better: 'lower',
      ...plain,
      vigia: median(scrolls.map((s) => s.rowsInDom)),
      anchorValue: rows.length,
    }),
    compare({
      metric: 'live_event_to_screen_ms',
      unit: 'ms',
      better: 'lower',
      ...none,
      vigia: median(live),
      target: 500,
    }),
  ];
}

const benchmark: Benchmark = {
  description:
    'the dashboard in chromium with 10,000 monitors: first-page JavaScript, overview, list scrolling, live events',
  run,
};
export default benchmark;
