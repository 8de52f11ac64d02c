import { VigiaError } from '../kernel/index.js';
import type { ExpectedVersion } from './envelope.js';

/** The stream was not at the version the writer expected; nothing was written. */
export class WrongExpectedVersionError extends VigiaError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    const actualText = actual === 0 ? 'no stream' : `version ${actual}`;
    super(
      'WRONG_EXPECTED_VERSION',
      `Stream "${streamId}" expected ${describeExpected(expected)} but is at ${actualText}; nothing was written`,
      { details: { streamId, expected, actual } },
    );
  }
}

function describeExpected(expected: ExpectedVersion): string {
  if (expected === 'no-stream') return 'no stream';
  if (expected === 'exists') return 'an existing stream';
  if (expected === 'any') return 'any version';
  return `version ${expected}`;
}

/** An event to append is malformed (no type, data not JSON, over the size limit …); nothing was written. */
export class InvalidEventError extends VigiaError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INVALID_EVENT', message, { details });
  }
}

/** Some of the event ids in an append are stored already, but not as this exact append. */
export class IdempotencyConflictError extends VigiaError {
  constructor(streamId: string, eventId: string, reason: string) {
    super(
      'IDEMPOTENCY_CONFLICT',
      `Event ${eventId} appended to "${streamId}" is already stored ${reason}; nothing was written`,
      { details: { streamId, eventId } },
    );
  }
}

/** The database behind the store cannot be reached or refused the operation. */
export class StoreUnavailableError extends VigiaError {
  constructor(message: string, cause?: unknown) {
    super('STORE_UNAVAILABLE', message, { cause });
  }
}

/** The store was closed; no more reads or writes. */
export class StoreClosedError extends VigiaError {
  constructor() {
    super('STORE_CLOSED', 'The event store is closed');
  }
}

/** Another instance holds the lease of this consumer. */
export class LeaseLostError extends VigiaError {
  constructor(consumer: string) {
    super(
      'LEASE_LOST',
      `Consumer "${consumer}" lost its lease to another instance; its batch was not committed`,
      {
        details: { consumer },
      },
    );
  }
}
