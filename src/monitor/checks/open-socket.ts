import type { Socket } from 'node:net';

function ignore(): void {}

/**
 * Waits until a socket made by `open` emits `readyEvent`; rejects with its error, or with the
 * signal's reason on abort, destroying the socket either way. On success the caller owns the
 * socket and must destroy it; a late error on it is swallowed rather than crash the process.
 */
export function openSocket<T extends Socket>(
  open: () => T,
  readyEvent: 'connect' | 'secureConnect',
  signal: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let socket: T;
    try {
      socket = open();
    } catch (error) {
      reject(error);
      return;
    }
    const settle = (error: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      socket.on('error', ignore);
      if (error === undefined) {
        resolve(socket);
      } else {
        socket.destroy();
        reject(error);
      }
    };
    const onReady = (): void => settle(undefined);
    const onError = (error: Error): void => settle(error);
    const onAbort = (): void => settle(signal.reason ?? new Error('aborted'));
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
