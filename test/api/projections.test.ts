import { expect, it } from 'vitest';
import { IntegrityError, OperationalError } from '../../src/errors.js';
import type { Projection } from '../../src/projections/projection.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import type { EventStoreRecorder } from '../../src/types.js';
import { forEachBackend, testMapper, type Backend } from './support/backends.js';
import type { InvoiceEvent } from './support/invoice.js';
import {
  byInvoice,
  failingAt,
  losingAcknowledgement,
  recordInvoices,
  totals,
} from './support/projection-fixtures.js';
import { invoiceTotals } from './support/read-models.js';

function runner(
  recorder: EventStoreRecorder,
  projection: Projection<InvoiceEvent> = invoiceTotals(),
  batchSize = 3,
) {
  return new ProjectionRunner({ recorder, mapper: testMapper(), projection, batchSize });
}

async function setUp(backend: Backend, invoices = 3) {
  const database = backend.database();
  const recorder = await database.open();
  const expected = await recordInvoices(recorder, invoices);
  return { database, recorder, expected };
}

forEachBackend('Exactly-once projections', (backend) => {
  it('projects events into the read model and tracks the last one handled', async () => {
    const { recorder, expected } = await setUp(backend);
    const position = await runner(recorder).catchUp();
    expect(await totals(recorder)).toEqual(byInvoice(expected));
    // Invoice.Paid is not among its topics: tracking stops at the last line (3 invoices × 3 events).
    expect(position).toBe(9);
    expect(await recorder.maxTrackingId('invoice-totals')).toBe(9);
  });

  it('commits each batch, read model and tracking, in one insertEvents call', async () => {
    const { recorder } = await setUp(backend);
    const calls: {
      events: number;
      tracking: number | undefined;
      expected: number | undefined;
      stores: string[];
    }[] = [];
    const insert = recorder.insertEvents.bind(recorder);
    recorder.insertEvents = (events, options) => {
      calls.push({
        events: events.length,
        tracking: options?.tracking?.notificationId,
        expected: options?.expectedTrackingId,
        stores: [...new Set(options?.changes?.map((c) => c.store))].sort(),
      });
      return insert(events, options);
    };
    await runner(recorder, invoiceTotals(), 4).catchUp();
    expect(calls).toEqual([
      { events: 0, tracking: 4, expected: 0, stores: ['invoiceTotals'] },
      { events: 0, tracking: 8, expected: 4, stores: ['invoiceTotals'] },
      { events: 0, tracking: 9, expected: 8, stores: ['invoiceTotals'] },
    ]);
  });

  it('answers queries on the read model through its indexes', async () => {
    const { recorder } = await setUp(backend, 4);
    await runner(recorder).catchUp();
    const ada = await recorder.getRecords('invoiceTotals', {
      index: 'byCustomer',
      gte: ['ada'],
      lt: ['ada', []],
    });
    expect(ada.map((row) => row.customer)).toEqual(['ada', 'ada']);
  });

  it('keeps neither read model nor tracking of a batch whose handler fails, then resumes exactly', async () => {
    const { recorder, expected } = await setUp(backend);
    let crash = true;
    // Tried: a run that crashes at notification 5, inside the second batch (4..6).
    const crashing = runner(
      recorder,
      failingAt(invoiceTotals(), 5, () => crash),
    );
    await expect(crashing.catchUp()).rejects.toThrow('Crashed at 5.');
    // Kept: the first batch (1..3: the three invoices issued, no line yet), nothing of 4..6.
    expect(await recorder.maxTrackingId('invoice-totals')).toBe(3);
    expect((await totals(recorder)).map((row) => row.lines)).toEqual([0, 0, 0]);
    crash = false;
    await runner(recorder).catchUp();
    expect(await totals(recorder)).toEqual(byInvoice(expected));
  });

  it('keeps nothing of a batch whose write fails inside the transaction, then resumes exactly', async () => {
    const { recorder, expected } = await setUp(backend);
    let clash = true;
    const base = invoiceTotals();
    const clashing: Projection<InvoiceEvent> = {
      ...base,
      async handle(event, view) {
        await base.handle(event, view);
        // A unique index refuses the second record with number "dup": the transaction aborts
        // after the read model changes were issued, before it commits.
        if (clash && event.position >= 4) {
          view.put('customerNumbers', { invoice: `${event.position}`, number: 'dup' });
        }
      },
    };
    await runner(recorder, clashing)
      .catchUp()
      .catch(() => undefined);
    await expect(runner(recorder, clashing).catchUp()).rejects.toBeInstanceOf(IntegrityError);
    expect(await recorder.maxTrackingId('invoice-totals')).toBe(3);
    expect((await totals(recorder)).map((row) => row.lines)).toEqual([0, 0, 0]);
    expect(await recorder.getRecords('customerNumbers')).toEqual([]);
    clash = false;
    await runner(recorder).catchUp();
    expect(await totals(recorder)).toEqual(byInvoice(expected));
  });

  it('never repeats a batch whose commit was not acknowledged', async () => {
    const { recorder, expected } = await setUp(backend);
    // Tried: the first batch commits but the runner hears an error (a tab dying mid-answer).
    const first = runner(losingAcknowledgement(recorder));
    await expect(first.catchUp()).rejects.toBeInstanceOf(OperationalError);
    expect(await recorder.maxTrackingId('invoice-totals')).toBe(3);
    // Kept: that batch once; a restarted runner goes on after it.
    await runner(recorder).catchUp();
    expect(await totals(recorder)).toEqual(byInvoice(expected));
  });

  it('lets two runners (two tabs) run at once without applying anything twice', async () => {
    const { database, recorder, expected } = await setUp(backend, 6);
    const otherTab = await database.open();
    await Promise.all([
      runner(recorder, invoiceTotals(), 2).catchUp(),
      runner(otherTab, invoiceTotals(), 5).catchUp(),
      runner(recorder, invoiceTotals(), 7).catchUp(),
    ]);
    expect(await totals(recorder)).toEqual(byInvoice(expected));
  });

  it('refuses the batch of a runner that processed more than the rival who committed first', async () => {
    const { database, recorder, expected } = await setUp(backend, 4);
    const otherTab = await database.open();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const base = invoiceTotals();
    // The slow tab reads notifications 1..10 as one batch, then waits inside its handler.
    const slow: Projection<InvoiceEvent> = {
      ...base,
      async handle(event, view) {
        if (event.position === 1) await gate;
        await base.handle(event, view);
      },
    };
    const slowRun = runner(otherTab, slow, 10).catchUp();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Meanwhile the fast tab commits 1..5 only, then crashes.
    await expect(runner(recorder, failingAt(base, 6), 5).catchUp()).rejects.toThrow();
    expect(await recorder.maxTrackingId('invoice-totals')).toBe(5);
    release();
    // The slow tab's 1..10 would pass the tracking check (10 > 5): its expected position (0)
    // stops it, and it carries on from 5.
    await slowRun;
    expect(await totals(recorder)).toEqual(byInvoice(expected));
  });

  it('follows new events live until aborted', async () => {
    const { recorder } = await setUp(backend, 1);
    const controller = new AbortController();
    const live = runner(recorder).run({ signal: controller.signal });
    const more = await recordInvoices(recorder, 1);
    const invoice = more[0]?.invoice ?? '';
    for (
      let i = 0;
      i < 200 && (await recorder.getRecord('invoiceTotals', invoice))?.lines !== 2;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await recorder.getRecord('invoiceTotals', invoice)).toMatchObject({
      lines: 2,
      total: 3,
    });
    controller.abort();
    await expect(live).resolves.toBeUndefined();
  });
});
