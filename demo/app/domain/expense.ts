/** The expense aggregate: commands check and trigger events; `apply` is the only state change. */
import { Aggregate } from 'offline-eventstore';
import type { ExpenseEvent } from './events.js';

/** Money spent against a budget. */
export class Expense extends Aggregate<ExpenseEvent> {
  static override readonly category = 'expenses';
  budgetId = '';
  amountCents = 0;
  description = '';
  voided = false;

  /** Records money spent against the budget with id `budgetId`. */
  static record(budgetId: string, amountCents: number, description: string): Expense {
    checkAmount(amountCents);
    const expense = new Expense();
    expense.trigger({
      topic: 'Expense.Recorded',
      budgetId,
      amountCents,
      description: checkDescription(description),
      at: new Date(),
    });
    return expense;
  }

  /** Corrects the amount and description of a live expense. */
  correct(amountCents: number, description: string): void {
    if (this.voided) throw new RangeError('A voided expense cannot be corrected.');
    checkAmount(amountCents);
    const text = checkDescription(description);
    this.trigger({ topic: 'Expense.Corrected', amountCents, description: text, at: new Date() });
  }

  /** Voids the expense; no event when it already is. */
  void(): void {
    if (!this.voided) this.trigger({ topic: 'Expense.Voided', at: new Date() });
  }

  protected override apply(event: ExpenseEvent): void {
    switch (event.topic) {
      case 'Expense.Recorded':
        this.budgetId = event.budgetId;
        this.amountCents = event.amountCents;
        this.description = event.description;
        break;
      case 'Expense.Corrected':
        this.amountCents = event.amountCents;
        this.description = event.description;
        break;
      case 'Expense.Voided':
        this.voided = true;
        break;
      default:
        this.unknownTopic(event);
    }
  }
}

function checkAmount(amountCents: number): void {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw new RangeError('An amount is a whole number of cents above 0.');
  }
}

function checkDescription(description: string): string {
  const trimmed = description.trim();
  if (trimmed === '' || trimmed.length > 80) {
    throw new RangeError('Describe the expense in 1 to 80 characters.');
  }
  return trimmed;
}
