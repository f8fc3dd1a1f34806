/** SQL for the ticket loop's configuration: categories and the holiday table. */
import { asc, and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { holidays, ticketCategories } from './tickets.schema.js';

export type CategoryRow = typeof ticketCategories.$inferSelect;
export type HolidayRecord = typeof holidays.$inferSelect;

export async function findCategory(db: Db, code: string): Promise<CategoryRow | null> {
  const [r] = await db.select().from(ticketCategories).where(eq(ticketCategories.code, code)).limit(1);
  return r ?? null;
}

/** Inserts a category; null when the code is taken. */
export async function insertCategory(db: Db, values: typeof ticketCategories.$inferInsert): Promise<CategoryRow | null> {
  const [r] = await db.insert(ticketCategories).values(values).onConflictDoNothing().returning();
  return r ?? null;
}

export async function updateCategory(db: Db, code: string, values: Partial<typeof ticketCategories.$inferInsert>): Promise<CategoryRow | null> {
  const [r] = await db
    .update(ticketCategories)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(ticketCategories.code, code))
    .returning();
  return r ?? null;
}

export async function nextCategorySort(db: Db): Promise<number> {
  const [r] = await db.select({ max: sql<number | null>`max(${ticketCategories.sort})` }).from(ticketCategories);
  return (r?.max ?? 0) + 10;
}

export function holidaysBetween(db: Db, from: string, to: string) {
  return db
    .select()
    .from(holidays)
    .where(and(gte(holidays.day, from), lte(holidays.day, to)))
    .orderBy(asc(holidays.day));
}


export async function upsertHoliday(db: Db, row: HolidayRecord): Promise<HolidayRecord> {
  const [r] = await db
    .insert(holidays)
    .values(row)
    .onConflictDoUpdate({ target: holidays.day, set: { kind: row.kind, name: row.name } })
    .returning();
  return r;
}

/** Inserts the rows whose day is not in the table yet (an admin's edits stay); returns how many went in. */
export async function insertMissingHolidays(db: Db, rows: HolidayRecord[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db.insert(holidays).values(rows).onConflictDoNothing().returning({ day: holidays.day });
  return inserted.length;
}

export async function deleteHoliday(db: Db, day: string): Promise<HolidayRecord | null> {
  const [r] = await db.delete(holidays).where(eq(holidays.day, day)).returning();
  return r ?? null;
}

export async function hasHolidaysIn(db: Db, year: number): Promise<boolean> {
  const [r] = await db
    .select({ day: holidays.day })
    .from(holidays)
    .where(sql`${holidays.day} >= ${`${year}-01-01`}::date AND ${holidays.day} < ${`${year + 1}-01-01`}::date`)
    .limit(1);
  return !!r;
}
