/** Amounts are whole cents, so sums never drift; these turn them into text and back. */

const format = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' });

/** `1234` → `€12.34` (in the reader's locale). */
export function formatCents(cents: number): string {
  return format.format(cents / 100);
}

/** `"12.34"` or `"12,34"` → `1234`; `undefined` for anything that is not a positive amount. */
export function parseCents(text: string): number | undefined {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents > 0 ? cents : undefined;
}
