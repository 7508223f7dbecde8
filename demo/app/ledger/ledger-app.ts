/**
 * The application: each command loads its aggregate from the event store, decides, and saves
 * the new events in one atomic call. A concurrent change to the same aggregate (another tab)
 * makes the save fail with `IntegrityError`, and nothing is written.
 */
import type { DomainEvent, EventStore } from 'offline-eventstore';
import { budgetFrom, changeLimit, openBudget, type Budget } from '../domain/budget.js';
import type { BudgetEvent, ExpenseEvent, LedgerEvent } from '../domain/events.js';
import { isLedgerEvent } from '../domain/events.js';
import {
  correctExpense,
  expenseFrom,
  recordExpense,
  voidExpense,
  type Expense,
} from '../domain/expense.js';

/** The ledger's commands. Each resolves once the events are recorded. */
export class LedgerApp {
  /** The event store the commands load from and save to. */
  readonly events: EventStore;

  constructor(events: EventStore) {
    this.events = events;
  }

  /** Opens a budget; resolves to its id. */
  async openBudget(name: string, limitCents: number): Promise<string> {
    const [opened] = await this.#save(openBudget(name, limitCents));
    return opened?.originatorId ?? '';
  }

  /** Changes a budget's monthly limit. */
  async changeLimit(budgetId: string, limitCents: number): Promise<void> {
    await this.#save(changeLimit(await this.#budget(budgetId), limitCents));
  }

  /** Records an expense against a budget; resolves to its id. */
  async recordExpense(budgetId: string, amountCents: number, description: string): Promise<string> {
    await this.#budget(budgetId);
    const [recorded] = await this.#save(recordExpense(budgetId, amountCents, description));
    return recorded?.originatorId ?? '';
  }

  /** Corrects an expense's amount and description. */
  async correctExpense(expenseId: string, amountCents: number, description: string): Promise<void> {
    await this.#save(correctExpense(await this.#expense(expenseId), amountCents, description));
  }

  /** Voids an expense. */
  async voidExpense(expenseId: string): Promise<void> {
    await this.#save(voidExpense(await this.#expense(expenseId)));
  }

  async #budget(id: string): Promise<Budget> {
    const budget = budgetFrom((await this.#load(id)) as BudgetEvent[]);
    if (!budget) throw new RangeError(`No budget ${id}.`);
    return budget;
  }

  async #expense(id: string): Promise<Expense> {
    const expense = expenseFrom((await this.#load(id)) as ExpenseEvent[]);
    if (!expense) throw new RangeError(`No expense ${id}.`);
    return expense;
  }

  async #load(id: string): Promise<LedgerEvent[]> {
    const events: DomainEvent[] = await this.events.get(id);
    return events.filter(isLedgerEvent);
  }

  async #save(events: readonly LedgerEvent[]): Promise<readonly LedgerEvent[]> {
    if (events.length > 0) await this.events.put(events);
    return events;
  }
}
