import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import path from 'node:path';
import { SqliteEventStore } from '../src/events/index.js';
const store = SqliteEventStore.open({ file: path.join(mkdtempSync(path.join(tmpdir(), 'q')), 'e.db') });
for (let r = 0; r < 3; r++) { const t = performance.now(); const N = 30000;
for (let i = 0; i < N; i++) await store.appendToStream(`s-${i % 100}`, [{ type: 'bench.appended', data: { i, payload: 'x'.repeat(64) } }]);
console.log('single/s', Math.round(N / ((performance.now() - t) / 1000))); }
await store.close();
