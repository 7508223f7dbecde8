/** Rebuilding an aggregate of 1,000 events, with and without snapshots, against raw getAll. */
import type { PageCase } from '../harness/page.js';
import { Application } from '../../src/index.js';
import {
  aggregateEvents,
  BenchAccount,
  benchMapper,
  openRecorder,
  rebuildFixture,
  SnapshottedAccount,
} from './fixtures.js';
import { openRaw, rawAggregate } from './raw.js';
import { medianMs } from './timing.js';

const calls = { warm: 3, timed: 15 };
const param = `an aggregate of ${aggregateEvents.toLocaleString('en-US')} events, among 10,000`;

function expectLength(length: number): void {
  if (length !== aggregateEvents) throw new Error(`Read ${length} events, not ${aggregateEvents}.`);
}

async function ours(type: typeof BenchAccount, pick: 'plain' | 'snapshotted') {
  const fixture = await rebuildFixture();
  const recorder = await openRecorder(fixture.name);
  const app = new Application({ recorder, mapper: benchMapper() });
  try {
    return await medianMs(
      () => app.repository.get(type, fixture[pick]),
      (account) => {
        expectLength(account.version);
      },
      calls,
    );
  } finally {
    await recorder.close();
  }
}

async function raw() {
  const fixture = await rebuildFixture();
  const db = await openRaw(fixture.rawName);
  try {
    return await medianMs(
      () => rawAggregate(db, `bench/${fixture.plain}`),
      (rows) => {
        expectLength(rows.length);
      },
      calls,
    );
  } finally {
    db.close();
  }
}

/** The rebuild cases. */
export function rebuildCases(): PageCase[] {
  const baselines = { 'raw getAll': 'rebuild.raw' };
  return [
    {
      id: 'rebuild.raw',
      group: 'rebuild',
      param,
      label: 'raw IndexedDB: getAll on the position index (events not decoded)',
      run: raw,
    },
    {
      id: 'rebuild.ours',
      group: 'rebuild',
      param,
      label: 'ours: repository.get, no snapshot (1,000 events decoded and applied)',
      baselines,
      run: () => ours(BenchAccount, 'plain'),
    },
    {
      id: 'rebuild.ours-snapshot',
      group: 'rebuild',
      param,
      label: 'ours: repository.get from the snapshot at 1,000 (snapshotEvery 100)',
      baselines,
      run: () => ours(SnapshottedAccount, 'snapshotted'),
    },
  ];
}
