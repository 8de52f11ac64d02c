import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api.js';
import { ownFieldErrors } from './own-field-errors.js';

describe('ownFieldErrors', () => {
  it('keeps the messages of exactly the field, not of the fields under it', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'Invalid silences', [
      { field: 'body.matchers', message: 'match every alert' },
      { field: 'body.matchers[1]', message: 'is not a matcher' },
      { field: 'body.comment', message: 'is required' },
    ]);
    expect(ownFieldErrors(error, 'body.matchers')).toEqual(['match every alert']);
    expect(ownFieldErrors(error, 'body.matchers[1]')).toEqual(['is not a matcher']);
    expect(ownFieldErrors(error, 'body.duration')).toEqual([]);
  });

  it('has nothing for an error that is not the server’s', () => {
    expect(ownFieldErrors(new Error('offline'), 'body.comment')).toEqual([]);
  });
});
