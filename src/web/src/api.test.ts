import { describe, expect, it } from 'vitest';
import { problemOf } from './api.js';

describe('problemOf', () => {
  it('reads the detail, the code and the field errors of a problem answer', () => {
    const error = problemOf(412, {
      code: 'PRECONDITION_FAILED',
      detail: 'The monitor changed since version 3',
      errors: [{ field: 'body.name', message: 'is taken' }, { nonsense: true }],
    });
    expect(error.status).toBe(412);
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe('The monitor changed since version 3');
    expect(error.fields).toEqual([{ field: 'body.name', message: 'is taken' }]);
  });

  it('falls back to the title, then to the status, never to raw JSON', () => {
    expect(problemOf(409, { title: 'Conflict' }).message).toBe('Conflict');
    expect(problemOf(502, undefined).message).toBe('The server answered 502.');
    expect(problemOf(500, 'not json').code).toBe('ERROR');
  });
});
