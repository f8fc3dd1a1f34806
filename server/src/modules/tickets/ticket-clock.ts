/**
 * The ticket clock: when a deadline falls. Calendar time counts every hour; working time counts only
 * working days (Monday to Friday, minus statutory holidays, plus 调休 working weekends from the
 * holiday table), 24 clock hours per working day, in Asia/Shanghai. Pure: no I/O, no "now".
 *
 * Rules of the working clock:
 * - a working day is a Shanghai date that is Monday–Friday and not a holiday, or a 调休 workday;
 * - each working day counts all of its 24 hours, so "7 days general" is 7 working days;
 * - time on a non-working day does not count: a ticket created on a Saturday starts counting at
 *   00:00 of the next working day;
 * - a deadline that ends exactly at the end of a working day falls at 00:00 of the following date
 *   (that day's 24:00), whatever that date is.
 * China has no daylight saving time: Shanghai is UTC+8 all year, so the day boundaries are fixed.
 */
export type ClockKind = 'calendar' | 'working';

/** A holiday calendar: is this Shanghai date (YYYY-MM-DD) a working day? */
export interface WorkCalendar {
  isWorkingDay(day: string): boolean;
}

/** A row of the holiday table: a weekday off, or a weekend day worked (调休). */
export interface CalendarEntry {
  day: string;
  kind: 'holiday' | 'workday';
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Asia/Shanghai is UTC+8 with no daylight saving time (since 1991). */
const SHANGHAI_OFFSET = 8 * HOUR;
/** The longest stretch of days off the working clock will look across before giving up (a misconfigured calendar). */
const MAX_DAYS_OFF = 366;

/** 00:00 Asia/Shanghai of a date written YYYY-MM-DD, or null if it is no date. */
export function parseShanghaiDay(day: string): Date | null {
  const t = new Date(`${day}T00:00:00+08:00`);
  return Number.isNaN(t.getTime()) ? null : t;
}

/** The Shanghai date (YYYY-MM-DD) of an instant. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

/** 00:00 Asia/Shanghai of the Shanghai day that contains `ms` (epoch ms). */
function startOfShanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
}

/** Monday to Friday, by the Shanghai date. */
export function isWeekday(day: string): boolean {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow >= 1 && dow <= 5;
}

/** Monday to Friday only: the calendar when the holiday table is empty. */
export const WEEKDAYS_ONLY: WorkCalendar = { isWorkingDay: isWeekday };

/** A calendar from the holiday table: an entry overrides the weekday rule for its date. */
export function makeWorkCalendar(entries: Iterable<CalendarEntry>): WorkCalendar {
  const overrides = new Map<string, boolean>();
  for (const e of entries) overrides.set(e.day, e.kind === 'workday');
  return { isWorkingDay: (day) => overrides.get(day) ?? isWeekday(day) };
}

function isWorkingAt(ms: number, calendar: WorkCalendar): boolean {
  return calendar.isWorkingDay(shanghaiDay(new Date(ms)));
}

/** 00:00 Shanghai of the first working day that starts after the day containing `ms`. */
function nextWorkingDayStart(ms: number, calendar: WorkCalendar): number {
  let start = startOfShanghaiDay(ms) + DAY;
  for (let i = 0; i < MAX_DAYS_OFF; i++, start += DAY) {
    if (isWorkingAt(start, calendar)) return start;
  }
  throw new Error(`no working day within ${MAX_DAYS_OFF} days after ${shanghaiDay(new Date(ms))}: check the holiday table`);
}

function checkHours(hours: number) {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`clock hours must be a finite number ≥ 0, got ${hours}`);
}

/** Adds `hours` of the given clock to `from`. */
export function addClockHours(from: Date, hours: number, clock: ClockKind, calendar: WorkCalendar): Date {
  checkHours(hours);
  if (clock === 'calendar') return new Date(from.getTime() + hours * HOUR);
  let cursor = from.getTime();
  if (!isWorkingAt(cursor, calendar)) cursor = nextWorkingDayStart(cursor, calendar);
  let remaining = Math.round(hours * HOUR);
  for (;;) {
    const dayEnd = startOfShanghaiDay(cursor) + DAY;
    const available = dayEnd - cursor;
    if (remaining <= available) return new Date(cursor + remaining);
    remaining -= available;
    cursor = isWorkingAt(dayEnd, calendar) ? dayEnd : nextWorkingDayStart(dayEnd, calendar);
  }
}

/**
 * Hours of the given clock from `a` to `b` (negative when `b` is before `a`): how long a ticket took,
 * or how far past its deadline it is. On the working clock only working days' hours count, so
 * `clockHoursBetween(a, addClockHours(a, h, 'working', c), 'working', c) === h`.
 */
export function clockHoursBetween(a: Date, b: Date, clock: ClockKind, calendar: WorkCalendar): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to < from) return -clockHoursBetween(b, a, clock, calendar);
  if (clock === 'calendar') return (to - from) / HOUR;
  let counted = 0;
  for (let dayStart = startOfShanghaiDay(from); dayStart < to; dayStart += DAY) {
    if (!isWorkingAt(dayStart, calendar)) continue;
    counted += Math.min(to, dayStart + DAY) - Math.max(from, dayStart);
  }
  return counted / HOUR;
}
