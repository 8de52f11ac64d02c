import { describe, expect, it } from 'vitest';
import { toSqlitePlaceholders } from './sqlite-transaction.js';

describe('toSqlitePlaceholders', () => {
  it('rewrites $n outside quotes only', () => {
    expect(toSqlitePlaceholders('SELECT $1, \'$2\', "$3", $12 FROM t WHERE a = $1')).toBe(
      'SELECT @p1, \'$2\', "$3", @p12 FROM t WHERE a = @p1',
    );
  });
});
