/**
 * The working calendar the ticket clock runs on, read from the holiday table and kept for a minute:
 * every deadline computed (creation, dispatch, each escalation of a sweep) would otherwise read the
 * whole table again. This process's own changes to the table (ticket-config.service.ts) take effect
 * at once; another server process's within CALENDAR_TTL_MS.
 */
import type { Db } from '../../platform/db.js';
import { holidays } from './tickets.schema.js';
import { makeWorkCalendar, type WorkCalendar } from './ticket-clock.js';

/** How long a process trusts its copy of the holiday table. */
export const CALENDAR_TTL_MS = 60_000;

/** One copy per process: a process serves one database (its transactions included, so not keyed by Db). */
let cached: { calendar: Promise<WorkCalendar>; loadedAt: number } | null = null;

/** The holiday table as a calendar: 'holiday' rows are days off, 'workday' rows are working weekend days (调休). */
export function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  const now = Date.now();
  if (cached && now - cached.loadedAt < CALENDAR_TTL_MS) return cached.calendar;
  const calendar = db
    .select({ day: holidays.day, kind: holidays.kind })
    .from(holidays)
    .then((list) => makeWorkCalendar(list.map((r) => ({ day: r.day, kind: r.kind === 'workday' ? 'workday' : 'holiday' }))));
  const entry = { calendar, loadedAt: now };
  cached = entry;
  // A failed load is not kept.
  calendar.catch(() => {
    if (cached === entry) cached = null;
  });
  return calendar;
}

/** Forgets the copy (after a change to the holiday table). */
export function invalidateWorkCalendar(): void {
  cached = null;
}
