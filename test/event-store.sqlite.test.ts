import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '../src/events/index.js';
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
