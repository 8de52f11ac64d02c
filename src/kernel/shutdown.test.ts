import { describe, expect, it } from 'vitest';
import { ShuttingDownError } from './errors.js';
import { ShutdownCoordinator } from './shutdown.js';

describe('ShutdownCoordinator', () => {
  it('drains in-flight work, refuses new work, then closes resources last-opened first', async () => {
    const shutdown = new ShutdownCoordinator();
    const order: string[] = [];
    shutdown.onShutdown('store', () => {
      order.push('store');
    });
    shutdown.onShutdown('server', () => {
      order.push('server');
    });
    let finish!: () => void;
    const work = shutdown.track('request', () =>
      new Promise<void>((resolve) => (finish = resolve)).then(() => {
        order.push('work');
      }),
    );
    const stopping = shutdown.shutdown();
    await expect(shutdown.track('request', async () => 1)).rejects.toBeInstanceOf(ShuttingDownError);
    expect(order).toEqual([]);
    finish();
    await work;
    await stopping;
    expect(order).toEqual(['work', 'server', 'store']);
    expect(shutdown.shutdown()).toBe(stopping);
  });

  it('runs every hook even when one fails, then reports the failure', async () => {
    const shutdown = new ShutdownCoordinator();
    const closed: string[] = [];
    shutdown.onShutdown('a', () => {
      closed.push('a');
    });
    shutdown.onShutdown('b', () => {
      throw new Error('b failed');
    });
    await expect(shutdown.shutdown()).rejects.toThrow('b failed');
    expect(closed).toEqual(['a']);
  });
});
