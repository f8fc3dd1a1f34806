/** SQL for the points ledger, balances, rules, items and redemptions. */
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { pointsBalances, pointsItems, pointsLedger, pointsRedemptions, pointsRules } from './points.schema.js';

export async function findRules(db: Db, communityCode: string) {
  const [r] = await db.select().from(pointsRules).where(eq(pointsRules.communityCode, communityCode));
  return r ?? null;
}

export async function upsertRules(db: Db, values: typeof pointsRules.$inferInsert) {
  await db
    .insert(pointsRules)
    .values(values)
    .onConflictDoUpdate({ target: pointsRules.communityCode, set: { perHour: values.perHour, perParticipation: values.perParticipation, perTicketClosed: values.perTicketClosed, updatedBy: values.updatedBy, updatedAt: sql`now()` } });
}

/** Appends an entry; null when an entry with the same reason, source and resident exists (an award is made once). */
export async function insertEntry(db: Db, values: typeof pointsLedger.$inferInsert) {
  const [r] = await db.insert(pointsLedger).values(values).onConflictDoNothing().returning();
  return r ?? null;
}

/** Adds to a balance (creating it); the CHECK keeps it at or above zero, so a change that would overdraw fails (SQLSTATE 23514). */
export async function addToBalance(db: Db, v: { residentId: string; communityCode: string; countyCode: string; delta: number; earned: number }) {
  if (v.delta < 0) {
    // An upsert would test the CHECK on the would-be new row (a negative balance) before finding the existing one.
    const r = await db
      .update(pointsBalances)
      .set({ balance: sql`${pointsBalances.balance} + ${v.delta}`, earned: sql`${pointsBalances.earned} + ${v.earned}`, updatedAt: sql`now()` })
      .where(eq(pointsBalances.residentId, v.residentId))
      .returning({ balance: pointsBalances.balance });
    if (!r.length) throw Object.assign(new Error('balance would go below zero'), { code: '23514' });
    return;
  }
  await db
    .insert(pointsBalances)
    .values({ residentId: v.residentId, communityCode: v.communityCode, countyCode: v.countyCode, balance: v.delta, earned: v.earned })
    .onConflictDoUpdate({
      target: pointsBalances.residentId,
      set: { balance: sql`${pointsBalances.balance} + ${v.delta}`, earned: sql`${pointsBalances.earned} + ${v.earned}`, updatedAt: sql`now()` },
    });
}

/** Takes points if the balance covers them, atomically (a concurrent redemption waits for the row and sees the new balance). */
export async function spendFromBalance(db: Db, residentId: string, points: number) {
  const r = await db
    .update(pointsBalances)
    .set({ balance: sql`${pointsBalances.balance} - ${points}`, updatedAt: sql`now()` })
    .where(and(eq(pointsBalances.residentId, residentId), gte(pointsBalances.balance, points)))
    .returning({ balance: pointsBalances.balance });
  return r.length > 0;
}

export async function findBalance(db: Db, residentId: string) {
  const [r] = await db.select().from(pointsBalances).where(eq(pointsBalances.residentId, residentId));
  return r ?? null;
}

export async function findEntry(db: Db, id: number) {
  const [r] = await db.select().from(pointsLedger).where(eq(pointsLedger.id, id));
  return r ?? null;
}

export interface EntryRow {
  id: number;
  resident_id: string;
  name: string;
  delta: number;
  reason: string;
  note: string;
  source: string | null;
  reverses_id: number | null;
  reversed_by: number | null;
  created_at: Date;
}

export function findEntries(db: Db, f: { residentId?: string; communityCode?: string }, limit: number) {
  return rows<EntryRow>(
    db,
    sql`SELECT l.id::int AS id, l.resident_id, r.name, l.delta, l.reason, l.note, l.source, l.reverses_id::int AS reverses_id,
               (SELECT x.id::int FROM points_ledger x WHERE x.reverses_id = l.id) AS reversed_by, l.created_at
        FROM points_ledger l JOIN residents r ON r.id = l.resident_id
        WHERE true ${f.residentId ? sql`AND l.resident_id = ${f.residentId}` : sql``} ${f.communityCode ? sql`AND l.community_code = ${f.communityCode}` : sql``}
        ORDER BY l.id DESC LIMIT ${limit}`,
  );
}

/** Points earned in a community over a period (redemptions do not lower it), best first. */
export function findLeaderboard(db: Db, communityCode: string, from: Date | null, limit: number) {
  return rows<{ resident_id: string; name: string; earned: number; balance: number }>(
    db,
    sql`SELECT l.resident_id, r.name, sum(l.delta)::int AS earned, coalesce(b.balance, 0)::int AS balance
        FROM points_ledger l JOIN residents r ON r.id = l.resident_id LEFT JOIN points_balances b ON b.resident_id = l.resident_id
        WHERE l.community_code = ${communityCode} AND l.reason <> 'redemption' ${from ? sql`AND l.created_at >= ${from.toISOString()}` : sql``}
        GROUP BY l.resident_id, r.name, b.balance HAVING sum(l.delta) > 0
        ORDER BY earned DESC, r.name LIMIT ${limit}`,
  );
}

export async function insertItem(db: Db, values: typeof pointsItems.$inferInsert) {
  const [r] = await db.insert(pointsItems).values(values).returning();
  return r;
}

export async function findItem(db: Db, id: string) {
  const [r] = await db.select().from(pointsItems).where(eq(pointsItems.id, id));
  return r ?? null;
}

export function findItems(db: Db, communityCode: string, activeOnly: boolean) {
  return db
    .select()
    .from(pointsItems)
    .where(activeOnly ? and(eq(pointsItems.communityCode, communityCode), eq(pointsItems.active, true)) : eq(pointsItems.communityCode, communityCode))
    .orderBy(pointsItems.cost, pointsItems.name);
}

export async function updateItem(db: Db, id: string, values: Partial<typeof pointsItems.$inferInsert>) {
  await db.update(pointsItems).set(values).where(eq(pointsItems.id, id));
}

/** Takes stock if there is enough, atomically. */
export async function takeStock(db: Db, itemId: string, quantity: number) {
  const r = await db
    .update(pointsItems)
    .set({ stock: sql`${pointsItems.stock} - ${quantity}` })
    .where(and(eq(pointsItems.id, itemId), eq(pointsItems.active, true), gte(pointsItems.stock, quantity)))
    .returning({ stock: pointsItems.stock });
  return r.length > 0;
}

export async function insertRedemption(db: Db, values: typeof pointsRedemptions.$inferInsert) {
  const [r] = await db.insert(pointsRedemptions).values(values).returning();
  return r;
}

export async function markHandedOver(db: Db, id: string) {
  const r = await db
    .update(pointsRedemptions)
    .set({ status: 'handed_over', handedOverAt: sql`now()` })
    .where(and(eq(pointsRedemptions.id, id), eq(pointsRedemptions.status, 'redeemed')))
    .returning();
  return r[0] ?? null;
}

export async function findRedemption(db: Db, id: string) {
  const [r] = await db.select().from(pointsRedemptions).where(eq(pointsRedemptions.id, id));
  return r ?? null;
}

export function findRedemptions(db: Db, f: { communityCode?: string; residentId?: string }) {
  return rows<{ id: string; item_id: string; item_name: string; resident_id: string; name: string; quantity: number; points: number; status: string; created_at: Date }>(
    db,
    sql`SELECT d.id, d.item_id, i.name AS item_name, d.resident_id, r.name, d.quantity, d.points, d.status, d.created_at
        FROM points_redemptions d JOIN points_items i ON i.id = d.item_id JOIN residents r ON r.id = d.resident_id
        WHERE true ${f.communityCode ? sql`AND d.community_code = ${f.communityCode}` : sql``} ${f.residentId ? sql`AND d.resident_id = ${f.residentId}` : sql``}
        ORDER BY d.created_at DESC LIMIT 500`,
  );
}
