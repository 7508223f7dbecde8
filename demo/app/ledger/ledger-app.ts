/**
 * The ledger's commands, on the library's `Application`: each loads its aggregate from the
 * repository, lets it decide, and saves the new events in one transaction. A concurrent change
 * to the same aggregate (another tab) fails with `VersionConflictError`, and nothing is written.
 */
import type { Application } from 'offline-eventstore';
import { Budget } from '../domain/budget.js';
import { Expense } from '../domain/expense.js';

/** The ledger's commands. Each resolves once the events are recorded. */
export class LedgerApp {
  /** The application the commands go through. */
  readonly application: Application;

  constructor(application: Application) {
    this.application = application;
  }

  /** Opens a budget; resolves to its id. */
  async openBudget(name: string, limitCents: number): Promise<string> {
    const budget = Budget.open(name, limitCents);
    await this.application.save(budget);
    return budget.id;
  }

  /** Changes a budget's monthly limit. */
  async changeLimit(budgetId: string, limitCents: number): Promise<void> {
    const budget = await this.application.repository.get(Budget, budgetId);
    budget.changeLimit(limitCents);
    await this.application.save(budget);
  }

  /** Records an expense against a budget that exists; resolves to its id. */
  async recordExpense(budgetId: string, amountCents: number, description: string): Promise<string> {
    await this.application.repository.get(Budget, budgetId);
    const expense = Expense.record(budgetId, amountCents, description);
    await this.application.save(expense);
    return expense.id;
  }

  /** Corrects an expense's amount and description. */
  async correctExpense(expenseId: string, amountCents: number, description: string): Promise<void> {
    const expense = await this.application.repository.get(Expense, expenseId);
    expense.correct(amountCents, description);
    await this.application.save(expense);
  }

  /** Voids an expense. */
  async voidExpense(expenseId: string): Promise<void> {
    const expense = await this.application.repository.get(Expense, expenseId);
    expense.void();
    await this.application.save(expense);
  }
}
