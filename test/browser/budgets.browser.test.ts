import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserVigia, startBrowserVigia } from './browser-vigia.js';
import {
  firstPageJavaScript,
  liveEventMs,
  MONITOR_ROWS,
  overviewRenderMs,
  scrollFrames,
  waitForOverview,
} from './budget-measures.js';
import { browserTestsRun } from './chromium.js';
import { tenThousandMonitors } from './ten-thousand-monitors.js';

// The budgets with 10,000 monitors, measured in chromium against a real `vigia up`. The
// JavaScript size is asserted (it does not depend on the machine); times are printed, never
// asserted (shared machines are noisy): `npm run bench -- dashboard` repeats them for medians.
describe.runIf(browserTestsRun)('the dashboard with 10,000 monitors', () => {
  let vigia: BrowserVigia;

  beforeAll(async () => {
    vigia = await startBrowserVigia({ config: tenThousandMonitors(), startTimeoutMs: 120_000 });
  }, 180_000);

  afterAll(async () => {
    await vigia?.close();
  });

  it('ships at most 300 KB of JavaScript gzipped for the first page and renders the fleet', async () => {
    const page = await vigia.loggedInPage();
    const js = await firstPageJavaScript(page, `${vigia.address}/`);
    console.info(
      `budget first_page_js_gzip_kb ${(js.gzipBytes / 1024).toFixed(1)} in ${js.files} files (≤ 300)`,
    );
    expect(js.gzipBytes).toBeLessThanOrEqual(300 * 1024);
    // Every monitor is counted; the tiles stop at a bounded number (the rest are on the Services page).
    await expect.poll(() => page.locator('.fleet .count.paused dd').textContent()).toBe('10000');
    expect(await page.locator('.fleet .tiles li').count()).toBeLessThanOrEqual(120);
    console.info(
      `budget overview_render_ms ${Math.round(await overviewRenderMs(page, vigia.address))} (< 1000)`,
    );
    await vigia.screenshot(page, 'overview-10k');
    await page.close();
  });

  it('keeps the monitor list virtualised while scrolling through it', async () => {
    const page = await vigia.loggedInPage();
    await page.goto(`${vigia.address}/services`);
    await page.getByText('m-00000', { exact: true }).waitFor();
    const frames = await scrollFrames(page, MONITOR_ROWS);
    console.info(
      `budget scroll dropped_frames ${frames.dropped} of ${frames.frames}, p95 frame ${frames.p95FrameMs.toFixed(1)} ms, ${frames.rowsInDom} rows in the DOM`,
    );
    expect(frames.rowsInDom).toBeGreaterThan(0);
    expect(frames.rowsInDom).toBeLessThan(200);
    await vigia.screenshot(page, 'services-10k');
    await page.close();
  });

  it('puts a live event on screen', async () => {
    const page = await vigia.loggedInPage();
    await waitForOverview(page);
    await page.getByText('live', { exact: true }).waitFor();
    console.info(
      `budget live_event_to_screen_ms ${Math.round(await liveEventMs(page, 'budget test'))} (< 500)`,
    );
    await page.close();
  });
});
