import { type Logger, toError } from '../../kernel/index.js';

/**
 * Tells other instances that events were committed, with a NOTIFY sent after the commit on
 * any pooled connection. NOTIFY inside the append transaction would take a database-wide
 * lock held through commit and serialise every concurrent append. Coalesced: while one
 * NOTIFY is in flight, any number of further commits send just one more after it. A lost
 * announcement only delays other instances until their safety re-check; no event is lost.
 */
export class CommitAnnouncer {
  private inFlight = false;
  private again = false;
  private closed = false;

  constructor(
    private readonly send: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  announce(): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    this.send()
      .catch((error: unknown) => this.logger.debug({ err: toError(error) }, 'NOTIFY after commit failed'))
      .finally(() => {
        this.inFlight = false;
        if (this.again) {
          this.again = false;
          this.announce();
        }
      });
  }

  close(): void {
    this.closed = true;
  }
}
