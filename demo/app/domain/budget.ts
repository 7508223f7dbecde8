/** The budget aggregate: its state, rebuilt from its events, and the events its commands make. */
import type { BudgetEvent } from './events.js';

/** A budget as its events left it. */
export interface Budget {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly limitCents: number;
}

/** Rebuilds a budget from its events, oldest first; `undefined` when there are none. */
export function budgetFrom(events: readonly BudgetEvent[]): Budget | undefined {
  let budget: Budget | undefined;
  for (const event of events) {
    const { originatorId: id, originatorVersion: version } = event;
    if (event.topic === 'Budget.Opened') {
      budget = { id, version, name: event.name, limitCents: event.limitCents };
    } else if (budget) {
      budget = { ...budget, version, limitCents: event.limitCents };
    }
  }
  return budget;
}

/** Opens a new budget; throws `RangeError` for an empty name or a negative limit. */
export function openBudget(name: string, limitCents: number): BudgetEvent[] {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 40) {
    throw new RangeError('A budget needs a name of 1 to 40 characters.');
  }
  checkLimit(limitCents);
  return [
    {
      topic: 'Budget.Opened',
      originatorId: `budgets/${crypto.randomUUID()}`,
      originatorVersion: 1,
      timestamp: new Date(),
      name: trimmed,
      limitCents,
    },
  ];
}

/** Changes the monthly limit; no event when it is unchanged. */
export function changeLimit(budget: Budget, limitCents: number): BudgetEvent[] {
  checkLimit(limitCents);
  if (limitCents === budget.limitCents) return [];
  return [
    {
      topic: 'Budget.LimitChanged',
      originatorId: budget.id,
      originatorVersion: budget.version + 1,
      timestamp: new Date(),
      limitCents,
    },
  ];
}

function checkLimit(limitCents: number): void {
  if (!Number.isSafeInteger(limitCents) || limitCents < 0) {
    throw new RangeError('A monthly limit is a whole number of cents, 0 or more.');
  }
}
