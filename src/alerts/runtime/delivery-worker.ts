import type { EventStore } from '../../events/index.js';
import type { Logger } from '../../kernel/index.js';
import {
  AlertEvents,
  type NotificationAttemptedData,
  type NotificationDeliveredData,
  type NotificationFailedData,
  type NotificationRequestedData,
  notificationStream,
} from '../alert-events.js';
import type { NotificationDelivery } from '../notify/notification-delivery.js';
import type { Receiver } from './alert-definitions.js';

export const DELIVERY_ACTOR = 'system:alerts-delivery';

/**
 * Delivers recorded notification requests, each on its own (a slow or failing receiver never
 * holds up another), and records every attempt and the outcome in the notification's stream.
 */
export class DeliveryWorker {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly store: EventStore,
    private readonly delivery: NotificationDelivery,
    private readonly receiverByName: (name: string) => Receiver | undefined,
    private readonly logger: Logger,
  ) {}

  /** Starts delivering `requests` (ones already in flight are skipped). */
  enqueue(requests: ReadonlyArray<NotificationRequestedData>): void {
    for (const request of requests) {
      if (this.inFlight.has(request.notificationId) || this.abort.signal.aborted) continue;
      const work = this.deliver(request)
        .catch((error: unknown) =>
          this.logger.error(
            { err: error, notificationId: request.notificationId },
            'delivery bookkeeping failed',
          ),
        )
        .finally(() => this.inFlight.delete(request.notificationId));
      this.inFlight.set(request.notificationId, work);
    }
  }

  /** Deliveries under way. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves once every delivery under way has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }

  /** Stops retrying (attempts in progress finish); unfinished deliveries resume on the next start. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.idle();
    await this.delivery.close();
  }

  private async deliver(request: NotificationRequestedData): Promise<void> {
    const stream = notificationStream(request.notificationId);
    const metadata = { actor: DELIVERY_ACTOR, correlationId: request.alerts[0]?.alertId };
    const receiver = this.receiverByName(request.receiverName);
    if (!receiver) {
      const failed: NotificationFailedData = {
        notificationId: request.notificationId,
        receiverId: request.receiverId,
        attempts: 0,
        error: `receiver "${request.receiverName}" no longer exists`,
        retryable: false,
      };
      await this.store.appendToStream(stream, [
        { type: AlertEvents.notificationFailed, data: failed, metadata },
      ]);
      return;
    }
    const recordAttempt = async (attempt: NotificationAttemptedData) => {
      await this.store.appendToStream(stream, [
        { type: AlertEvents.notificationAttempted, data: attempt, metadata },
      ]);
    };
    const outcome = await this.delivery.deliver(receiver, request, this.abort.signal, recordAttempt);
    // Stopped between attempts: neither delivered nor given up; the next start resumes it.
    if (!outcome.delivered && this.abort.signal.aborted) return;
    if (outcome.delivered) {
      const data: NotificationDeliveredData = {
        notificationId: request.notificationId,
        receiverId: receiver.id,
        attempts: outcome.attempts,
      };
      await this.store.appendToStream(stream, [{ type: AlertEvents.notificationDelivered, data, metadata }]);
    } else {
      const data: NotificationFailedData = {
        notificationId: request.notificationId,
        receiverId: receiver.id,
        attempts: outcome.attempts,
        error: outcome.error ?? 'delivery failed',
        retryable: outcome.retryable,
      };
      await this.store.appendToStream(stream, [{ type: AlertEvents.notificationFailed, data, metadata }]);
      this.logger.warn(
        { notificationId: request.notificationId, receiver: receiver.name, error: data.error },
        'notification not delivered',
      );
    }
  }
}
