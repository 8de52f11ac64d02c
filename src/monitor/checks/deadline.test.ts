import { describe, expect, it } from 'vitest';
import { startDeadline } from './deadline.js';

const context = (signal: AbortSignal) => ({ signal, now: () => 0 });

describe('startDeadline', () => {
  it('fires on its own timeout and says after how long', async () => {
    const deadline = startDeadline(context(new AbortController().signal), 20);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve));
    expect(deadline.describe()).toBe('timed out after 20 ms');
  });

  it('follows the scheduler signal and tells an abort from a timeout', () => {
    const controller = new AbortController();
    const deadline = startDeadline(context(controller.signal), 60_000);
    expect(deadline.signal.aborted).toBe(false);
    controller.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.describe()).toBe('check aborted');

    const stopping = new AbortController();
    const stopped = startDeadline(context(stopping.signal), 60_000);
    stopping.abort(new Error('Vigia is stopping'));
    expect(stopped.describe()).toBe('check aborted: Vigia is stopping');

    expect(
      startDeadline(context(AbortSignal.abort(new DOMException('late', 'TimeoutError'))), 60_000).describe(),
    ).toBe('timed out');
  });

  it('tolerates a timeout that AbortSignal.timeout would refuse', () => {
    for (const ms of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 40]) {
      expect(startDeadline(context(new AbortController().signal), ms).signal.aborted).toBe(false);
    }
  });
});
