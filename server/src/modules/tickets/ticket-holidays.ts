/**
 * China's official holiday arrangement (国务院办公厅 节假日安排) from the chinese-days package, as
 * rows of the holiday table: statutory holidays that fall on a weekday (kind 'holiday') and
 * weekend days that are worked in exchange (调休, kind 'workday'). Weekend days inside a holiday
 * are days off anyway and are not listed. Pure: the data ships with the package.
 */
import chineseDays from 'chinese-days';
import { isWeekday } from './ticket-clock.js';

export interface HolidayRow {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

/** "Spring Festival,春节,4" → 春节. */
function chineseName(detail: string): string {
  const parts = detail.split(',');
  return (parts[1] ?? parts[0]).trim();
}

/** The arrangement of one year; empty for a year the package does not know yet (published each November). */
export function officialHolidays(year: number): HolidayRow[] {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const out: HolidayRow[] = [];
  for (const day of chineseDays.getHolidaysInRange(start, end, false)) {
    if (isWeekday(day)) out.push({ day, kind: 'holiday', name: chineseName(chineseDays.getDayDetail(day).name) });
  }
  for (const day of chineseDays.getWorkdaysInRange(start, end, true)) {
    if (!isWeekday(day)) out.push({ day, kind: 'workday', name: `${chineseName(chineseDays.getDayDetail(day).name)}调休` });
  }
  return out.sort((a, b) => a.day.localeCompare(b.day));
}
