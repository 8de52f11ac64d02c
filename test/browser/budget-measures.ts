import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/**
 * The dashboard's budgets, measured in a real browser: JavaScript shipped for the first page,
 * time to a fully rendered overview, frames while scrolling the monitor list, and the time from
 * an append to its event on screen. Used by the browser test (which prints them) and by
 * `npm run bench -- dashboard` (which repeats them and reports medians).
 */

/**
 * tsx (the benchmarks' loader) compiles with esbuild's keepNames, which wraps named functions in
 * a `__name(…)` call; functions passed to `page.evaluate` then need that helper in the page too.
 */
async function allowNamedFunctions(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}

/** Every JavaScript file the page loaded, gzipped as a server would send it. */
export async function firstPageJavaScript(
  page: Page,
  url: string,
): Promise<{ files: number; gzipBytes: number }> {
  const bodies: Promise<Buffer>[] = [];
  const collect = (response: import('playwright-core').Response) => {
    if (response.request().resourceType() === 'script') bodies.push(response.body());
  };
  page.on('response', collect);
  await page.goto(url);
  await waitForOverview(page);
  page.off('response', collect);
  const files = await Promise.all(bodies);
  return { files: files.length, gzipBytes: files.reduce((sum, body) => sum + gzipSync(body).length, 0) };
}

/** Waits until the overview shows the fleet's counts and tiles and nothing on it is still loading. */
export async function waitForOverview(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('.fleet .counts') !== null &&
      document.querySelector('.fleet .tiles li') !== null &&
      document.querySelector('[aria-busy="true"]') === null,
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
}

/** Milliseconds from the start of navigation to the overview fully rendered (a logged-in page). */
export async function overviewRenderMs(page: Page, address: string): Promise<number> {
  await page.goto(`${address}/`);
  await waitForOverview(page);
  return page.evaluate(() => performance.now());
}

/**
 * Scrolls the monitor list to its end until every monitor is loaded (its `aria-rowcount` says how
 * many rows it holds, header included), then back to the top: "with 10,000 monitors loaded".
 */
export async function loadWholeMonitorList(page: Page, monitors: number): Promise<void> {
  await allowNamedFunctions(page);
  await page.waitForFunction(
    (wanted) => {
      const list = document.querySelector('.monitor-list');
      const table = document.querySelector('table.monitor-table');
      if (!list || !table) return false;
      list.scrollTop = list.scrollHeight;
      return Number(table.getAttribute('aria-rowcount')) - 1 >= wanted;
    },
    monitors,
    { polling: 100, timeout: 60_000 },
  );
  await page.evaluate(() => {
    const list = document.querySelector('.monitor-list');
    if (list) list.scrollTop = 0;
  });
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
}

/** The rows of the dashboard's monitor list (not its spacer rows). */
export const MONITOR_ROWS = 'table.monitor-table tbody tr:not(.spacer)';

export interface ScrollFrames {
  frames: number;
  /** Frames the browser skipped: a 33 ms gap between two frames counts one. */
  dropped: number;
  p95FrameMs: number;
  /** Row elements in the DOM at the end (a virtualised list keeps this small). */
  rowsInDom: number;
}

/**
 * Scrolls the page's largest scrollable element (the monitor list) from top to bottom in steps of
 * `step` pixels, one per animation frame, and measures the gaps between frames.
 */
export async function scrollFrames(
  page: Page,
  rowSelector: string,
  frames = 180,
  step = 400,
): Promise<ScrollFrames> {
  await allowNamedFunctions(page);
  return page.evaluate(
    async ({ frames, step, rowSelector }) => {
      const all = [document.scrollingElement, ...document.querySelectorAll('*')].filter(
        (e): e is Element => e !== null,
      );
      const scroller = all.reduce((best, e) =>
        e.scrollHeight - e.clientHeight > best.scrollHeight - best.clientHeight ? e : best,
      );
      const times: number[] = [];
      await new Promise<void>((resolve) => {
        const tick = (t: number) => {
          times.push(t);
          if (times.length > frames) return resolve();
          scroller.scrollTop += step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      const sorted = [...gaps].sort((a, b) => a - b);
      const frameMs = sorted[Math.floor(sorted.length / 2)] ?? 16.7;
      const dropped = gaps.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / frameMs) - 1), 0);
      return {
        frames: gaps.length,
        dropped,
        p95FrameMs: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
        rowsInDom: document.querySelectorAll(rowSelector).length,
      };
    },
    { frames, step, rowSelector },
  );
}

/**
 * Appends a change marker from the page (as the logged-in user) and waits for it in the overview's
 * live feed: milliseconds from the append's answer to the event on screen.
 */
export async function liveEventMs(page: Page, marker: string): Promise<number> {
  await allowNamedFunctions(page);
  const shownBefore = await page.locator('.feed li', { hasText: 'healing.change_recorded' }).count();
  const appended = await page.evaluate(async (description) => {
    const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
    const response = await fetch('/api/changes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ kind: 'deploy', service: 'budget', description }),
    });
    if (response.status !== 201) throw new Error(`append answered ${response.status}`);
    return performance.now();
  }, marker);
  const shown = await page
    .waitForFunction(
      (before) => {
        const items = [...document.querySelectorAll('.feed li')].filter((li) =>
          li.textContent?.includes('healing.change_recorded'),
        );
        return items.length > before ? performance.now() : false;
      },
      shownBefore,
      { polling: 'raf', timeout: 10_000 },
    )
    .then((handle) => handle.jsonValue() as Promise<number>);
  return shown - appended;
}
