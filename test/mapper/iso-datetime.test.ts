import { describe, expect, it } from 'vitest';
import { formatIsoDateTime, parseIsoDateTime } from '../../src/mapper/iso-datetime.js';

const utc = (...a: [number, number, number, number?, number?, number?, number?]) => {
  const d = new Date(0);
  d.setUTCFullYear(a[0], a[1] - 1, a[2]);
  d.setUTCHours(a[3] ?? 0, a[4] ?? 0, a[5] ?? 0, a[6] ?? 0);
  return d;
};

describe('ISO 8601 date-times', () => {
  it('formats with an explicit +00:00 offset', () => {
    expect(formatIsoDateTime(utc(2024, 5, 1, 12, 30, 5, 7))).toBe('2024-05-01T12:30:05.007+00:00');
  });

  it('refuses an invalid Date', () => {
    expect(() => formatIsoDateTime(new Date(Number.NaN))).toThrow(TypeError);
  });

  it.each([
    ['2024-05-01T12:30:05.007+00:00', utc(2024, 5, 1, 12, 30, 5, 7)],
    ['2024-05-01T12:30:05.007Z', utc(2024, 5, 1, 12, 30, 5, 7)],
    ['2024-05-01T12:30:05.123456+00:00', utc(2024, 5, 1, 12, 30, 5, 123)],
    ['2024-05-01 12:30:05', utc(2024, 5, 1, 12, 30, 5)],
    ['2024-05-01T12:30', utc(2024, 5, 1, 12, 30)],
    ['2024-05-01T14:30:00+02:00', utc(2024, 5, 1, 12, 30)],
    ['2024-05-01T10:00:00-02:30', utc(2024, 5, 1, 12, 30)],
    ['2024-05-01T12:30:00+0000', utc(2024, 5, 1, 12, 30)],
    ['2024-05-01T13:00:00+01', utc(2024, 5, 1, 12)],
    ['2024-05-01T12:00:30+00:00:30', utc(2024, 5, 1, 12)],
    ['2024-05-01T12:00:00,5Z', utc(2024, 5, 1, 12, 0, 0, 500)],
    ['2024-05-01', utc(2024, 5, 1)],
    ['20240501T123005Z', utc(2024, 5, 1, 12, 30, 5)],
    ['20240501', utc(2024, 5, 1)],
    ['0099-01-01T00:00:00+00:00', utc(99, 1, 1)],
    ['+010000-01-01T00:00:00.000Z', utc(10000, 1, 1)],
    ['2024-02-29T00:00:00Z', utc(2024, 2, 29)],
  ])('reads %s', (text, date) => {
    expect(parseIsoDateTime(text)).toEqual(date);
  });

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-05-01T24:00:00',
    '2024-05-01T12:60',
    '2024-05-01T12:00:00+24:00',
    '2024-W18-3',
    '2024-122',
    'May 1, 2024',
    '',
  ])('refuses %j', (text) => {
    expect(() => parseIsoDateTime(text)).toThrow(TypeError);
  });

  it('round-trips the extremes of Date', () => {
    for (const ms of [-8.64e15, 8.64e15, 0, -1]) {
      expect(parseIsoDateTime(formatIsoDateTime(new Date(ms)))).toEqual(new Date(ms));
    }
  });
});
