/**
 * The data the cases read, built once per page (so once per round) outside any timing:
 * ten accounts of 1,000 events each for rebuilding, 10,000 events over 1,000 streams for
 * catching up. Written through our APIs into IndexedDB and read by ours; the same events are
 * copied into a database of the raw layout for the raw baselines (see raw.ts).
 */
import {
  Aggregate,
  Application,
  eventStoreStores,
  IndexedDBProcessRecorder,
  JSONTranscoder,
  Mapper,
  StreamStore,
  type EventStoreRecorder,
  type StreamAppend,
} from '../../src/index.js';
import { copyToRaw } from './raw.js';

/** What happens to a bench account. */
export type BenchEvent =
  | { readonly topic: 'Bench.Opened'; readonly owner: string }
  | { readonly topic: 'Bench.LineAdded'; readonly amount: number };

/** An account whose lines add up. */
export class BenchAccount extends Aggregate<BenchEvent> {
  static override readonly category: string | undefined = 'bench';
  owner = '';
  total = 0;

  addLine(amount: number): void {
    this.trigger({ topic: 'Bench.LineAdded', amount });
  }

  protected override apply(event: BenchEvent): void {
    switch (event.topic) {
      case 'Bench.Opened':
        this.owner = event.owner;
        break;
      case 'Bench.LineAdded':
        this.total += event.amount;
        break;
      default:
        this.unknownTopic(event);
    }
  }
}

/** The same account, snapshotted every 100 versions on save. */
export class SnapshottedAccount extends BenchAccount {
  static override readonly category: string | undefined = 'bench-snapshotted';
  static override readonly snapshotEvery: number | undefined = 100;
}

/** The record stores of every bench database: ours and the projection's read model. */
export const benchStores = {
  ...eventStoreStores,
  counts: { keyPath: ['run', 'stream'] },
};

/** Events per rebuilt aggregate, and in the projection's log. */
export const aggregateEvents = 1_000;
export const logEvents = 10_000;

/** A plain JSON mapper. */
export function benchMapper(): Mapper {
  return new Mapper({ transcoder: new JSONTranscoder() });
}

/** Opens (creating) bench database `name`. */
export function openRecorder(name: string): Promise<EventStoreRecorder> {
  return IndexedDBProcessRecorder.open({ name, stores: benchStores });
}

/** The rebuild databases (ours and the raw baselines') and one account id of each kind. */
export interface RebuildFixture {
  readonly name: string;
  readonly rawName: string;
  readonly plain: string;
  readonly snapshotted: string;
}

let rebuild: Promise<RebuildFixture> | undefined;

/** Five plain and five snapshotted accounts, 1,000 lines each, saved 100 lines at a time. */
export function rebuildFixture(): Promise<RebuildFixture> {
  rebuild ??= (async () => {
    const name = `bench-rebuild-${crypto.randomUUID()}`;
    const recorder = await openRecorder(name);
    const app = new Application({ recorder, mapper: benchMapper() });
    const accounts = [
      ...Array.from({ length: 5 }, () => new BenchAccount()),
      ...Array.from({ length: 5 }, () => new SnapshottedAccount()),
    ];
    const callEnds: number[] = [];
    for (let batch = 0; batch < aggregateEvents / 100; batch++) {
      for (const account of accounts) for (let i = 0; i < 100; i++) account.addLine(i);
      await app.save(...accounts);
      callEnds.push(await recorder.maxNotificationId());
    }
    const rawName = await copyToRaw(recorder, callEnds);
    await recorder.close();
    return { name, rawName, plain: accounts[0]?.id ?? '', snapshotted: accounts[5]?.id ?? '' };
  })();
  return rebuild;
}

/** The log databases: ours and the raw baselines'. */
export interface LogFixture {
  readonly name: string;
  readonly rawName: string;
}

let log: Promise<LogFixture> | undefined;

/** 1,000 streams of 10 events (opened, then 9 lines), 50 streams per transaction. */
export function logFixture(): Promise<LogFixture> {
  log ??= (async () => {
    const name = `bench-log-${crypto.randomUUID()}`;
    const recorder = await openRecorder(name);
    const store = new StreamStore({ recorder, mapper: benchMapper() });
    const callEnds: number[] = [];
    for (let first = 0; first < logEvents / 10; first += 50) {
      const appends: StreamAppend<BenchEvent>[] = [];
      for (let i = first; i < first + 50; i++) {
        const lines = Array.from({ length: 9 }, (_, l) => ({
          topic: 'Bench.LineAdded' as const,
          amount: l,
        }));
        appends.push({
          streamId: `log/${i}`,
          events: [{ topic: 'Bench.Opened', owner: `o${i}` }, ...lines],
        });
      }
      await store.appendMany(appends);
      callEnds.push(await recorder.maxNotificationId());
    }
    const rawName = await copyToRaw(recorder, callEnds);
    await recorder.close();
    return { name, rawName };
  })();
  return log;
}
