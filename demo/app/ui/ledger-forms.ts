/**
 * What the user does: the forms and dialogs that run the application's commands, telling the
 * user what happened (through the live region) instead of failing silently.
 */
import { VersionConflictError } from 'offline-eventstore';
import { formatCents, parseCents } from '../domain/money.js';
import type { Ledger } from '../ledger/open-ledger.js';
import type { BudgetRecord, ExpenseRecord } from '../ledger/read-model.js';
import { editInDialog } from './edit-dialog.js';
import { announce, byIdOf, field, on } from './dom.js';

/** Wires the forms to the application. */
export function bindForms(ledger: Ledger): void {
  on(byIdOf('budget-form', HTMLFormElement), 'submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const limit = parseCents(field(data, 'limit'));
    if (limit === undefined) {
      announce('Enter the monthly limit as an amount, like 300 or 49.90.', 'error');
      return;
    }
    void run(async () => {
      await ledger.app.openBudget(field(data, 'name'), limit);
      form.reset();
      announce('Budget opened.');
    });
  });
  on(byIdOf('expense-form', HTMLFormElement), 'submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const amount = parseCents(field(data, 'amount'));
    if (amount === undefined) {
      announce('Enter the amount, like 12.50.', 'error');
      return;
    }
    void run(async () => {
      await ledger.app.recordExpense(field(data, 'budget'), amount, field(data, 'description'));
      form.reset();
      form.querySelector<HTMLInputElement>('[name=amount]')?.focus();
      announce(`Expense of ${formatCents(amount)} recorded.`);
    });
  });
}

/** Asks for a budget's new limit and changes it. */
export async function changeLimit(ledger: Ledger, budget: BudgetRecord): Promise<void> {
  const values = await editInDialog(`Monthly limit of ${budget.name}`, [
    {
      name: 'limit',
      label: 'Monthly limit (€)',
      value: (budget.limitCents / 100).toFixed(2),
      inputmode: 'decimal',
    },
  ]);
  if (!values) return;
  const limit = parseCents(values.limit ?? '');
  if (limit === undefined) {
    announce('Enter the limit as an amount, like 300.', 'error');
    return;
  }
  await run(async () => {
    await ledger.app.changeLimit(budget.id, limit);
    announce(`${budget.name} now allows ${formatCents(limit)} a month.`);
  });
}

/** Asks for an expense's corrected amount and description, and corrects it. */
export async function correct(ledger: Ledger, expense: ExpenseRecord): Promise<void> {
  const values = await editInDialog('Correct the expense', [
    {
      name: 'amount',
      label: 'Amount (€)',
      value: (expense.amountCents / 100).toFixed(2),
      inputmode: 'decimal',
    },
    { name: 'description', label: 'What for', value: expense.description },
  ]);
  if (!values) return;
  const amount = parseCents(values.amount ?? '');
  if (amount === undefined) {
    announce('Enter the amount, like 12.50.', 'error');
    return;
  }
  await run(async () => {
    await ledger.app.correctExpense(expense.id, amount, values.description ?? '');
    announce('Expense corrected.');
  });
}

/** Runs a command, telling the user what went wrong instead of failing silently. */
export async function run(command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    announce(
      error instanceof VersionConflictError
        ? 'Another tab changed this at the same moment; nothing was saved. Try again.'
        : message,
      'error',
    );
  }
}
