import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api.js';
import { OTHER_FIELDS } from './document-form.js';
import { otherFieldNames, placeProblems, serverProblems, topLevelField } from './field-errors.js';

describe('topLevelField', () => {
  it('is the first segment of a path', () => {
    expect(topLevelField('condition.window')).toBe('condition');
    expect(topLevelField('steps[0].action.url')).toBe('steps');
    expect(topLevelField('intervalSeconds')).toBe('intervalSeconds');
    expect(topLevelField('')).toBeUndefined();
  });
});

describe('serverProblems', () => {
  it('makes body paths relative to the document and keeps other paths in the message', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'Invalid request', [
      { field: 'body.condition.window', message: 'must be a duration' },
      { field: 'querystring.limit', message: 'must be <= 500' },
    ]);
    expect(serverProblems(error, true)).toEqual([
      { field: 'condition.window', message: 'must be a duration' },
      { field: '', message: 'querystring.limit: must be <= 500' },
    ]);
  });

  it('puts a name clash beside the name of a named kind', () => {
    const clash = new ApiError(409, 'CONFLICT', 'A monitor named "web" exists already');
    expect(serverProblems(clash, true)).toEqual([
      { field: 'name', message: 'A monitor named "web" exists already' },
    ]);
    expect(serverProblems(clash, false)).toEqual([]);
    expect(serverProblems(new ApiError(409, 'MANAGED_BY_CONFIG', 'from the file'), true)).toEqual([]);
    expect(serverProblems(new Error('offline'), true)).toEqual([]);
  });
});

describe('placeProblems', () => {
  const shown = ['name', 'intervalSeconds', 'condition'];

  it('puts each problem beside its top-level field, nested ones with their full path', () => {
    expect(
      placeProblems(
        [
          { field: 'intervalSeconds', message: 'must be >= 5' },
          { field: 'condition.window', message: 'must be a duration' },
          { field: 'condition.matchers[1]', message: '"oops" is not a matcher' },
        ],
        shown,
        [],
      ),
    ).toEqual({
      byField: {
        intervalSeconds: ['must be >= 5'],
        condition: ['condition.window: must be a duration', 'condition.matchers[1]: "oops" is not a matcher'],
      },
      general: [],
    });
  });

  it('puts problems of fields in "Other fields" there, and the rest at the top', () => {
    expect(
      placeProblems(
        [
          { field: 'url', message: 'is a field of http monitors, not tcp' },
          { field: OTHER_FIELDS, message: 'must be a JSON object' },
          { field: 'labels.team', message: 'must be a string' },
          { field: '', message: 'querystring.limit: too big' },
        ],
        shown,
        ['url'],
      ),
    ).toEqual({
      byField: { [OTHER_FIELDS]: ['url: is a field of http monitors, not tcp', 'must be a JSON object'] },
      general: ['labels.team: must be a string', 'querystring.limit: too big'],
    });
  });
});

describe('otherFieldNames', () => {
  it('lists the names of a JSON object, none for anything else', () => {
    expect(otherFieldNames('{ "a": 1, "b": [] }')).toEqual(['a', 'b']);
    expect(otherFieldNames('')).toEqual([]);
    expect(otherFieldNames('[1]')).toEqual([]);
    expect(otherFieldNames('{ oops')).toEqual([]);
  });
});
