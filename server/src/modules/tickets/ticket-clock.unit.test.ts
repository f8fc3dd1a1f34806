/**
 * The ticket clock across China's 2026 holidays (State Council arrangement, as shipped by chinese-days):
 * - 春节 Spring Festival: Sun 15 Feb – Mon 23 Feb off (weekdays off: 16–20 and 23 Feb); Sat 14 Feb and Sat 28 Feb worked (调休).
 * - 中秋 Mid-autumn: Fri 25 Sep off.
 * - 国庆节 National Day: Thu 1 Oct – Wed 7 Oct off (weekdays off: 1, 2, 5, 6, 7 Oct); Sun 20 Sep and Sat 10 Oct worked.
 * Every `from` is given in UTC; Shanghai is UTC+8.
 */
import { describe, expect, it } from 'vitest';
import { addClockHours, clockHoursBetween, makeWorkCalendar, shanghaiDay, WEEKDAYS_ONLY } from './ticket-clock.js';
import { officialHolidays } from './ticket-holidays.js';

const cal2026 = makeWorkCalendar([...officialHolidays(2025), ...officialHolidays(2026)]);
const utc = (iso: string) => new Date(iso);
/** A Shanghai wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const add = (from: Date, hours: number, calendar = cal2026) => addClockHours(from, hours, 'working', calendar).toISOString();

describe('the holiday arrangement from chinese-days', () => {
  const rows = officialHolidays(2026);
  const kindOf = (day: string) => rows.find((r) => r.day === day)?.kind;

  it('lists National Day 2026: weekdays 1, 2, 5, 6, 7 Oct off; Sun 20 Sep and Sat 10 Oct worked', () => {
    expect(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map(kindOf)).toEqual(Array(5).fill('holiday'));
    // The weekend inside the holiday is off anyway: not listed.
    expect(kindOf('2026-10-03')).toBeUndefined();
    expect(kindOf('2026-10-04')).toBeUndefined();
    expect(kindOf('2026-09-20')).toBe('workday');
    expect(kindOf('2026-10-10')).toBe('workday');
    expect(rows.find((r) => r.day === '2026-10-01')!.name).toBe('国庆节');
    expect(rows.find((r) => r.day === '2026-10-10')!.name).toBe('国庆节调休');
  });

  it('lists Spring Festival 2026: 16–20 and 23 Feb off, Sat 14 and Sat 28 Feb worked', () => {
    expect(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23'].map(kindOf)).toEqual(Array(6).fill('holiday'));
    expect(kindOf('2026-02-14')).toBe('workday');
    expect(kindOf('2026-02-28')).toBe('workday');
    expect(kindOf('2026-02-24')).toBeUndefined();
    expect(rows.find((r) => r.day === '2026-02-17')!.name).toBe('春节');
  });

  it('every holiday row is a weekday and every workday row a weekend day', () => {
    for (const r of rows) {
      const dow = new Date(`${r.day}T00:00:00Z`).getUTCDay();
      expect({ day: r.day, weekend: dow === 0 || dow === 6 }).toEqual({ day: r.day, weekend: r.kind === 'workday' });
    }
  });

  it('is empty for a year not yet published', () => {
    expect(officialHolidays(2099)).toEqual([]);
  });
});

describe('the calendar clock', () => {
  it('counts every hour, holidays included', () => {
    expect(addClockHours(utc('2026-09-30T02:00:00Z'), 168, 'calendar', cal2026).toISOString()).toBe('2026-10-07T02:00:00.000Z');
    expect(addClockHours(utc('2026-11-20T10:00:00Z'), 2, 'calendar', cal2026).toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(clockHoursBetween(sh('2026-09-30T10:00:00'), sh('2026-10-08T10:00:00'), 'calendar', cal2026)).toBe(192);
  });
});

describe('the working clock in an ordinary week (November 2026)', () => {
  it('24 working hours from Monday 10:00 is Tuesday 10:00', () => {
    expect(add(utc('2026-11-16T02:00:00Z'), 24)).toBe(sh('2026-11-17T10:00:00').toISOString());
  });

  it('a deadline that starts Friday evening runs over the weekend into Monday', () => {
    const fridayEvening = utc('2026-11-20T10:00:00Z'); // Fri 18:00 Shanghai
    expect(add(fridayEvening, 2)).toBe(sh('2026-11-20T20:00:00').toISOString());
    // Six hours are left on Friday; the deadline is Friday's 24:00, which is Saturday 00:00.
    expect(add(fridayEvening, 6)).toBe(sh('2026-11-21T00:00:00').toISOString());
    expect(add(fridayEvening, 24)).toBe(sh('2026-11-23T18:00:00').toISOString());
    // 7 days general = 7 working days: Fri 6 h + Mon–Fri 120 h + next Mon 18 h … Tue 18:00.
    expect(add(fridayEvening, 7 * 24)).toBe(sh('2026-12-01T18:00:00').toISOString());
  });

  it('a ticket created on Saturday starts counting at Monday 00:00 Shanghai', () => {
    expect(add(sh('2026-11-21T09:00:00'), 24)).toBe(sh('2026-11-24T00:00:00').toISOString());
    expect(add(sh('2026-11-22T23:59:00'), 0.5)).toBe(sh('2026-11-23T00:30:00').toISOString());
  });

  it('takes the Shanghai day, not the UTC day, of a `from` given in UTC', () => {
    // Friday 17:00 UTC is already Saturday 01:00 in Shanghai: nothing counts until Monday.
    expect(add(utc('2026-11-20T17:00:00Z'), 1)).toBe('2026-11-22T17:00:00.000Z');
    // Sunday 20:00 UTC is Monday 04:00 in Shanghai: it counts at once.
    expect(add(utc('2026-11-22T20:00:00Z'), 1)).toBe('2026-11-22T21:00:00.000Z');
    expect(shanghaiDay(utc('2026-11-20T16:00:00Z'))).toBe('2026-11-21');
    expect(shanghaiDay(utc('2026-11-20T15:59:59Z'))).toBe('2026-11-20');
  });

  it('counts fractional hours within a working day', () => {
    expect(add(sh('2026-11-18T09:00:00'), 1.5)).toBe(sh('2026-11-18T10:30:00').toISOString());
    expect(add(sh('2026-11-20T23:00:00'), 1.25)).toBe(sh('2026-11-23T00:15:00').toISOString());
    expect(add(sh('2026-11-18T09:00:00'), 0)).toBe(sh('2026-11-18T09:00:00').toISOString());
  });

  it('refuses negative or non-finite hours', () => {
    expect(() => addClockHours(new Date(), -1, 'working', cal2026)).toThrow(RangeError);
    expect(() => addClockHours(new Date(), Number.NaN, 'calendar', cal2026)).toThrow(RangeError);
  });

  it('gives up on a calendar with no working days', () => {
    expect(() => addClockHours(new Date(), 1, 'working', { isWorkingDay: () => false })).toThrow(/no working day/);
  });
});

describe('the working clock across National Day 2026', () => {
  it('7 working days from Wed 30 Sep 10:00 end on Thu 15 Oct 10:00 (1–7 Oct off, Sat 10 Oct worked)', () => {
    // 30 Sep 14 h; 8, 9, 10 (Sat, 调休), 12, 13, 14 Oct 144 h; 15 Oct 10 h.
    const from = utc('2026-09-30T02:00:00Z');
    expect(add(from, 168)).toBe(sh('2026-10-15T10:00:00').toISOString());
    // Without the holiday table it would be Fri 9 Oct 10:00.
    expect(add(from, 168, WEEKDAYS_ONLY)).toBe(sh('2026-10-09T10:00:00').toISOString());
  });

  it('a ticket reported during the holiday starts counting on Thu 8 Oct', () => {
    expect(add(sh('2026-10-03T15:00:00'), 24)).toBe(sh('2026-10-09T00:00:00').toISOString());
    expect(add(sh('2026-10-01T08:00:00'), 2)).toBe(sh('2026-10-08T02:00:00').toISOString());
  });

  it('the adjusted working Saturday 10 Oct counts, Sunday 11 Oct does not', () => {
    // Fri 9 Oct 20:00 + 24 h: 4 h Friday, 20 h on Saturday 10 Oct.
    expect(add(sh('2026-10-09T20:00:00'), 24)).toBe(sh('2026-10-10T20:00:00').toISOString());
    // Sat 10 Oct 20:00 + 24 h: 4 h Saturday, Sunday off, 20 h Monday.
    expect(add(sh('2026-10-10T20:00:00'), 24)).toBe(sh('2026-10-12T20:00:00').toISOString());
  });

  it('the adjusted working Sunday 20 Sep counts; the Mid-autumn Friday 25 Sep does not', () => {
    expect(add(sh('2026-09-19T15:00:00'), 36)).toBe(sh('2026-09-21T12:00:00').toISOString());
    expect(add(sh('2026-09-24T12:00:00'), 24)).toBe(sh('2026-09-28T12:00:00').toISOString());
  });

  it('measures working hours between two instants (按期, overdue by)', () => {
    expect(clockHoursBetween(sh('2026-09-30T10:00:00'), sh('2026-10-08T10:00:00'), 'working', cal2026)).toBe(24);
    expect(clockHoursBetween(sh('2026-10-08T10:00:00'), sh('2026-09-30T10:00:00'), 'working', cal2026)).toBe(-24);
    expect(clockHoursBetween(sh('2026-10-02T01:00:00'), sh('2026-10-06T23:00:00'), 'working', cal2026)).toBe(0);
    expect(clockHoursBetween(sh('2026-10-09T12:00:00'), sh('2026-10-12T06:00:00'), 'working', cal2026)).toBe(12 + 24 + 6);
  });
});

describe('the working clock across Spring Festival 2026', () => {
  it('Fri 13 Feb 16:00 + 24 h ends on the worked Saturday 14 Feb at 16:00', () => {
    expect(add(utc('2026-02-13T08:00:00Z'), 24)).toBe(sh('2026-02-14T16:00:00').toISOString());
  });

  it('Sat 14 Feb 20:00 + 24 h: 4 h that Saturday, 15–23 Feb off, 20 h on Tue 24 Feb', () => {
    expect(add(sh('2026-02-14T20:00:00'), 24)).toBe(sh('2026-02-24T20:00:00').toISOString());
  });

  it('reported on Mon 16 Feb (a holiday), emergency 2 h on a working clock ends Tue 24 Feb 02:00', () => {
    expect(add(sh('2026-02-16T10:00:00'), 2)).toBe('2026-02-23T18:00:00.000Z');
  });

  it('15 working days (complex) from Tue 10 Feb 09:00 end Mon 9 Mar 09:00', () => {
    // 10 Feb 15 h; 11, 12, 13, 14 Feb; 24, 25, 26, 27, 28 Feb; 2–6 Mar = 14 days; Mon 9 Mar 9 h.
    expect(add(sh('2026-02-10T09:00:00'), 360)).toBe(sh('2026-03-09T09:00:00').toISOString());
  });
});

describe('addClockHours and clockHoursBetween agree', () => {
  it('for many starts and lengths through 2026', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const start = utc('2026-01-01T00:00:00Z').getTime();
    for (let i = 0; i < 500; i++) {
      const from = new Date(start + Math.floor(rnd() * 360 * 24 * 60) * 60_000);
      const hours = Math.round(rnd() * 400 * 4) / 4;
      const due = addClockHours(from, hours, 'working', cal2026);
      expect(clockHoursBetween(from, due, 'working', cal2026)).toBeCloseTo(hours, 9);
      expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
    }
  });
});
