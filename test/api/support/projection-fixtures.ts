/** Invoices to project, the totals they must project to, and ways to make a run fail. */
import { Application } from '../../../src/aggregates/application.js';
import type { Projection } from '../../../src/projections/projection.js';
import { OperationalError } from '../../../src/errors.js';
import type { EventData } from '../../../src/streams/stream-events.js';
import type { EventStoreRecorder } from '../../../src/types.js';
import { testMapper } from './backends.js';
import { Invoice } from './invoice.js';
import type { InvoiceTotal } from './read-models.js';

/**
 * Records `count` invoices, each issued then given `lines` lines of 1, 2, … and paid, one
 * save per event so that notifications interleave; returns the totals they must project to.
 */
export async function recordInvoices(
  recorder: EventStoreRecorder,
  count: number,
  lines = 2,
): Promise<InvoiceTotal[]> {
  const app = new Application({ recorder, mapper: testMapper() });
  const invoices = Array.from({ length: count }, (_, i) =>
    Invoice.issue(String(1000 + i), i % 2 === 0 ? 'ada' : 'bob'),
  );
  for (const invoice of invoices) await app.save(invoice);
  for (let line = 1; line <= lines; line++) {
    for (const invoice of invoices) {
      invoice.addLine(line);
      await app.save(invoice);
    }
  }
  for (const invoice of invoices) {
    invoice.pay(new Date(Date.UTC(2024, 0, 1)));
    await app.save(invoice);
  }
  return invoices.map((invoice) => ({
    invoice: `invoices/${invoice.id}`,
    customer: invoice.customer,
    total: invoice.total,
    lines,
  }));
}

/** `projection`, failing with an error at the notification at `position` while `armed()`. */
export function failingAt<E extends EventData>(
  projection: Projection<E>,
  position: number,
  armed: () => boolean = () => true,
): Projection<E> {
  return {
    ...projection,
    handle(event, view) {
      if (event.position === position && armed()) throw new Error(`Crashed at ${position}.`);
      return projection.handle(event, view);
    },
  };
}

/**
 * A recorder whose next `insertEvents` commits and then rejects, as when a tab dies after
 * its transaction committed but before the caller heard of it.
 */
export function losingAcknowledgement(recorder: EventStoreRecorder): EventStoreRecorder {
  let lose = true;
  return {
    insertEvents: async (events, options) => {
      const ids = await recorder.insertEvents(events, options);
      if (!lose) return ids;
      lose = false;
      throw new OperationalError('The acknowledgement was lost.');
    },
    selectEvents: (id, options) => recorder.selectEvents(id, options),
    selectNotifications: (start, limit, options) =>
      recorder.selectNotifications(start, limit, options),
    maxNotificationId: () => recorder.maxNotificationId(),
    subscribe: (options) => recorder.subscribe(options),
    maxTrackingId: (name) => recorder.maxTrackingId(name),
    hasTrackingId: (name, id) => recorder.hasTrackingId(name, id),
    getRecord: (store, key) => recorder.getRecord(store, key),
    getRecords: (store, query) => recorder.getRecords(store, query),
    deleteEvents: (id, options) => recorder.deleteEvents(id, options),
    close: () => recorder.close(),
  };
}

/** The read model rows, sorted by invoice. */
export async function totals(recorder: EventStoreRecorder): Promise<InvoiceTotal[]> {
  const rows = (await recorder.getRecords('invoiceTotals')) as unknown as InvoiceTotal[];
  return byInvoice(rows);
}

/** Rows sorted by invoice, for comparison. */
export function byInvoice(rows: readonly InvoiceTotal[]): InvoiceTotal[] {
  return [...rows].sort((a, b) => (a.invoice < b.invoice ? -1 : a.invoice > b.invoice ? 1 : 0));
}
