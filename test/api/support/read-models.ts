/** The test read model: invoice totals per customer, and a projection that keeps them. */
import type { Projection } from '../../../src/projections/projection.js';
import type { RecordStores } from '../../../src/types.js';
import type { InvoiceEvent } from './invoice.js';

/** Record stores of the test read model. */
export const readModelStores = {
  invoiceTotals: {
    keyPath: 'invoice',
    indexes: { byCustomer: { keyPath: ['customer', 'invoice'] } },
  },
  customerNumbers: {
    keyPath: 'invoice',
    indexes: { number: { keyPath: 'number', unique: true } },
  },
} as const satisfies RecordStores;

/** A row of `invoiceTotals`. */
export interface InvoiceTotal {
  readonly invoice: string;
  readonly customer: string;
  readonly total: number;
  readonly lines: number;
}

/**
 * Totals per invoice. Each line adds to the stored total, so an event applied twice (or
 * skipped) shows in the figures: exactly what the exactly-once tests look for.
 */
export function invoiceTotals(name = 'invoice-totals'): Projection<InvoiceEvent> {
  return {
    name,
    stores: readModelStores,
    topics: ['Invoice.Issued', 'Invoice.LineAdded'],
    async handle({ streamId, event }, view) {
      if (event.topic === 'Invoice.Issued') {
        // Kept if present: a repeated Issued must not wipe lines, so a repeat stays visible.
        if ((await view.get('invoiceTotals', streamId)) !== undefined) return;
        view.put('invoiceTotals', {
          invoice: streamId,
          customer: event.customer,
          total: 0,
          lines: 0,
        });
        return;
      }
      if (event.topic !== 'Invoice.LineAdded') return;
      const row = (await view.get('invoiceTotals', streamId)) as InvoiceTotal | undefined;
      if (row === undefined) throw new Error(`A line for ${streamId} came before its invoice.`);
      view.put('invoiceTotals', { ...row, total: row.total + event.amount, lines: row.lines + 1 });
    },
  };
}
