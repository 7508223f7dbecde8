/**
 * The read model and the projection that keeps it: budgets with what was spent against
 * them, and expenses as the list shows them. The `ProjectionRunner` commits each batch's
 * changes with its tracking record in one transaction, so each event counts exactly once.
 */
import type { LoggedEvent, Projection, ReadModelView } from 'offline-eventstore';
import {
  LEDGER_TOPICS,
  type BudgetEvent,
  type ExpenseEvent,
  type LedgerEvent,
} from '../domain/events.js';
import { PROJECTION_NAME } from './names.js';

/** The read model's record stores, declared when the recorder opens its database. */
export const READ_MODEL_STORES = {
  budgets: { keyPath: 'id' },
  expenses: { keyPath: 'id', indexes: { byRecordedAt: { keyPath: 'recordedAt' } } },
} as const;

/** A budget with what was spent against it (`id`: the aggregate id). */
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

/** The projection of the ledger's events into the read model. */
export const ledgerProjection: Projection<LedgerEvent> = {
  name: PROJECTION_NAME,
  stores: READ_MODEL_STORES,
  topics: LEDGER_TOPICS,
  handle: (logged, view) => project(logged, view),
};

async function project(logged: LoggedEvent<LedgerEvent>, view: ReadModelView): Promise<void> {
  const { event, version } = logged;
  const id = aggregateId(logged.streamId);
  switch (event.topic) {
    case 'Budget.Opened':
    case 'Budget.LimitChanged':
      return projectBudget(event, id, version, view);
    default:
      return projectExpense(event, id, version, view);
  }
}

async function projectBudget(event: BudgetEvent, id: string, version: number, view: ReadModelView) {
  if (event.topic === 'Budget.Opened') {
    const { name, limitCents } = event;
    view.put('budgets', { id, name, limitCents, spentCents: 0, expenseCount: 0, version });
    return;
  }
  const budget = await budgetOf(view, id);
  if (budget) view.put('budgets', { ...budget, limitCents: event.limitCents, version });
}

async function projectExpense(
  event: ExpenseEvent,
  id: string,
  version: number,
  view: ReadModelView,
) {
  if (event.topic === 'Expense.Recorded') {
    const { budgetId, amountCents, description } = event;
    const recordedAt = event.at.toISOString();
    view.put('expenses', {
      id,
      budgetId,
      amountCents,
      description,
      recordedAt,
      voided: false,
      version,
    });
    await spend(view, budgetId, amountCents, 1);
    return;
  }
  const expense = await expenseOf(view, id);
  if (!expense || expense.voided) return;
  if (event.topic === 'Expense.Corrected') {
    const { amountCents, description } = event;
    view.put('expenses', { ...expense, amountCents, description, version });
    await spend(view, expense.budgetId, amountCents - expense.amountCents, 0);
  } else {
    view.put('expenses', { ...expense, voided: true, version });
    await spend(view, expense.budgetId, -expense.amountCents, -1);
  }
}

/** `budgets/<id>` → `<id>`. */
function aggregateId(streamId: string): string {
  return streamId.slice(streamId.indexOf('/') + 1);
}

async function spend(view: ReadModelView, budgetId: string, cents: number, count: number) {
  const budget = await budgetOf(view, budgetId);
  if (!budget) return;
  view.put('budgets', {
    ...budget,
    spentCents: budget.spentCents + cents,
    expenseCount: budget.expenseCount + count,
  });
}

async function budgetOf(view: ReadModelView, id: string): Promise<BudgetRecord | undefined> {
  return (await view.get('budgets', id)) as BudgetRecord | undefined;
}

async function expenseOf(view: ReadModelView, id: string): Promise<ExpenseRecord | undefined> {
  return (await view.get('expenses', id)) as ExpenseRecord | undefined;
}
