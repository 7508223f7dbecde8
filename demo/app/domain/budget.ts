/** The budget aggregate: commands check and trigger events; `apply` is the only state change. */
import { Aggregate } from 'offline-eventstore';
import type { BudgetEvent } from './events.js';

/** Money set aside each month for one purpose. */
export class Budget extends Aggregate<BudgetEvent> {
  static override readonly category = 'budgets';
  name = '';
  limitCents = 0;

  /** Opens a new budget; throws `RangeError` for an empty name or a negative limit. */
  static open(name: string, limitCents: number): Budget {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > 40) {
      throw new RangeError('A budget needs a name of 1 to 40 characters.');
    }
    checkLimit(limitCents);
    const budget = new Budget();
    budget.trigger({ topic: 'Budget.Opened', name: trimmed, limitCents, at: new Date() });
    return budget;
  }

  /** Changes the monthly limit; no event when it is unchanged. */
  changeLimit(limitCents: number): void {
    checkLimit(limitCents);
    if (limitCents !== this.limitCents) {
      this.trigger({ topic: 'Budget.LimitChanged', limitCents, at: new Date() });
    }
  }

  protected override apply(event: BudgetEvent): void {
    switch (event.topic) {
      case 'Budget.Opened':
        this.name = event.name;
        this.limitCents = event.limitCents;
        break;
      case 'Budget.LimitChanged':
        this.limitCents = event.limitCents;
        break;
      default:
        this.unknownTopic(event);
    }
  }
}

function checkLimit(limitCents: number): void {
  if (!Number.isSafeInteger(limitCents) || limitCents < 0) {
    throw new RangeError('A monthly limit is a whole number of cents, 0 or more.');
  }
}
