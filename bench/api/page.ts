/** The benchmark page of the store APIs: fixtures built in the warm-up, cases run on demand. */
import { exposeSuite } from '../harness/page.js';
import { projectionCases } from './cases-projection.js';
import { rebuildCases } from './cases-rebuild.js';
import { logFixture, rebuildFixture } from './fixtures.js';

exposeSuite({
  cases: [...rebuildCases(), ...projectionCases()],
  // Builds both databases, so that no case times their writing, then lets the engine settle
  // (LevelDB compacts what was just written) before the first case.
  warmUp: async () => {
    await rebuildFixture();
    await logFixture();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  },
});
