import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteEventStore, StoreUnavailableError } from '../src/events/index.js';
import { describeConsumerContract } from './consumers.contract.js';
import { describeEventStoreContract, type StoreFactory } from './event-store.contract.js';

const sqliteFactory: StoreFactory = async (clock) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigia-store-'));
  const file = path.join(dir, 'events.db');
  const opened: SqliteEventStore[] = [SqliteEventStore.open({ file, clock })];
  return {
    store: opened[0]!,
    reopen: async () => {
      const store = SqliteEventStore.open({ file, clock });
      opened.push(store);
      return store;
    },
    cleanup: async () => {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

describeEventStoreContract('sqlite', sqliteFactory);
describeConsumerContract('sqlite', sqliteFactory);

describe('SQLite store faults', () => {
  it('refuses a path it cannot open with StoreUnavailableError naming the path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigia-store-'));
    try {
      expect(() => SqliteEventStore.open({ file: dir })).toThrow(StoreUnavailableError);
      expect(() => SqliteEventStore.open({ file: dir })).toThrow(dir);
      expect(() => SqliteEventStore.open({ file: ':memory:' })).toThrow(/file path/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not a Vigia database, leaving it untouched', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigia-store-'));
    const file = path.join(dir, 'events.db');
    writeFileSync(file, 'this is not sqlite');
    try {
      expect(() => SqliteEventStore.open({ file })).toThrow(StoreUnavailableError);
      expect(readFileSync(file, 'utf8')).toBe('this is not sqlite');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
