/**
 * The read model: two record stores kept in the recorder's database, and the changes each
 * ledger event makes to them. The projection writes these changes in the same transaction
 * as its tracking record, so each event counts exactly once.
 */
import type { LedgerEvent } from '../domain/events.js';

/** The record stores, declared when the recorder opens its database. */
export const READ_MODEL_STORES = {
  budgets: { keyPath: 'id' },
  expenses: { keyPath: 'id', indexes: { byRecordedAt: { keyPath: 'recordedAt' } } },
} as const;

export type ReadModelStore = keyof typeof READ_MODEL_STORES;

/** A budget with what was spent against it. */
export type BudgetRecord = {
  readonly id: string;
  readonly name: string;
  readonly limitCents: number;
  readonly spentCents: number;
  readonly expenseCount: number;
  readonly version: number;
};

/** An expense as the list shows it. */
export type ExpenseRecord = {
  readonly id: string;
  readonly budgetId: string;
  readonly amountCents: number;
  readonly description: string;
  /** ISO 8601, for the `byRecordedAt` index. */
  readonly recordedAt: string;
  readonly voided: boolean;
  readonly version: number;
};

/** A change to the read model, in the recorder's `RecordChange` shape. */
export type ReadModelChange =
  | { readonly store: 'budgets'; readonly put: BudgetRecord }
  | { readonly store: 'expenses'; readonly put: ExpenseRecord };

/** Reads one record of the read model as it stands. */
export interface ReadModelReader {
  budget(id: string): Promise<BudgetRecord | undefined>;
  expense(id: string): Promise<ExpenseRecord | undefined>;
}

/**
 * The changes `event` makes, computed from the records as they stand. An event whose
 * records are missing (say, an expense of a budget this device never saw) changes nothing.
 */
export async function changesFor(
  event: LedgerEvent,
  read: ReadModelReader,
): Promise<ReadModelChange[]> {
  const version = event.originatorVersion;
  switch (event.topic) {
    case 'Budget.Opened': {
      const { originatorId: id, name, limitCents } = event;
      const put = { id, name, limitCents, spentCents: 0, expenseCount: 0, version };
      return [{ store: 'budgets', put }];
    }
    case 'Budget.LimitChanged': {
      const budget = await read.budget(event.originatorId);
      if (!budget) return [];
      return [{ store: 'budgets', put: { ...budget, limitCents: event.limitCents, version } }];
    }
    case 'Expense.Recorded': {
      const { originatorId: id, budgetId, amountCents, description } = event;
      const recordedAt = event.timestamp.toISOString();
      const put = { id, budgetId, amountCents, description, recordedAt, voided: false, version };
      return [{ store: 'expenses', put }, ...(await spend(read, budgetId, amountCents, 1))];
    }
    case 'Expense.Corrected': {
      const expense = await read.expense(event.originatorId);
      if (!expense) return [];
      const { amountCents, description } = event;
      const put = { ...expense, amountCents, description, version };
      const delta = amountCents - expense.amountCents;
      return [{ store: 'expenses', put }, ...(await spend(read, expense.budgetId, delta, 0))];
    }
    case 'Expense.Voided': {
      const expense = await read.expense(event.originatorId);
      if (!expense || expense.voided) return [];
      const put = { ...expense, voided: true, version };
      const undo = await spend(read, expense.budgetId, -expense.amountCents, -1);
      return [{ store: 'expenses', put }, ...undo];
    }
  }
}

async function spend(
  read: ReadModelReader,
  budgetId: string,
  cents: number,
  count: number,
): Promise<ReadModelChange[]> {
  const budget = await read.budget(budgetId);
  if (!budget) return [];
  const put = {
    ...budget,
    spentCents: budget.spentCents + cents,
    expenseCount: budget.expenseCount + count,
  };
  return [{ store: 'budgets', put }];
}
