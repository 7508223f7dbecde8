/** Section ids of a notification log: `first,last`, both notification ids, inclusive. */
import { DataError } from '../errors.js';

/** A window of notification ids. */
export interface SectionWindow {
  readonly first: number;
  readonly last: number;
}

/**
 * Parses `"11,20"`; throws `DataError` for anything that is not two safe integers with
 * `1 <= first <= last`.
 */
export function parseSectionId(id: string): SectionWindow {
  const match = typeof id === 'string' ? /^(\d+),(\d+)$/.exec(id) : null;
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(last) || first < 1 || last < first) {
    throw new DataError(
      `A section id is "first,last" with 1 <= first <= last (like "1,10"), not ${JSON.stringify(id)}.`,
    );
  }
  return { first, last };
}

/** `"first,last"`. */
export function formatSectionId(first: number, last: number): string {
  return `${first},${last}`;
}
