/** SQL for the inbox. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { rows } from '../../platform/db.js';
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

/** Inbox rows per statement (5 parameters each, well under PostgreSQL's 65,535). */
const INSERT_CHUNK = 5000;

export async function insertNotificationsChunked(db: Db, list: Array<typeof notifications.$inferInsert>) {
  for (let i = 0; i < list.length; i += INSERT_CHUNK) await insertNotifications(db, list.slice(i, i + INSERT_CHUNK));
}

/** The followers of each of the tickets (one query). */
export async function findFollowersOf(db: Db, ticketIds: string[]): Promise<Map<string, string[]>> {
  const byTicket = new Map<string, string[]>();
  if (!ticketIds.length) return byTicket;
  const list = await rows<{ ticket_id: string; user_id: string }>(db, sql`SELECT ticket_id, user_id FROM ticket_followers WHERE ticket_id = ANY(${sql.param(ticketIds)}::uuid[])`);
  for (const r of list) byTicket.set(r.ticket_id, [...(byTicket.get(r.ticket_id) ?? []), r.user_id]);
  return byTicket;
}

/** Who responds to a ticket: a tier team's members, or the holders of a staff role on a place. */
export type ResponderKey = { teamId: string } | { role: string; scopeCode: string };

export const responderKey = (k: ResponderKey) => ('teamId' in k ? `team:${k.teamId}` : `${k.role}:${k.scopeCode}`);

/**
 * The accounts behind each responder key, in one query: a team's members added as users and the
 * residents on it who have an account (as teams' findMemberUserIds), and the users granted a role on
 * exactly that place (as identity's findUsersWithRoleOn).
 */
export async function findResponders(db: Db, keys: ResponderKey[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const teamIds = [...new Set(keys.flatMap((k) => ('teamId' in k ? [k.teamId] : [])))];
  const roles = [...new Map(keys.flatMap((k) => ('role' in k ? [[responderKey(k), k] as const] : []))).values()];
  if (!teamIds.length && !roles.length) return out;
  const list = await rows<{ key: string; id: string }>(
    db,
    sql`SELECT DISTINCT 'team:' || m.team_id AS key, COALESCE(m.user_id, u.id)::text AS id
          FROM team_members m LEFT JOIN users u ON u.resident_id = m.resident_id
         WHERE m.team_id = ANY(${sql.param(teamIds)}::uuid[]) AND COALESCE(m.user_id, u.id) IS NOT NULL
        UNION
        SELECT g.role || ':' || g.scope_code, g.user_id::text
          FROM role_grants g JOIN unnest(${sql.param(roles.map((r) => r.role))}::text[], ${sql.param(roles.map((r) => r.scopeCode))}::text[]) AS w(role, scope_code)
            ON g.role = w.role AND g.scope_code = w.scope_code AND g.scope_kind = 'place'`,
  );
  for (const r of list) out.set(r.key, [...(out.get(r.key) ?? []), r.id]);
  return out;
}
