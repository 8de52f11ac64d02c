import type { AppendResult, RecordedEvent } from '../envelope.js';
import type { PreparedAppend } from '../prepare-append.js';

interface PendingAppend {
  prepared: PreparedAppend[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Writes several requests' appends in one statement; throws if any of them cannot be written. */
  writeTogether: (
    prepared: PreparedAppend[],
  ) => Promise<{ results: AppendResult[]; recorded: RecordedEvent[] }>;
  /** Writes one request on its own, with the full retry, duplicate and conflict handling. */
  writeAlone: (prepared: PreparedAppend[]) => Promise<AppendResult[]>;
  /** Called with the events of a group written together. */
  published: (recorded: RecordedEvent[]) => void;
  /** Groups in flight at once (each on its own connection). */
  maxInFlight: number;
  /** Most events in one group. */
  maxEvents?: number;
}

/**
 * Group commit for PostgreSQL: appends that arrive while earlier ones are being written are
 * sent together as one statement (one round trip, one WAL flush) instead of one commit each.
 * When a group fails — a version conflict, a stored id, a failing inline projection — its
 * requests are written again one by one, so each succeeds or fails on its own.
 */
export class GroupCommit {
  private queue: PendingAppend[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions) {}

  submit(prepared: PreparedAppend[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ prepared, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.write(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private takeGroup(): PendingAppend[] {
    const maxEvents = this.options.maxEvents ?? 10_000;
    let events = 0;
    let count = 0;
    for (const request of this.queue) {
      const size = request.prepared.reduce((n, a) => n + a.events.length, 0);
      if (count > 0 && events + size > maxEvents) break;
      events += size;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async write(group: PendingAppend[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      await this.options.writeAlone(only!.prepared).then(only!.resolve, only!.reject);
      return;
    }
    try {
      const { results, recorded } = await this.options.writeTogether(group.flatMap((r) => r.prepared));
      this.options.published(recorded);
      let at = 0;
      for (const request of group) {
        request.resolve(results.slice(at, at + request.prepared.length));
        at += request.prepared.length;
      }
    } catch {
      for (const request of group) {
        await this.options.writeAlone(request.prepared).then(request.resolve, request.reject);
      }
    }
  }
}
