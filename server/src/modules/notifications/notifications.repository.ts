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

/** What one ticket's change tells people (see tellAboutTickets). */
export interface TicketTelling {
  ticketId: string;
  /** Inbox rows for people known beforehand (the reporter and followers), in order. */
  rows: Array<{ userId: string; kind: string; title: string; body: string }>;
  /** Whose accounts get `responderMessage` too: a team's members or a role's holders on a place. */
  responders: ResponderKey | null;
  responderMessage: { kind: string; title: string; body: string } | null;
  /** The bus message (JSON); its `userIds` get the responders added. */
  bus: Record<string, unknown> & { userIds: string[] };
}

/**
 * Everything a write tells people, in one statement: finds the responders of each ticket (a team's
 * members added as users and its residents who have an account, as teams' findMemberUserIds; or the
 * users granted a role on exactly that place, as identity's findUsersWithRoleOn), inserts the inbox
 * rows (per ticket: the known people's, then the responders', each user once), and sends each
 * ticket's bus message with the responders among its userIds (pg_notify, delivered on commit).
 */
export async function tellAboutTickets(db: Db, channel: string, list: TicketTelling[]): Promise<void> {
  if (!list.length) return;
  const col = <T>(f: (t: TicketTelling) => T) => sql.param(list.map(f));
  const known = list.flatMap((t, n) => t.rows.map((r) => ({ ...r, n: n + 1, ticketId: t.ticketId })));
  const kcol = <T>(f: (r: (typeof known)[number]) => T) => sql.param(known.map(f));
  await db.execute(sql`
    WITH plan AS (
      SELECT * FROM unnest(${col((t) => t.ticketId)}::uuid[], ${col((t) => (t.responders && 'teamId' in t.responders ? t.responders.teamId : null))}::uuid[],
                           ${col((t) => (t.responders && 'role' in t.responders ? t.responders.role : null))}::text[],
                           ${col((t) => (t.responders && 'role' in t.responders ? t.responders.scopeCode : null))}::text[],
                           ${col((t) => t.responderMessage?.kind ?? null)}::text[], ${col((t) => t.responderMessage?.title ?? null)}::text[],
                           ${col((t) => t.responderMessage?.body ?? null)}::text[], ${col((t) => JSON.stringify(t.bus))}::text[])
               WITH ORDINALITY AS p(ticket_id, team_id, role, scope_code, kind, title, body, bus, n)
    ), known AS (
      SELECT * FROM unnest(${kcol((r) => r.n)}::int[], ${kcol((r) => r.userId)}::uuid[], ${kcol((r) => r.ticketId)}::uuid[],
                           ${kcol((r) => r.kind)}::text[], ${kcol((r) => r.title)}::text[], ${kcol((r) => r.body)}::text[])
               WITH ORDINALITY AS k(n, user_id, ticket_id, kind, title, body, o)
    ), resp AS (
      SELECT p.n, COALESCE(m.user_id, u.id) AS user_id
        FROM plan p JOIN team_members m ON m.team_id = p.team_id LEFT JOIN users u ON u.resident_id = m.resident_id
       WHERE p.kind IS NOT NULL AND COALESCE(m.user_id, u.id) IS NOT NULL
      UNION
      SELECT p.n, g.user_id FROM plan p JOIN role_grants g ON g.role = p.role AND g.scope_code = p.scope_code AND g.scope_kind = 'place'
       WHERE p.kind IS NOT NULL
    ), inbox AS (
      INSERT INTO notifications (user_id, ticket_id, kind, title, body)
      SELECT user_id, ticket_id, kind, title, body FROM (
        SELECT k.n, 0 AS part, k.o AS o, k.user_id, k.ticket_id, k.kind, k.title, k.body FROM known k
        UNION ALL
        SELECT p.n, 1, 0, r.user_id, p.ticket_id, p.kind, p.title, p.body FROM resp r JOIN plan p ON p.n = r.n
      ) x ORDER BY n, part, o, user_id
    )
    SELECT pg_notify(${channel}, jsonb_set(p.bus::jsonb, '{userIds}',
             COALESCE((SELECT jsonb_agg(DISTINCT u) FROM (
               SELECT jsonb_array_elements_text(p.bus::jsonb -> 'userIds') AS u UNION SELECT r.user_id::text FROM resp r WHERE r.n = p.n) us), '[]'::jsonb))::text)
      FROM plan p ORDER BY p.n`);
}
