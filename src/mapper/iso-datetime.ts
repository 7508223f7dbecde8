/**
 * ISO 8601 date-times as Python writes and reads them (`datetime.isoformat()` /
 * `datetime.fromisoformat()`), without relying on `Date.parse`, whose handling of anything
 * beyond ECMAScript's own format (six fraction digits, `+00:00` offsets, spaces) differs by engine.
 */

/**
 * `date` as ISO 8601 with an explicit `+00:00` offset (`2024-05-01T12:00:00.000+00:00`), a
 * form Python's `datetime.fromisoformat` reads on every version (3.7+), unlike a trailing `Z`.
 * Throws `TypeError` for an invalid `Date`.
 */
export function formatIsoDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new TypeError('An invalid Date (NaN time) cannot be written as datetime_iso.');
  }
  return date.toISOString().replace(/Z$/, '+00:00');
}

const EXTENDED =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d+)?)?)?)?)?$/i;
const BASIC =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?:\d{2}(?:\d{2})?)?)?)?$/i;

/**
 * Reads an ISO 8601 calendar date or date-time, extended (`2024-05-01T12:00:00.123456+02:00`)
 * or basic (`20240501T120000Z`), with a `T` or a space, and with an offset `Z`, `±HH`,
 * `±HH:MM` or `±HH:MM:SS`. What a caller can get wrong:
 * - a date-time **without an offset is read as UTC** (not local time, as `Date.parse` would);
 *   Python's naive `datetime.isoformat()` writes such strings;
 * - `Date` holds milliseconds, so fraction digits beyond the third (microseconds) are dropped;
 * - week (`2024-W18`) and ordinal (`2024-122`) dates are not read.
 *
 * Throws `TypeError` for anything else, including impossible dates such as `2023-02-29`.
 */
export function parseIsoDateTime(text: string): Date {
  const match = EXTENDED.exec(text) ?? BASIC.exec(text);
  if (!match) throw new TypeError(`Not an ISO 8601 date-time: ${JSON.stringify(text)}`);
  const [, year = '', month = '', day = '', hour = '0', minute = '0', second = '0'] = match;
  const millis = Number(((match[7] ?? '') + '000').slice(0, 3));
  const fields = [Number(year), Number(month), Number(day), Number(hour), Number(minute)];
  const date = utcDate(fields, Number(second), millis);
  const offset = offsetMillis(match[8]);
  if (!date || offset === undefined) {
    throw new TypeError(`Not a valid date-time: ${JSON.stringify(text)}`);
  }
  return new Date(date.getTime() - offset);
}

function utcDate(fields: number[], second: number, millis: number): Date | undefined {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = fields;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const sameDay =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return sameDay ? date : undefined;
}

function offsetMillis(offset: string | undefined): number | undefined {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(/:/g, '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4) || '0');
  const seconds = Number(digits.slice(4) || '0');
  if (hours > 23 || minutes > 59 || seconds >= 60) return undefined;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * ((hours * 60 + minutes) * 60 + seconds) * 1000;
}
