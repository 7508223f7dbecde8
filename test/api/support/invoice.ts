/** The invoice aggregate of the API tests (and of the README tour). */
import { Aggregate } from '../../../src/aggregates/aggregate.js';

/** Everything that can happen to an invoice. */
export type InvoiceEvent =
  | { readonly topic: 'Invoice.Issued'; readonly number: string; readonly customer: string }
  | { readonly topic: 'Invoice.LineAdded'; readonly amount: number }
  | { readonly topic: 'Invoice.Paid'; readonly at: Date };

/** An invoice: lines are added until it is paid. */
export class Invoice extends Aggregate<InvoiceEvent> {
  static override readonly category = 'invoices';

  number = '';
  customer = '';
  total = 0;
  paidAt: Date | undefined = undefined;

  /** A new invoice, issued. */
  static issue(number: string, customer: string): Invoice {
    const invoice = new Invoice();
    invoice.trigger({ topic: 'Invoice.Issued', number, customer });
    return invoice;
  }

  addLine(amount: number): void {
    if (this.paidAt !== undefined) throw new Error(`Invoice ${this.number} is paid.`);
    this.trigger({ topic: 'Invoice.LineAdded', amount });
  }

  pay(at: Date): void {
    this.trigger({ topic: 'Invoice.Paid', at });
  }

  protected override apply(event: InvoiceEvent): void {
    switch (event.topic) {
      case 'Invoice.Issued':
        this.number = event.number;
        this.customer = event.customer;
        break;
      case 'Invoice.LineAdded':
        this.total += event.amount;
        break;
      case 'Invoice.Paid':
        this.paidAt = event.at;
        break;
      default:
        this.unknownTopic(event);
    }
  }
}

/** An invoice with snapshots every 10 versions. */
export class SnapshottedInvoice extends Invoice {
  static override readonly snapshotEvery = 10;
}
