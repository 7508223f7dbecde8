/**
 * A projection catching up on 10,000 events, in Node with the in-memory and fake-indexeddb
 * recorders: every event applied once, in batches (one transaction per 100 notifications).
 */
import { expect, it } from 'vitest';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import { StreamStore } from '../../src/streams/stream-store.js';
import type { StreamAppend } from '../../src/streams/append-plan.js';
import type { EventStoreRecorder } from '../../src/types.js';
import { forEachBackend, testMapper } from './support/backends.js';
import type { InvoiceEvent } from './support/invoice.js';
import { totals } from './support/projection-fixtures.js';
import { invoiceTotals, type InvoiceTotal } from './support/read-models.js';

const invoices = 1_000;
const linesPerInvoice = 9; // + the issue: 10 events per invoice, 10,000 in all

/** Records 10,000 events, 50 invoices per transaction; returns the totals they project to. */
async function recordTenThousand(recorder: EventStoreRecorder): Promise<InvoiceTotal[]> {
  const store = new StreamStore({ recorder, mapper: testMapper() });
  const expected: InvoiceTotal[] = [];
  for (let first = 0; first < invoices; first += 50) {
    const appends: StreamAppend<InvoiceEvent>[] = [];
    for (let i = first; i < first + 50; i++) {
      const streamId = `invoices/${String(i).padStart(4, '0')}`;
      const lines = Array.from({ length: linesPerInvoice }, (_, l) => ({
        topic: 'Invoice.LineAdded' as const,
        amount: l + i,
      }));
      const issued = { topic: 'Invoice.Issued' as const, number: String(i), customer: `c${i % 7}` };
      appends.push({ streamId, events: [issued, ...lines] });
      const total = lines.reduce((sum, line) => sum + line.amount, 0);
      expected.push({
        invoice: streamId,
        customer: issued.customer,
        total,
        lines: linesPerInvoice,
      });
    }
    await store.appendMany(appends);
  }
  return expected;
}

forEachBackend('A projection catching up on 10,000 events', (backend) => {
  it(
    'applies every event once, 100 notifications per transaction',
    { timeout: 120_000 },
    async () => {
      const recorder = await backend.database().open();
      const expected = await recordTenThousand(recorder);
      expect(await recorder.maxNotificationId()).toBe(10_000);
      let commits = 0;
      const insert = recorder.insertEvents.bind(recorder);
      recorder.insertEvents = (events, options) => {
        commits++;
        return insert(events, options);
      };
      const runner = new ProjectionRunner({
        recorder,
        mapper: testMapper(),
        projection: invoiceTotals(),
        batchSize: 100,
      });
      expect(await runner.catchUp()).toBe(10_000);
      expect(commits).toBe(100);
      expect(await totals(recorder)).toEqual(expected);
    },
  );
});
