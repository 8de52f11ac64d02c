import { ValidationError, VigiaError } from '../../kernel/index.js';
import { type FaultSettings, parseFaultPatch } from '../../monitor/index.js';
import { simulatorBaseUrl } from './loopback-url.js';

/** How long one request to a simulated service may take: they are on this machine and answer at once. */
export const SIMULATOR_REQUEST_TIMEOUT_MS = 5_000;

const FAULT_FIELDS = ['failureRate', 'latencyMs', 'jitterMs', 'available', 'cpuPercent', 'memoryPercent'];

/** A simulated service that did not answer (stopped, or the demo fleet file is stale). */
export class SimulatorUnavailableError extends VigiaError {
  constructor(target: string, cause: unknown) {
    const why = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause : cause).message : '';
    super('UNAVAILABLE', `the simulated service at ${target} does not answer${why ? ` (${why})` : ''}`, {
      cause,
      details: { target },
    });
  }
}

async function call(baseUrl: string, path: string, method: 'GET' | 'POST', body?: unknown) {
  const origin = simulatorBaseUrl(baseUrl, 'simulator url');
  let response: Response;
  try {
    response = await fetch(`${origin}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(SIMULATOR_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SimulatorUnavailableError(origin, error);
  }
  let answer: unknown;
  try {
    answer = await response.json();
  } catch (error) {
    throw new SimulatorUnavailableError(origin, error);
  }
  if (!response.ok) {
    const reason = (answer as { error?: unknown } | null)?.error;
    const text = typeof reason === 'string' ? reason : `HTTP ${response.status}`;
    throw new ValidationError(`the simulated service at ${origin} refused the faults: ${text}`, [
      { path: 'faults', message: text },
    ]);
  }
  return faultSettingsOf(answer, origin);
}

/** Checks that a simulator answered with its complete fault settings. */
function faultSettingsOf(answer: unknown, origin: string): FaultSettings {
  const parsed = parseFaultPatch(answer);
  const complete = parsed.ok && FAULT_FIELDS.every((field) => field in parsed.patch);
  if (!parsed.ok || !complete) {
    throw new VigiaError('UNAVAILABLE', `${origin} did not answer like a simulated service (GET /chaos)`, {
      details: { target: origin },
    });
  }
  return parsed.patch as FaultSettings;
}

/** The fault settings in force at a simulated service (`GET <url>/chaos`). */
export function readFaults(baseUrl: string): Promise<FaultSettings> {
  return call(baseUrl, '/chaos', 'GET');
}

/** Switches some faults of a simulated service (`POST <url>/chaos`); returns the settings now in force. */
export function switchFaults(baseUrl: string, patch: Partial<FaultSettings>): Promise<FaultSettings> {
  return call(baseUrl, '/chaos', 'POST', patch);
}

/** Restores a simulated service's start settings (`POST <url>/chaos/reset`). */
export function resetFaults(baseUrl: string): Promise<FaultSettings> {
  return call(baseUrl, '/chaos/reset', 'POST');
}
