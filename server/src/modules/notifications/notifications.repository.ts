/** SQL for the inbox. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { notifications } from '../tickets/tickets.schema.js';

export async function insertNotifications(db: Db, rows: Array<typeof notifications.$inferInsert>) {
  if (rows.length) await db.insert(notifications).values(rows);
}

export function listInbox(db: Db, userId: string, unreadOnly: boolean, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.id))
    .limit(limit);
}

export async function countUnread(db: Db, userId: string) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return r.n;
}

export async function markRead(db: Db, userId: string, id: number | null) {
  const r = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), id === null ? undefined : eq(notifications.id, id)))
    .returning({ id: notifications.id });
  return r.length;
}
