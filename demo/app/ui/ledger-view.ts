/**
 * The app itself: budgets with what was spent, recent expenses, and the forms that record
 * events. Everything shown comes from the read model; everything done goes through the
 * application's commands.
 */
import { VersionConflictError } from 'offline-eventstore';
import { formatCents, parseCents } from '../domain/money.js';
import type { Ledger } from '../ledger/open-ledger.js';
import type { BudgetRecord, ExpenseRecord } from '../ledger/read-model.js';
import { editInDialog } from './edit-dialog.js';
import { announce, byId, byIdOf, field, h, on, redraw } from './dom.js';

const RECENT = 30;

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

/** Redraws budgets, the budget choice and recent expenses from the read model. */
export async function renderLedger(ledger: Ledger): Promise<void> {
  const [budgetRecords, expenseRecords] = await Promise.all([
    ledger.recorder.getRecords('budgets'),
    ledger.recorder.getRecords('expenses', { index: 'byRecordedAt', desc: true, limit: RECENT }),
  ]);
  const budgets = (budgetRecords as BudgetRecord[]).sort((a, b) => a.name.localeCompare(b.name));
  const expenses = expenseRecords as ExpenseRecord[];
  renderBudgetChoice(budgets);
  redraw(byId('budgets'), budgets, () =>
    budgets.length > 0
      ? budgets.map((b) => budgetCard(ledger, b))
      : [h('p', { class: 'empty' }, 'No budget yet: open one below.')],
  );
  const names = new Map(budgets.map((b) => [b.id, b.name]));
  redraw(byId('expenses'), [expenses, [...names]], () =>
    expenses.length > 0
      ? expenses.map((e) => expenseRow(ledger, e, names.get(e.budgetId) ?? 'Unknown budget'))
      : [h('li', { class: 'empty' }, 'Nothing spent yet.')],
  );
}

function renderBudgetChoice(budgets: readonly BudgetRecord[]): void {
  const select = document.querySelector<HTMLSelectElement>('#expense-form select[name=budget]');
  const submit = document.querySelector<HTMLButtonElement>('#expense-form button[type=submit]');
  if (!select || !submit) return;
  // With no budget yet, expenses have nowhere to go: point to the budget form instead.
  submit.disabled = budgets.length === 0;
  submit.title = budgets.length === 0 ? 'Open a budget first' : '';
  const newBudget = document.querySelector<HTMLDetailsElement>('details.new-budget');
  if (newBudget && budgets.length === 0 && !newBudget.dataset.offered) {
    newBudget.open = true;
    newBudget.dataset.offered = 'true';
  }
  const chosen = select.value;
  const choices = budgets.map((b) => [b.id, b.name]);
  redraw(select, choices, () => budgets.map((b) => h('option', { value: b.id }, b.name)));
  if (budgets.some((b) => b.id === chosen)) select.value = chosen;
}

function budgetCard(ledger: Ledger, budget: BudgetRecord): HTMLElement {
  const used = budget.limitCents > 0 ? budget.spentCents / budget.limitCents : 1;
  const state = used > 1 ? 'over' : used > 0.8 ? 'near' : 'ok';
  const change = on(
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-key': `limit:${budget.id}`,
        'aria-label': `Change the monthly limit of ${budget.name}`,
      },
      'Change limit',
    ),
    'click',
    () => {
      void changeLimit(ledger, budget);
    },
  );
  return h(
    'article',
    { class: 'card budget', 'data-state': state, 'data-testid': 'budget' },
    h('h3', {}, budget.name),
    h(
      'p',
      { class: 'budget-figures' },
      h('strong', {}, formatCents(budget.spentCents)),
      ` of ${formatCents(budget.limitCents)}`,
    ),
    h('progress', {
      max: 100,
      value: Math.min(100, Math.round(used * 100)),
      'aria-label': `${budget.name}: ${Math.round(used * 100)} % of the monthly limit spent`,
    }),
    h(
      'div',
      { class: 'budget-foot' },
      h(
        'span',
        { class: 'muted' },
        `${budget.expenseCount} expense${budget.expenseCount === 1 ? '' : 's'}`,
      ),
      change,
    ),
  );
}

function expenseRow(ledger: Ledger, expense: ExpenseRecord, budgetName: string): HTMLElement {
  const when = new Date(expense.recordedAt).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const actions = expense.voided
    ? [h('span', { class: 'tag' }, 'voided')]
    : [
        on(
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              'aria-label': `Correct ${expense.description}`,
              'data-key': `correct:${expense.id}`,
            },
            'Correct',
          ),
          'click',
          () => {
            void correct(ledger, expense);
          },
        ),
        on(
          h(
            'button',
            {
              type: 'button',
              class: 'link danger',
              'aria-label': `Void ${expense.description}`,
              'data-key': `void:${expense.id}`,
            },
            'Void',
          ),
          'click',
          () => {
            void run(async () => {
              await ledger.app.voidExpense(expense.id);
              announce(`Voided "${expense.description}".`);
            });
          },
        ),
      ];
  return h(
    'li',
    { class: expense.voided ? 'expense voided' : 'expense', 'data-testid': 'expense' },
    h(
      'div',
      { class: 'expense-main' },
      h('span', { class: 'expense-description' }, expense.description),
      h('span', { class: 'muted' }, `${budgetName} · ${when}`),
    ),
    h('span', { class: 'amount' }, formatCents(expense.amountCents)),
    h('span', { class: 'actions' }, ...actions),
  );
}

async function changeLimit(ledger: Ledger, budget: BudgetRecord): Promise<void> {
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

async function correct(ledger: Ledger, expense: ExpenseRecord): Promise<void> {
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
async function run(command: () => Promise<void>): Promise<void> {
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
