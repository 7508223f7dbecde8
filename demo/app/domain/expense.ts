/** The expense aggregate: its state, rebuilt from its events, and the events its commands make. */
import type { ExpenseEvent } from './events.js';

/** An expense as its events left it. */
export interface Expense {
  readonly id: string;
  readonly version: number;
  readonly budgetId: string;
  readonly amountCents: number;
  readonly description: string;
  readonly voided: boolean;
}

/** Rebuilds an expense from its events, oldest first; `undefined` when there are none. */
export function expenseFrom(events: readonly ExpenseEvent[]): Expense | undefined {
  let expense: Expense | undefined;
  for (const event of events) {
    const { originatorId: id, originatorVersion: version } = event;
    if (event.topic === 'Expense.Recorded') {
      const { budgetId, amountCents, description } = event;
      expense = { id, version, budgetId, amountCents, description, voided: false };
    } else if (expense && event.topic === 'Expense.Corrected') {
      const { amountCents, description } = event;
      expense = { ...expense, version, amountCents, description };
    } else if (expense) {
      expense = { ...expense, version, voided: true };
    }
  }
  return expense;
}

/** Records money spent against `budgetId`. */
export function recordExpense(
  budgetId: string,
  amountCents: number,
  description: string,
): ExpenseEvent[] {
  checkAmount(amountCents);
  return [
    {
      topic: 'Expense.Recorded',
      originatorId: `expenses/${crypto.randomUUID()}`,
      originatorVersion: 1,
      timestamp: new Date(),
      budgetId,
      amountCents,
      description: checkDescription(description),
    },
  ];
}

/** Corrects the amount and description of a live expense. */
export function correctExpense(
  expense: Expense,
  amountCents: number,
  description: string,
): ExpenseEvent[] {
  if (expense.voided) throw new RangeError('A voided expense cannot be corrected.');
  checkAmount(amountCents);
  return [
    {
      topic: 'Expense.Corrected',
      originatorId: expense.id,
      originatorVersion: expense.version + 1,
      timestamp: new Date(),
      amountCents,
      description: checkDescription(description),
    },
  ];
}

/** Voids an expense; no event when it already is. */
export function voidExpense(expense: Expense): ExpenseEvent[] {
  if (expense.voided) return [];
  return [
    {
      topic: 'Expense.Voided',
      originatorId: expense.id,
      originatorVersion: expense.version + 1,
      timestamp: new Date(),
    },
  ];
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
