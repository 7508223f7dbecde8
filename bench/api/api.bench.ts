/// <reference types="node" />
/**
 * The store API benchmarks (issue 6): `npm run bench:api`. Runs ./index.html in Debian's
 * headless Chromium through the shared harness (bench/harness), writes ./results/latest.json
 * and latest.md, and copies the report to ./results.md. Options: --rounds N, --only REGEX.
 */
import { copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runCli } from '../harness/cli.js';
import type { SuiteDefinition } from '../harness/suite.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const suite: SuiteDefinition = {
  name: 'api',
  title: 'Store API benchmarks',
  pageRoot: here('.'),
  resultsDir: here('./results'),
  command: 'npm run bench:api',
  engines: ['chromium'],
  rounds: { chromium: 5, firefox: 3 },
  groups: [
    {
      id: 'rebuild',
      title: 'Rebuilding an aggregate of 1,000 events',
      note: 'Median of 15 `repository.get` calls after 3 warm ones, per round. The aggregate is one of ten of 1,000 events each, saved 100 events per aggregate per transaction (10,000 events). Ours decodes every event (JSON mapper) and applies it; the snapshotted kind is saved with `snapshotEvery = 100`, so loading reads the snapshot at 1,000 and no event. The raw row is one `getAll` of the same 1,000 events, not decoded.',
    },
    {
      id: 'projection',
      title: 'A projection catching up on 10,000 events',
      note: 'Median of 3 full catch-ups after 1 warm one, per round; each catch-up is a new projection (a fresh tracking name and read model key) over the same 10,000 events (1,000 streams of 10). Our projection reads each row through the view, updates it, and commits the batch (read model rows, tracking, progress record) in one transaction. The raw projection does the same work with bare IndexedDB calls and no mapper.',
    },
  ],
  method: [
    "**Machine and browser.** Debian's `/usr/bin/chromium`, headless, through puppeteer-core with the flags of the perf research (`--no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync`, plus `--js-flags=--expose-gc`), a fresh temporary profile per round, the page a production Vite build served by `vite preview`.",
    '**Data.** Built in the warm-up of each round through our APIs (`Application.save`, `StreamStore.appendMany`) into `IndexedDBProcessRecorder` (durability `strict`), never timed. The raw baselines read a database of their own in the plainest layout (one record per event: an auto-increment id and a unique `position` index on `[originatorId, originatorVersion]`, plus the `counts` and `tracking` stores the raw projection writes), since they cannot read our segments: the same events, read back from ours in notification order and written one transaction per call of ours (1,000 events per transaction for the rebuild data, 500 for the log), durability `strict`.',
    '**Figures.** Median and range over rounds; ratios are ours ÷ baseline computed within each round, then summarised the same way. Treat differences under ~15–20 % as noise on this shared 2-core machine.',
  ],
};

await runCli(suite, process.argv.slice(2));
await copyFile(here('./results/latest.md'), here('./results.md'));
