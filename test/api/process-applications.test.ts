import { expect, it } from 'vitest';
import { Aggregate } from '../../src/aggregates/aggregate.js';
import { Application } from '../../src/aggregates/application.js';
import { ProcessApplication, type Policy } from '../../src/projections/process-application.js';
import { StreamStore } from '../../src/streams/stream-store.js';
import type { EventStoreRecorder } from '../../src/types.js';
import { forEachBackend, testMapper, type Backend } from './support/backends.js';
import { Invoice, type InvoiceEvent } from './support/invoice.js';

type ReceiptEvent = { readonly topic: 'Receipt.Issued'; readonly invoice: string };

/** A receipt per paid invoice; a random id each, so a repeated policy run shows as two. */
class Receipt extends Aggregate<ReceiptEvent> {
  static override readonly category = 'receipts';
  invoice = '';

  static for(invoice: string): Receipt {
    const receipt = new Receipt();
    receipt.trigger({ topic: 'Receipt.Issued', invoice });
    return receipt;
  }

  protected override apply(event: ReceiptEvent): void {
    // One topic only: nothing to switch on.
    this.invoice = event.invoice;
  }
}

const issueReceipts: Policy<InvoiceEvent> = ({ streamId, event }, processing) => {
  if (event.topic === 'Invoice.Paid') processing.save(Receipt.for(streamId));
};

function receiptsApp(recorder: EventStoreRecorder, policy: Policy<InvoiceEvent> = issueReceipts) {
  return new ProcessApplication({
    recorder,
    mapper: testMapper(),
    name: 'receipts',
    topics: ['Invoice.Paid'],
    policy,
  });
}

async function payInvoices(recorder: EventStoreRecorder, count: number): Promise<string[]> {
  const app = new Application({ recorder, mapper: testMapper() });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const invoice = Invoice.issue(String(i), 'ada');
    invoice.pay(new Date(Date.UTC(2024, 0, 1)));
    await app.save(invoice);
    ids.push(`invoices/${invoice.id}`);
  }
  return ids;
}

async function receiptsFor(recorder: EventStoreRecorder): Promise<string[]> {
  const store = new StreamStore({ recorder, mapper: testMapper() });
  const events = await store.category('receipts').read();
  return events.map((e) => String(e.event.invoice)).sort();
}

async function setUp(backend: Backend, count: number) {
  const database = backend.database();
  const recorder = await database.open();
  const invoices = (await payInvoices(recorder, count)).sort();
  return { database, recorder, invoices };
}

forEachBackend('Process applications', (backend) => {
  it('records the new events and the tracking record in one insertEvents call', async () => {
    const { recorder, invoices } = await setUp(backend, 1);
    const calls: { events: string[]; tracking: number | undefined }[] = [];
    const insert = recorder.insertEvents.bind(recorder);
    recorder.insertEvents = (events, options) => {
      calls.push({
        events: events.map((e) => e.topic),
        tracking: options?.tracking?.notificationId,
      });
      return insert(events, options);
    };
    expect(await receiptsApp(recorder).catchUp()).toBe(2);
    expect(calls).toEqual([{ events: ['Receipt.Issued'], tracking: 2 }]);
    expect(await receiptsFor(recorder)).toEqual(invoices);
  });

  it('records nothing for a notification whose policy fails, and processes it once after a restart', async () => {
    const { recorder, invoices } = await setUp(backend, 3);
    let failures = 1;
    const flaky: Policy<InvoiceEvent> = async (event, processing) => {
      await issueReceipts(event, processing);
      // Tried: a policy that saved a receipt and then crashed, on the second paid invoice.
      if (event.position === 4 && failures-- > 0) throw new Error('Policy crashed.');
    };
    await expect(receiptsApp(recorder, flaky).catchUp()).rejects.toThrow('Policy crashed.');
    // Kept: the first receipt and its tracking; nothing of the second.
    expect(await recorder.maxTrackingId('receipts')).toBe(2);
    expect((await receiptsFor(recorder)).length).toBe(1);
    await receiptsApp(recorder, flaky).catchUp();
    expect(await receiptsFor(recorder)).toEqual(invoices);
  });

  it('lets two instances (two tabs) run at once without processing anything twice', async () => {
    const { database, recorder, invoices } = await setUp(backend, 5);
    const otherTab = await database.open();
    await Promise.all([
      receiptsApp(recorder).catchUp(),
      receiptsApp(otherTab).catchUp(),
      receiptsApp(recorder).catchUp(),
    ]);
    expect(await receiptsFor(recorder)).toEqual(invoices);
    expect(await recorder.maxTrackingId('receipts')).toBe(10);
  });

  it('writes nothing when an aggregate it saves was changed elsewhere', async () => {
    const { recorder } = await setUp(backend, 1);
    const app = new Application({ recorder, mapper: testMapper() });
    const [paid] = await app.streams.category('invoices').read();
    const invoiceId = paid?.streamId.slice('invoices/'.length) ?? '';
    // The policy pays the invoice again, but another writer changes it first.
    const conflicting: Policy<InvoiceEvent> = async (_, processing) => {
      const invoice = await processing.repository.get(Invoice, invoiceId);
      const elsewhere = await app.repository.get(Invoice, invoiceId);
      elsewhere.pay(new Date(Date.UTC(2024, 1, 1)));
      await app.save(elsewhere);
      invoice.pay(new Date(Date.UTC(2024, 2, 1)));
      processing.save(invoice, Receipt.for('x'));
    };
    await expect(receiptsApp(recorder, conflicting).catchUp()).rejects.toMatchObject({
      name: 'VersionConflictError',
    });
    expect(await recorder.maxTrackingId('receipts')).toBe(0);
    expect(await receiptsFor(recorder)).toEqual([]);
    // Tried: a receipt and a second payment, with tracking. Kept: only the other writer's payment.
    const invoice = await app.repository.get(Invoice, invoiceId);
    expect([invoice.version, invoice.paidAt]).toEqual([3, new Date(Date.UTC(2024, 1, 1))]);
  });
});
