/**
 * The ledger's domain events: plain objects with an explicit `topic`, as the mapper wants.
 * Two aggregate types: a budget (`budgets/<uuid>`) and an expense (`expenses/<uuid>`).
 */

type EventBase = {
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly timestamp: Date;
};

/** A budget was opened: money set aside each month for one purpose. */
export type BudgetOpened = EventBase & {
  readonly topic: 'Budget.Opened';
  readonly name: string;
  readonly limitCents: number;
};

/** A budget's monthly limit changed. */
export type BudgetLimitChanged = EventBase & {
  readonly topic: 'Budget.LimitChanged';
  readonly limitCents: number;
};

/** Money was spent against a budget. */
export type ExpenseRecorded = EventBase & {
  readonly topic: 'Expense.Recorded';
  readonly budgetId: string;
  readonly amountCents: number;
  readonly description: string;
};

/** An expense's amount or description was corrected. */
export type ExpenseCorrected = EventBase & {
  readonly topic: 'Expense.Corrected';
  readonly amountCents: number;
  readonly description: string;
};

/** An expense was voided: it no longer counts, but stays in the history. */
export type ExpenseVoided = EventBase & {
  readonly topic: 'Expense.Voided';
};

export type BudgetEvent = BudgetOpened | BudgetLimitChanged;
export type ExpenseEvent = ExpenseRecorded | ExpenseCorrected | ExpenseVoided;
export type LedgerEvent = BudgetEvent | ExpenseEvent;
export type LedgerTopic = LedgerEvent['topic'];

/** Every topic this app writes; anything else in the log is shown but not projected. */
export const LEDGER_TOPICS: readonly LedgerTopic[] = [
  'Budget.Opened',
  'Budget.LimitChanged',
  'Expense.Recorded',
  'Expense.Corrected',
  'Expense.Voided',
];

/** Whether a decoded event is one of ours. */
export function isLedgerEvent(event: { readonly topic: string }): event is LedgerEvent {
  return (LEDGER_TOPICS as readonly string[]).includes(event.topic);
}

/** The aggregate type an id belongs to, from its prefix. */
export function aggregateType(originatorId: string): 'Budget' | 'Expense' | 'Other' {
  if (originatorId.startsWith('budgets/')) return 'Budget';
  if (originatorId.startsWith('expenses/')) return 'Expense';
  return 'Other';
}
