import { describe, expect, it } from 'vitest';
import { loadAllPages } from './load-all-pages.js';

describe('loadAllPages', () => {
  it('follows next until the last page, passing it as after', async () => {
    const asked: string[] = [];
    const pages: Record<string, { items: number[]; next: string | null }> = {
      '/api/silences?limit=500': { items: [1, 2], next: 'b' },
      '/api/silences?limit=500&after=b': { items: [3], next: 'c' },
      '/api/silences?limit=500&after=c': { items: [], next: null },
    };
    const items = await loadAllPages('/api/silences', async (url) => {
      asked.push(url);
      const page = pages[url];
      if (!page) throw new Error(`unexpected ${url}`);
      return page;
    });
    expect(items).toEqual([1, 2, 3]);
    expect(asked).toHaveLength(3);
  });

  it('stops after a bounded number of pages', async () => {
    let calls = 0;
    await loadAllPages('/api/x', async () => {
      calls++;
      return { items: [calls], next: `n${calls}` };
    });
    expect(calls).toBe(40);
  });
});
