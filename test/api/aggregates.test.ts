import { expect, it } from 'vitest';
import { Application } from '../../src/aggregates/application.js';
import { AggregateNotFoundError, UnknownTopicError } from '../../src/aggregates/errors.js';
import { DataError, IntegrityError } from '../../src/errors.js';
import { VersionConflictError } from '../../src/streams/errors.js';
import { forEachBackend, testMapper, type Backend } from './support/backends.js';
import { Invoice, SnapshottedInvoice } from './support/invoice.js';

async function openApp(backend: Backend) {
  const recorder = await backend.database().open();
  return { recorder, app: new Application({ recorder, mapper: testMapper() }) };
}

/** An invoice with lines of 0, 1, 2, … (so version n has the total 0 + 1 + … + n - 1). */
function invoiceWithLines(type: typeof Invoice, lines: number): Invoice {
  const invoice = new type();
  for (let i = 0; i < lines; i++) invoice.addLine(i);
  return invoice;
}

forEachBackend('Aggregates and applications', (backend) => {
  it('applies triggered events at once and queues them for saving', () => {
    const invoice = Invoice.issue('1003', 'ada');
    invoice.addLine(50);
    expect(invoice.total).toBe(50);
    expect(invoice.version).toBe(2);
    expect(invoice.pendingEvents.map((e) => e.topic)).toEqual([
      'Invoice.Issued',
      'Invoice.LineAdded',
    ]);
  });

  it('saves and gets an aggregate back at its latest version', async () => {
    const { app } = await openApp(backend);
    const invoice = Invoice.issue('1003', 'ada');
    invoice.addLine(50);
    invoice.pay(new Date('2024-05-01T10:00:00Z'));
    await app.save(invoice);
    expect(invoice.pendingEvents).toEqual([]);
    const loaded = await app.repository.get(Invoice, invoice.id);
    expect(loaded).toMatchObject({ number: '1003', customer: 'ada', total: 50, version: 3 });
    expect(loaded.paidAt).toEqual(new Date('2024-05-01T10:00:00Z'));
  });

  it('gets an aggregate at a given version', async () => {
    const { app } = await openApp(backend);
    const invoice = Invoice.issue('1003', 'ada');
    invoice.addLine(50);
    invoice.addLine(25);
    await app.save(invoice);
    const atTwo = await app.repository.get(Invoice, invoice.id, { version: 2 });
    expect({ version: atTwo.version, total: atTwo.total }).toEqual({ version: 2, total: 50 });
  });

  it('keeps aggregates in their category as streams', async () => {
    const { app } = await openApp(backend);
    const invoice = Invoice.issue('1003', 'ada');
    await app.save(invoice);
    const events = await app.streams.stream(`invoices/${invoice.id}`).read();
    expect(events.map((e) => e.event.topic)).toEqual(['Invoice.Issued']);
  });

  it('saves several aggregates in one insertEvents call', async () => {
    const { app, recorder } = await openApp(backend);
    const calls: number[] = [];
    const insert = recorder.insertEvents.bind(recorder);
    recorder.insertEvents = (events, options) => {
      calls.push(events.length);
      return insert(events, options);
    };
    const [a, b] = [Invoice.issue('1', 'ada'), Invoice.issue('2', 'bob')];
    b.addLine(10);
    await app.save(a, b);
    expect(calls).toEqual([3]);
  });

  it('saves nothing of any aggregate when one of them conflicts', async () => {
    const { app } = await openApp(backend);
    const stale = Invoice.issue('1', 'ada');
    await app.save(stale);
    const current = await app.repository.get(Invoice, stale.id);
    current.addLine(1);
    await app.save(current);
    // Tried: a new invoice and a line on a stale copy, together. Kept: neither.
    const fresh = Invoice.issue('2', 'bob');
    stale.addLine(99);
    const saving = app.save(fresh, stale);
    await expect(saving).rejects.toBeInstanceOf(VersionConflictError);
    await expect(saving).rejects.toBeInstanceOf(IntegrityError);
    await expect(app.repository.get(Invoice, fresh.id)).rejects.toBeInstanceOf(
      AggregateNotFoundError,
    );
    expect((await app.repository.get(Invoice, stale.id)).total).toBe(1);
    expect(stale.pendingEvents).toHaveLength(1);
  });

  it('names the stream and both versions in a conflict', async () => {
    const { app } = await openApp(backend);
    const invoice = Invoice.issue('1', 'ada');
    await app.save(invoice);
    const other = await app.repository.get(Invoice, invoice.id);
    other.addLine(1);
    await app.save(other);
    invoice.addLine(2);
    const error = await app.save(invoice).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'VersionConflictError',
      streamId: `invoices/${invoice.id}`,
      expectedVersion: 1,
      actualVersion: 2,
    });
  });

  it('fails with AggregateNotFoundError for an unknown id or version', async () => {
    const { app } = await openApp(backend);
    await expect(app.repository.get(Invoice, 'nobody')).rejects.toBeInstanceOf(
      AggregateNotFoundError,
    );
    const invoice = Invoice.issue('1', 'ada');
    await app.save(invoice);
    await expect(app.repository.get(Invoice, invoice.id, { version: 2 })).rejects.toThrow(
      /has no version 2: its latest is 1/,
    );
  });

  it('fails with UnknownTopicError for an event apply does not handle', async () => {
    const { app } = await openApp(backend);
    const id = crypto.randomUUID();
    await app.streams.stream(`invoices/${id}`).append([{ topic: 'Invoice.Voided' }]);
    const error = await app.repository.get(Invoice, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownTopicError);
    expect(error).toMatchObject({ name: 'UnknownTopicError', topic: 'Invoice.Voided' });
  });

  it('takes a snapshot on demand and loads from it', async () => {
    const { app, recorder } = await openApp(backend);
    const invoice = invoiceWithLines(Invoice, 5);
    await app.save(invoice);
    await app.takeSnapshot(Invoice, invoice.id);
    const snapshots = await recorder.getRecords('snapshots');
    expect(snapshots.map((s) => s.originatorVersion)).toEqual([5]);
    // Loading reads the snapshot and no event at or below it.
    const select = recorder.selectEvents.bind(recorder);
    const asked: unknown[] = [];
    recorder.selectEvents = (id, options) => {
      asked.push(options?.gt);
      return select(id, options);
    };
    const loaded = await app.repository.get(Invoice, invoice.id);
    expect(asked).toEqual([5]);
    expect({ total: loaded.total, version: loaded.version }).toEqual({ total: 10, version: 5 });
  });

  it('snapshots every N versions and loads from the newest one at or below the version', async () => {
    const { app, recorder } = await openApp(backend);
    const invoice = invoiceWithLines(SnapshottedInvoice, 12);
    const [saved] = await app.save(invoice);
    expect(saved?.snapshotVersion).toBe(12);
    for (let i = 0; i < 9; i++) invoice.addLine(100);
    await app.save(invoice); // 21: crosses 20
    const versions = (await recorder.getRecords('snapshots')).map((s) => s.originatorVersion);
    expect(versions).toEqual([12, 21]);
    const atFifteen = await app.repository.get(SnapshottedInvoice, invoice.id, { version: 15 });
    expect({ version: atFifteen.version, total: atFifteen.total }).toEqual({
      version: 15,
      total: 366,
    });
  });

  it('snapshots at an older version on demand', async () => {
    const { app, recorder } = await openApp(backend);
    const invoice = invoiceWithLines(Invoice, 8);
    await app.save(invoice);
    await app.takeSnapshot(Invoice, invoice.id, 4);
    expect((await recorder.getRecords('snapshots')).map((s) => s.originatorVersion)).toEqual([4]);
    expect((await app.repository.get(Invoice, invoice.id)).total).toBe(28);
  });

  it('keeps snapshots out of the aggregate sequence', async () => {
    const { app, recorder } = await openApp(backend);
    const invoice = invoiceWithLines(Invoice, 3);
    await app.save(invoice);
    await app.takeSnapshot(Invoice, invoice.id);
    const stored = await recorder.selectEvents(`invoices/${invoice.id}`);
    expect(stored.map((e) => e.topic)).toEqual(Array(3).fill('Invoice.LineAdded'));
    expect(await recorder.maxNotificationId()).toBe(3);
  });

  it('refuses a bad snapshotEvery before saving anything', async () => {
    const { app, recorder } = await openApp(backend);
    class EveryZero extends Invoice {
      static override readonly snapshotEvery = 0;
    }
    const invoice = new EveryZero();
    invoice.addLine(1);
    await expect(app.save(invoice)).rejects.toBeInstanceOf(DataError);
    expect(await recorder.maxNotificationId()).toBe(0);
  });
});
