/**
 * Write conditions (after logicblocks): predicates over a stream's version, checked against
 * what is recorded when the write lands, combinable with `and` / `or`.
 */
import { DataError } from '../errors.js';

/**
 * A condition a stream must meet for a write to happen. What a caller can get wrong:
 * - positions are versions: 1 is the first event, so `positionIs(0)` means "empty";
 * - the check and the write are one step: if another writer gets in between, the store
 *   checks again against the new version, and a condition that no longer holds fails with
 *   `UnmetWriteConditionError` having written nothing.
 */
export interface WriteCondition {
  /** Whether a stream whose latest version is `version` (0: no events) meets it. */
  isMetBy(version: number): boolean;
  /** A condition met when both are. */
  and(other: WriteCondition): WriteCondition;
  /** A condition met when either is. */
  or(other: WriteCondition): WriteCondition;
  /** The condition as text, for error messages: `positionIs(3) or streamIsEmpty()`. */
  toString(): string;
}

class Condition implements WriteCondition {
  readonly #test: (version: number) => boolean;
  readonly #text: string;

  constructor(test: (version: number) => boolean, text: string) {
    this.#test = test;
    this.#text = text;
  }

  isMetBy(version: number): boolean {
    return this.#test(version);
  }

  and(other: WriteCondition): WriteCondition {
    return new Condition(
      (v) => this.isMetBy(v) && other.isMetBy(v),
      `(${this.toString()} and ${other.toString()})`,
    );
  }

  or(other: WriteCondition): WriteCondition {
    return new Condition(
      (v) => this.isMetBy(v) || other.isMetBy(v),
      `(${this.toString()} or ${other.toString()})`,
    );
  }

  toString(): string {
    return this.#text;
  }
}

/**
 * Met when the stream's latest event has version `position` (a safe integer >= 0; 0 means
 * the stream is empty). Throws `DataError` for anything else.
 */
export function positionIs(position: number): WriteCondition {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new DataError(`positionIs needs a safe integer >= 0, got ${String(position)}.`);
  }
  return new Condition((version) => version === position, `positionIs(${position})`);
}

/** Met when the stream has no events (never written, or deleted). */
export function streamIsEmpty(): WriteCondition {
  return new Condition((version) => version === 0, 'streamIsEmpty()');
}

/** Whether `value` is a write condition (a duck check: conditions may come from elsewhere). */
export function isWriteCondition(value: unknown): value is WriteCondition {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<WriteCondition>).isMetBy === 'function'
  );
}
