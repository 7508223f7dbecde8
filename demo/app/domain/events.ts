/**
 * The ledger's events: plain objects with an explicit, stable `topic`. Two aggregate types
 * write them: a budget (stream `budgets/<id>`) and an expense (stream `expenses/<id>`).
 */

/** A budget was opened: money set aside each month for one purpose. */
export type BudgetOpened = {
  readonly topic: 'Budget.Opened';
  readonly name: string;
  readonly limitCents: number;
  readonly at: Date;
};

/** A budget's monthly limit changed. */
export type BudgetLimitChanged = {
  readonly topic: 'Budget.LimitChanged';
  readonly limitCents: number;
  readonly at: Date;
};

/** Money was spent against a budget (`budgetId`: the budget aggregate's id). */
export type ExpenseRecorded = {
  readonly topic: 'Expense.Recorded';
  readonly budgetId: string;
  readonly amountCents: number;
  readonly description: string;
  readonly at: Date;
};

/** An expense's amount or description was corrected. */
export type ExpenseCorrected = {
  readonly topic: 'Expense.Corrected';
  readonly amountCents: number;
  readonly description: string;
  readonly at: Date;
};

/** An expense was voided: it no longer counts, but stays in the history. */
export type ExpenseVoided = {
  readonly topic: 'Expense.Voided';
  readonly at: Date;
};

export type BudgetEvent = BudgetOpened | BudgetLimitChanged;
export type ExpenseEvent = ExpenseRecorded | ExpenseCorrected | ExpenseVoided;
export type LedgerEvent = BudgetEvent | ExpenseEvent;

/** Every topic this app writes. */
export const LEDGER_TOPICS: readonly LedgerEvent['topic'][] = [
  'Budget.Opened',
  'Budget.LimitChanged',
  'Expense.Recorded',
  'Expense.Corrected',
  'Expense.Voided',
];

/** The aggregate type of a stream id, from its category. */
export function aggregateType(streamId: string): 'Budget' | 'Expense' | 'Other' {
  if (streamId.startsWith('budgets/')) return 'Budget';
  if (streamId.startsWith('expenses/')) return 'Expense';
  return 'Other';
}
