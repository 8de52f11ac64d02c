import type { Clock, Logger } from '../kernel/index.js';
import { ConsecutiveWindow } from './breaker/ConsecutiveWindow.js';
import { CircuitBreakerPolicy } from './CircuitBreakerPolicy.js';

/** A breaker as people read it: half-open while it probes, open while it refuses (isolated too). */
export type BreakerView = 'closed' | 'open' | 'half-open';

export interface BreakersByDestinationOptions {
  /** What the destinations are, for names and the log line: `action`, `notify`. */
  purpose: string;
  /** Consecutive failures that open a destination's breaker. */
  failureThreshold: number;
  openMs: number;
  /** Which errors count against the destination (a refusal it answered does not). */
  isFailure: (error: unknown) => boolean;
  clock: Clock;
  logger: Logger;
}

/**
 * One circuit breaker per destination (an HTTP origin, an SMTP server, an executable), made on
 * first use, each opening after consecutive failures; every change of state is logged.
 */
export class BreakersByDestination {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(private readonly options: BreakersByDestinationOptions) {}

  /** The breaker of `destination`. */
  for(destination: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(destination);
    if (!breaker) {
      const { purpose, failureThreshold, openMs, isFailure, clock, logger } = this.options;
      breaker = new CircuitBreakerPolicy({
        name: `${purpose} ${destination}`,
        window: new ConsecutiveWindow({ failureThreshold }),
        breakDurationMs: openMs,
        isFailure,
        clock,
      });
      breaker.on((event) => {
        if (event.type === 'breaker.state_changed') {
          logger.warn(
            { destination, from: event.from, to: event.to, reason: event.reason },
            `${purpose} circuit`,
          );
        }
      });
      this.breakers.set(destination, breaker);
    }
    return breaker;
  }

  /** The circuit of every destination used so far. */
  states(): Array<{ destination: string; state: BreakerView }> {
    return [...this.breakers].map(([destination, breaker]) => {
      const state = breaker.state;
      const view: BreakerView =
        state === 'half-open' ? 'half-open' : state === 'open' || state === 'isolated' ? 'open' : 'closed';
      return { destination, state: view };
    });
  }
}
