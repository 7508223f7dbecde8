import { exposeSuite } from '../harness/page.js';
import { appendCases, concurrencyCases, latencyCases, withStore } from './cases-append.js';
import { coldCases, diskSetups, storageCases } from './cases-disk.js';
import { mapperCases } from './cases-mapper.js';
import { projectionCases, readCases } from './cases-read.js';
import { aggregateIds, chunks, storedEvents } from './events.js';
import type { Variant } from './stores.js';

/** Warms the engine's IndexedDB and JIT: 2,000 events at 100 per call with each writer. */
async function warmUp(): Promise<void> {
  for (const variant of ['ours', 'raw', 'dexie'] as const satisfies readonly Variant[]) {
    await withStore(variant, async (store) => {
      for (const call of chunks(storedEvents(aggregateIds(), 2_000), 100)) await store.insert(call);
    });
  }
}

exposeSuite({
  cases: [
    ...appendCases(),
    ...concurrencyCases(),
    ...latencyCases(),
    ...readCases(),
    ...mapperCases(),
    ...projectionCases(),
    ...coldCases(),
    ...storageCases(),
  ],
  warmUp,
  setups: diskSetups,
});
