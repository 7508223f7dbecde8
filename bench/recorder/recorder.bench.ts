/// <reference types="node" />
/**
 * The recorder benchmarks (issue 5): `npm run bench`. Runs the page in ./index.html in
 * headless Chromium and Firefox ESR, writes ../results/latest.json and latest.md.
 * Options: --rounds N, --engines chromium,firefox, --only REGEX (case ids), --out DIR.
 */
import { fileURLToPath } from 'node:url';
import { runCli } from '../harness/cli.js';
import type { GroupDefinition, SuiteDefinition } from '../harness/suite.js';
import { recorderTargets } from './targets.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const groups: GroupDefinition[] = [
  {
    id: 'append',
    title: 'Appends, one call after another',
    note: "Each call is awaited before the next (append-then-acknowledge). Every writer uses durability `strict`, the recorder's default, except the row that says otherwise.",
  },
  {
    id: 'concurrent',
    title: 'Group commit: 100 concurrent single-event appends',
    note: 'Our recorder commits the calls that arrive while a transaction runs together in the next one. "100 calls in one task": 10 bursts of `Promise.all` over 100 calls. "100 writers": each of 100 async writers awaits its own appends in a loop, so calls arrive while transactions run. The raw baselines give every append its own transaction.',
  },
  {
    id: 'latency',
    title: 'Latency of one append',
    note: 'Single-event appends awaited one after another, each timed; p50 and p99 of 500 within a round, then the median over rounds.',
  },
  {
    id: 'read-aggregate',
    title: 'Loading an aggregate of 1,000 events',
    note: 'Median of 15 calls after 3 warm ones. Each writer reads a database it wrote itself, with the same events in calls of the same size (the layouts differ, see Method); the worker reads the one our recorder wrote. First rows: 10,000 events round-robin over 10 aggregates, 1,000 per call. Rows "written 1 event per call": the worst case of our layout, ours and raw only: 2,000 events round-robin over 2 aggregates, one awaited call per event, so every segment holds one event (built with durability `relaxed` to keep the build short; the records are the same). The raw figure is one `getAll` on the position index.',
  },
  {
    id: 'read-notifications',
    title: 'Reading 1,000 notifications from a position',
    note: 'Median of 15 calls after 3 warm ones, on the databases of the aggregate loads (the 1-event-per-call ones read ids 501 to 1,500 of 2,000); the raw figure is one `getAll` on the key range.',
  },
  {
    id: 'mapper',
    title: 'The mapper on and off, 100 events per call',
    note: 'Domain events of ~200 B state written through the mapper (`EventStore.put` when exported, else map in order, then one `insertEvents`), against the recorder alone with states serialised before the clock starts. "state bytes" is what one event\'s state weighs after mapping.',
  },
  {
    id: 'projection',
    title: 'A projection catching up on 10,000 events',
    note: 'A stand-in until the projection API exists, on the 10,000 events of the aggregate loads (each writer its own database): read notifications in pages of 500, decode each JSON state and fold it into a count per aggregate, record tracking once per page (its own transaction).',
  },
  {
    id: 'cold',
    title: 'Cold open: a database of 100,000 events',
    note: 'Time from `open` to the result of the first query (`maxNotificationId`), in a browser process just launched on a profile that holds the database (built once per run, 10,000 events per call, each writer its own; the worker opens ours). One browser launch per figure. The worker row includes starting the worker.',
  },
  {
    id: 'storage',
    title: 'Storage per event',
    note: '`navigator.storage.estimate().usage` after writing 10,000 events (100 per call) minus before, in a just-launched browser with an empty profile, 1 s after closing the database. See the caveats below.',
  },
];

const method = [
  '**Events.** ~200-byte JSON states (`{originator_id, originator_version, timestamp, trick, pad}` padded to 200 B, each in its own buffer), topic of 31 characters, spread round-robin over 10 aggregates (UUIDs), as in `shared/research/perf-baseline.md`. Every case writes a fresh database and deletes it, and checks the stored count (a wrong count fails the run, a slow figure never does).',
  "**Baselines, measured in the same round.** *raw*: a hand-written IndexedDB recorder doing the same job in the plainest layout (see Layout) with a `tracking` store; one transaction per call; no validation, copies or error translation; in `bench/recorder/raw-idb.ts`. *Dexie*: Dexie 4 `bulkAdd` on `++id, &[originatorId+originatorVersion]` with `chromeTransactionDurability` set to the same durability. Every writer uses durability `strict` (the recorder's default).",
  '**Rounds.** Each round launches a fresh browser with an empty temporary profile (flags of the perf research, `--js-flags=--expose-gc`), opens the page (a production Vite build served by `vite preview` with COOP/COEP, so `performance.now()` is fine-grained), warms up (2,000 events with each writer), then runs the cases in a new random order with `gc()` and a 200 ms pause between them. Cold-open and storage cases get a browser launch each. Figures are the median and range over rounds; ratios are computed within each round (ours ÷ baseline of the same figure) and summarised the same way, which cancels slow rounds.',
  '**Shared machine.** The harness reads `/proc` before and after every case and computes the CPU that processes outside its own tree used meanwhile. A run that saw more than 0.25 cores of it is left out of a figure whenever at least 3 undisturbed runs remain (marked † with the count). Residual noise is still there: treat differences under ~15–20 % as noise, as the research found.',
  "**Layout.** Our recorder stores one record per run of an aggregate's consecutive versions written by one transaction (`segments`, keyed by `[originatorId, lastVersion, firstVersion]`), with a unique multi-entry `position` index over every event's `[originatorId, version]` (IndexedDB refuses a taken position) and a unique `sequence` index on each run's last id (the application sequence); every write transaction also adds a record of the ids it gave out (`commits`), keyed by its first id, which proves the writer's belief about the last id without a read. So a call of 10 events over 10 aggregates writes 11 records and 20 index entries where raw writes 10 records and 10 entries, and a call of 1,000 events over 10 aggregates writes 11 records where raw writes 1,000. The raw baseline stores one record per event: an auto-increment id and a unique `position` index on `[originatorId, originatorVersion]`. Neither can read the other's records, so every read case gives each writer a database of its own, filled with the same events in calls of the same size.",
  "**Cold open.** One profile per engine is kept for the run; each figure launches the browser on it, so the database is cold for IndexedDB but the operating system's page cache is warm: this is a browser restart, not a machine boot.",
  "**Storage caveats.** `navigator.storage.estimate()` is an estimate of the whole origin: Chromium reports LevelDB's files (log and not-yet-compacted tables included, so the figure moves with compaction), Firefox the SQLite files; both may round or pad and update lazily. Read it as an order of magnitude and as a comparison between layouts, not an exact size.",
  '**Layers written alongside.** The mapper and the worker are looked up by their contract names (`Mapper`, `JSONTranscoder`, `ZlibCompressor`, `AESCipher`, `EventStore`, `openWorkerRecorder`) in `src/index.ts` of the commit measured; a row says "not yet measured" when a layer had not landed there.',
];

/** The suite's definition: its page, rounds, layout of the report and targets. */
export const recorderSuite: SuiteDefinition = {
  name: 'recorder',
  title: 'Recorder benchmarks',
  pageRoot: here('.'),
  resultsDir: here('../results'),
  command: 'npm run bench',
  engines: ['chromium', 'firefox'],
  rounds: { chromium: 5, firefox: 3 },
  groups,
  method,
  targets: recorderTargets,
};

await runCli(recorderSuite, process.argv.slice(3));
