import { PostgresEventStore } from '../src/events/index.js';
import { describeConsumerContract } from './consumers.contract.js';
import { describeEventStoreContract, type StoreFactory } from './event-store.contract.js';
import { dropSchema, postgresUrlOrSkip, uniqueSchema } from './support/postgres.js';

const url = postgresUrlOrSkip();

/** Each test gets its own schema; a reopen is a second store (another instance) on the same schema. */
const postgresFactory: StoreFactory | null =
  url === null
    ? null
    : async (clock) => {
        const schema = uniqueSchema('contract');
        const open = () => PostgresEventStore.open({ connectionString: url, schema, clock, poolSize: 4 });
        const opened: PostgresEventStore[] = [await open()];
        return {
          store: opened[0]!,
          reopen: async () => {
            const store = await open();
            opened.push(store);
            return store;
          },
          cleanup: async () => {
            for (const store of opened) await store.close();
            await dropSchema(url, schema);
          },
        };
      };

describeEventStoreContract('postgres', postgresFactory);
describeConsumerContract('postgres', postgresFactory);
