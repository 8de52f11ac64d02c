import net from 'node:net';
import { downResult } from './check-result.js';
import type { CheckContext, CheckResult, TcpCheckSpec } from './check-types.js';
import { startDeadline } from './deadline.js';
import { describeNetworkError } from './network-error.js';
import { openSocket } from './open-socket.js';
import { startStopwatch } from './stopwatch.js';

/** Runs a TCP check: up when a connection to host:port opens (latency = connect time). Never throws. */
export async function runTcpCheck(spec: TcpCheckSpec, context: CheckContext): Promise<CheckResult> {
  const elapsed = startStopwatch();
  const deadline = startDeadline(context, spec.timeoutMs);
  try {
    const socket = await openSocket(
      () => net.connect({ host: spec.host, port: spec.port }),
      'connect',
      deadline.signal,
    );
    const latencyMs = elapsed();
    const remote = socket.remoteAddress;
    socket.destroy();
    return {
      status: 'up',
      latencyMs,
      message: `connected to ${spec.host}:${spec.port}`,
      details: remote === undefined ? {} : { remoteAddress: remote },
    };
  } catch (error) {
    return downResult(elapsed(), deadline.signal.aborted ? deadline.describe() : describeNetworkError(error));
  }
}
