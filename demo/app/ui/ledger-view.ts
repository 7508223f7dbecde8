/**
 * The app itself: budgets with what was spent, and recent expenses, all from the read model
 * (what the user does is in `ledger-forms.ts`).
 */
import { formatCents } from '../domain/money.js';
import type { Ledger } from '../ledger/open-ledger.js';
import type { BudgetRecord, ExpenseRecord } from '../ledger/read-model.js';
import { announce, byId, h, on, redraw } from './dom.js';
import { changeLimit, correct, run } from './ledger-forms.js';

const RECENT = 30;

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
    h('span', { class: 'actions' }, ...expenseActions(ledger, expense)),
  );
}

function expenseActions(ledger: Ledger, expense: ExpenseRecord): HTMLElement[] {
  if (expense.voided) return [h('span', { class: 'tag' }, 'voided')];
  const { id, description } = expense;
  const voidIt = async () => {
    await ledger.app.voidExpense(id);
    announce(`Voided "${description}".`);
  };
  return [
    actionButton('Correct', `Correct ${description}`, `correct:${id}`, () => {
      void correct(ledger, expense);
    }),
    actionButton('Void', `Void ${description}`, `void:${id}`, () => {
      void run(voidIt);
    }),
  ];
}

/** A small text button; `key` lets focus find it again after a redraw. */
function actionButton(text: string, label: string, key: string, click: () => void): HTMLElement {
  const danger = text === 'Void' ? ' danger' : '';
  const attributes = {
    type: 'button',
    class: `link${danger}`,
    'aria-label': label,
    'data-key': key,
  };
  return on(h('button', attributes, text), 'click', click);
}
