/** SQL for the inbox. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { PreparedStatement, type Db } from '../../platform/db.js';
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

/** Who responds to a ticket: a tier team's members, or the holders of a staff role on a place. */
export type ResponderKey = { teamId: string } | { role: string; scopeCode: string };

interface Message {
  kind: string;
  title: string;
  body: string;
}

/** What one ticket's change tells people (see tellAboutTicketsSql). */
export interface TicketTelling {
  ticketId: string;
  /** The people known beforehand: the reporter, if she has an account. */
  reporterUserId: string | null;
  /** Its followers are told too (a ticket written just now has none to tell). */
  followers: boolean;
  /** The message to the reporter and followers (null: the change is not one they hear of). */
  status: Message | null;
  /** Whose accounts get `responderMessage`: a team's members or a role's holders on a place. */
  responders: ResponderKey | null;
  responderMessage: Message | null;
  /** The bus message (JSON); its `userIds` become the reporter, followers and responders. */
  bus: Record<string, unknown>;
}

/**
 * Everything a write tells people, as one statement (its input one JSON parameter): finds each
 * ticket's followers (when asked) and responders (a team's members added as users and its residents
 * who have an account, as teams' findMemberUserIds; or the users granted a role on exactly that place,
 * as identity's findUsersWithRoleOn), inserts the inbox rows (per ticket: the reporter's, the
 * followers', then the responders', each user once per message), and sends each ticket's bus message
 * with all of them as its userIds (pg_notify, delivered on commit). Its text never varies: prepared
 * once per connection when sent in a script.
 */
export function tellAboutTicketsSql(channel: string, list: TicketTelling[]): PreparedStatement | null {
  if (!list.length) return null;
  const payload = list.map((t, i) => ({
    n: i + 1,
    ticket_id: t.ticketId,
    reporter: t.reporterUserId,
    followers: t.followers,
    status: t.status,
    team_id: t.responders && 'teamId' in t.responders ? t.responders.teamId : null,
    role: t.responders && 'role' in t.responders ? t.responders.role : null,
    scope_code: t.responders && 'role' in t.responders ? t.responders.scopeCode : null,
    kind: t.responderMessage?.kind ?? null,
    title: t.responderMessage?.title ?? null,
    body: t.responderMessage?.body ?? null,
    bus: t.bus,
  }));
  return new PreparedStatement(
    'linli_tell',
    sql`
    WITH plan AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
               AS p(n int, ticket_id uuid, reporter uuid, followers boolean, status jsonb, team_id uuid, role text, scope_code text, kind text, title text, body text, bus jsonb)
    ), people AS (
      SELECT DISTINCT ON (n, user_id) n, user_id, part FROM (
        SELECT p.n, p.reporter AS user_id, 0 AS part FROM plan p WHERE p.reporter IS NOT NULL
        UNION ALL
        SELECT p.n, f.user_id, 1 FROM plan p JOIN ticket_followers f ON f.ticket_id = p.ticket_id WHERE p.followers
      ) k ORDER BY n, user_id, part
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
        SELECT k.n, k.part, k.user_id, p.ticket_id, p.status ->> 'kind' AS kind, p.status ->> 'title' AS title, p.status ->> 'body' AS body
          FROM people k JOIN plan p ON p.n = k.n WHERE p.status IS NOT NULL
        UNION ALL
        SELECT p.n, 2, r.user_id, p.ticket_id, p.kind, p.title, p.body FROM resp r JOIN plan p ON p.n = r.n
      ) x ORDER BY n, part, user_id
    )
    SELECT pg_notify(${channel}, jsonb_set(p.bus, '{userIds}',
             COALESCE((SELECT jsonb_agg(DISTINCT u) FROM (
               SELECT k.user_id::text AS u FROM people k WHERE k.n = p.n UNION SELECT r.user_id::text FROM resp r WHERE r.n = p.n) us), '[]'::jsonb))::text)
      FROM plan p ORDER BY p.n`,
  );
}
