import type { FastifyInstance } from 'fastify';

/**
 * Stops the HTTP server: no new connections, in-flight requests answered, live streams ended,
 * connections closed as soon as they are idle; connections still busy after `timeoutMs` are cut so a stuck client cannot hold shutdown.
 */
export async function closeGracefully(app: FastifyInstance, timeoutMs: number): Promise<void> {
  const closing = app.close();
  // A connection whose request has been answered is idle until the client's keep-alive ends;
  // close those as they appear instead of waiting out the keep-alive timeout.
  const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    if ((await Promise.race([closing.then(() => 'closed' as const), deadline])) === 'timeout') {
      app.log.warn(
        { timeoutMs },
        'requests still running at the shutdown deadline; closing their connections',
      );
      app.server.closeAllConnections();
    }
    await closing;
  } finally {
    clearTimeout(timer);
    clearInterval(sweeper);
  }
}
