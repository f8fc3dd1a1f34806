/** SQL for teams and members. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { teamApplications, teamMembers, teams } from './teams.schema.js';

export interface TeamRow {
  id: string;
  kind: string;
  name: string;
  place_code: string;
  place_name: string;
  theme: string | null;
  leader_name: string | null;
  member_count: number;
  recruiting: boolean;
  recruit_note: string | null;
  pending_applications: number;
}

const TEAM_COLUMNS = sql`t.id, t.kind, t.name, t.place_code, p.name AS place_name, t.theme,
  (SELECT m.name FROM team_members m WHERE m.team_id = t.id AND m.role = 'leader' ORDER BY m.joined_at LIMIT 1) AS leader_name,
  (SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id) AS member_count,
  t.recruiting, t.recruit_note,
  (SELECT count(*)::int FROM team_applications a WHERE a.team_id = t.id AND a.status = 'pending') AS pending_applications`;

export async function findTeam(db: Db, id: string): Promise<TeamRow | undefined> {
  const [r] = await rows<TeamRow>(db, sql`SELECT ${TEAM_COLUMNS} FROM teams t JOIN places p ON p.code = t.place_code WHERE t.id = ${id}`);
  return r;
}

export function findTeamsUnder(db: Db, placeCode: string, kind: string | undefined, limit: number, offset: number) {
  return rows<TeamRow>(
    db,
    sql`SELECT ${TEAM_COLUMNS} FROM teams t JOIN places p ON p.code = t.place_code
        WHERE t.place_code LIKE ${placeCode + '%'} ${kind ? sql`AND t.kind = ${kind}` : sql``}
        ORDER BY t.place_code, t.kind LIMIT ${limit} OFFSET ${offset}`,
  );
}

/** The tier team of a place, if formed (the ticket loop dispatches to it). */
export async function findTierTeam(db: Db, placeCode: string, kind: string) {
  const [r] = await db
    .select()
    .from(teams)
    .where(and(eq(teams.placeCode, placeCode), eq(teams.kind, kind)))
    .limit(1);
  return r ?? null;
}

export async function insertTeam(db: Db, values: typeof teams.$inferInsert) {
  const [r] = await db.insert(teams).values(values).onConflictDoNothing().returning();
  return r ?? null;
}

export async function updateTeam(db: Db, id: string, values: Partial<typeof teams.$inferInsert>) {
  await db.update(teams).set(values).where(eq(teams.id, id));
}

export function findMembers(db: Db, teamId: string) {
  return db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId)).orderBy(sql`CASE ${teamMembers.role} WHEN 'leader' THEN 0 ELSE 1 END`, teamMembers.joinedAt);
}

export async function upsertMember(db: Db, values: typeof teamMembers.$inferInsert) {
  await db
    .insert(teamMembers)
    .values(values)
    .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.memberKey], set: { role: values.role, source: values.source } });
}

export async function demoteLeaders(db: Db, teamId: string) {
  await db
    .update(teamMembers)
    .set({ role: 'member' })
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'leader')));
}

export async function deleteMember(db: Db, teamId: string, memberKey: string) {
  const r = await db
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.memberKey, memberKey)))
    .returning();
  return r.length > 0;
}

/** Places under a code at the tier levels that have no tier team yet. */
export function findPlacesWithoutTierTeam(db: Db, placeCode: string) {
  return rows<{ code: string; name: string; level: string; parent_name: string | null }>(
    db,
    sql`SELECT p.code, p.name, p.level, pp.name AS parent_name FROM places p LEFT JOIN places pp ON pp.code = p.parent_code
        WHERE p.code LIKE ${placeCode + '%'} AND p.level IN ('compound', 'building', 'unit')
          AND NOT EXISTS (SELECT 1 FROM teams t WHERE t.place_code = p.code AND t.kind = CASE p.level WHEN 'compound' THEN 'compound_team' WHEN 'building' THEN 'building_team' ELSE 'unit_team' END)
        ORDER BY p.code`,
  );
}

export async function countTierTeamsUnder(db: Db, placeCode: string) {
  const [r] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM teams WHERE place_code LIKE ${placeCode + '%'} AND kind IN ('unit_team', 'building_team', 'compound_team')`,
  );
  return r.n;
}

export async function insertTeams(db: Db, values: Array<typeof teams.$inferInsert>) {
  for (let i = 0; i < values.length; i += 500) await db.insert(teams).values(values.slice(i, i + 500)).onConflictDoNothing();
}

export async function findMemberUserIds(db: Db, teamId: string): Promise<string[]> {
  const list = await rows<{ id: string }>(
    db,
    sql`SELECT DISTINCT COALESCE(m.user_id, u.id)::text AS id FROM team_members m LEFT JOIN users u ON u.resident_id = m.resident_id
        WHERE m.team_id = ${teamId} AND COALESCE(m.user_id, u.id) IS NOT NULL`,
  );
  return list.map((r) => r.id);
}

export function findMemberResidents(db: Db, teamId: string) {
  return rows<{ residentId: string; householdCode: string }>(
    db,
    sql`SELECT m.resident_id AS "residentId", r.household_code AS "householdCode" FROM team_members m JOIN residents r ON r.id = m.resident_id WHERE m.team_id = ${teamId}`,
  );
}

/** The actor's role in a team (as a user member, or as the resident her account is), or null. */
export async function findRoleOf(db: Db, teamId: string, userId: string, residentId: string | null): Promise<string | null> {
  const [r] = await rows<{ role: string }>(
    db,
    sql`SELECT role FROM team_members WHERE team_id = ${teamId} AND (user_id = ${userId} ${residentId ? sql`OR resident_id = ${residentId}` : sql``})
        ORDER BY CASE role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END LIMIT 1`,
  );
  return r?.role ?? null;
}

export async function setMemberRole(db: Db, teamId: string, memberKey: string, role: string) {
  const r = await db
    .update(teamMembers)
    .set({ role })
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.memberKey, memberKey)))
    .returning({ name: teamMembers.name });
  return r[0] ?? null;
}

export async function setRecruiting(db: Db, teamId: string, open: boolean, note: string | null) {
  await db
    .update(teams)
    .set({ recruiting: open, recruitNote: open ? note : null, recruitingSince: open ? sql`coalesce(${teams.recruitingSince}, now())` : null })
    .where(eq(teams.id, teamId));
}

/** Teams on the places a household lies in (its unit, building, compound, community), recruiting or with her as a member. */
export function findTeamsAround(db: Db, householdCode: string, residentId: string, userId: string) {
  const prefixes = [12, 15, 18, 20].map((n) => householdCode.slice(0, n));
  return rows<TeamRow>(
    db,
    sql`SELECT ${TEAM_COLUMNS} FROM teams t JOIN places p ON p.code = t.place_code
        WHERE (t.place_code = ANY(${sql.param(prefixes)}::text[]) AND t.recruiting)
           OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND (m.resident_id = ${residentId} OR m.user_id = ${userId}))
        ORDER BY length(t.place_code) DESC, t.kind, t.name LIMIT 200`,
  );
}

/** My roles in teams (as the resident or as a user member). */
export function findMyRoles(db: Db, residentId: string | null, userId: string) {
  return rows<{ team_id: string; role: string }>(
    db,
    sql`SELECT team_id, role FROM team_members WHERE user_id = ${userId} ${residentId ? sql`OR resident_id = ${residentId}` : sql``}`,
  );
}

export interface ApplicationRow {
  id: string;
  team_id: string;
  team_name: string;
  team_place_code: string;
  resident_id: string;
  user_id: string | null;
  name: string;
  household_name: string | null;
  message: string;
  status: string;
  reason: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  created_at: Date;
}

const APPLICATION_COLUMNS = sql`a.id, a.team_id, t.name AS team_name, t.place_code AS team_place_code, a.resident_id, a.user_id, a.name,
  (SELECT concat_ws('', hb.name, hu.name, h.name) FROM residents r JOIN places h ON h.code = r.household_code
     LEFT JOIN places hu ON hu.code = h.parent_code LEFT JOIN places hb ON hb.code = hu.parent_code WHERE r.id = a.resident_id) AS household_name,
  a.message, a.status, a.reason, a.decided_by_name, a.decided_at, a.created_at`;

/** A new pending application, or null when she has one pending for this team already. */
export async function insertApplication(db: Db, values: typeof teamApplications.$inferInsert) {
  const [r] = await db.insert(teamApplications).values(values).onConflictDoNothing().returning({ id: teamApplications.id });
  return r ?? null;
}

export async function findApplication(db: Db, id: string): Promise<ApplicationRow | undefined> {
  const [r] = await rows<ApplicationRow>(db, sql`SELECT ${APPLICATION_COLUMNS} FROM team_applications a JOIN teams t ON t.id = a.team_id WHERE a.id = ${id}`);
  return r;
}

/** Applications to teams on places under any of `prefixes` or to teams in `teamIds`, newest first. */
export function findApplications(db: Db, f: { teamId?: string; prefixes?: string[]; teamIds?: string[]; residentId?: string; status?: string }) {
  const where = [];
  if (f.teamId) where.push(sql`a.team_id = ${f.teamId}`);
  if (f.residentId) where.push(sql`a.resident_id = ${f.residentId}`);
  if (f.status) where.push(sql`a.status = ${f.status}`);
  if (f.prefixes || f.teamIds) {
    const any = [];
    for (const p of f.prefixes ?? []) any.push(sql`t.place_code LIKE ${p + '%'}`);
    if (f.teamIds?.length) any.push(sql`a.team_id = ANY(${sql.param(f.teamIds)}::uuid[])`);
    where.push(any.length ? sql`(${sql.join(any, sql` OR `)})` : sql`false`);
  }
  return rows<ApplicationRow>(
    db,
    sql`SELECT ${APPLICATION_COLUMNS} FROM team_applications a JOIN teams t ON t.id = a.team_id
        ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
        ORDER BY a.status = 'pending' DESC, a.created_at DESC LIMIT 500`,
  );
}

/** Decides a pending application; null if it was no longer pending (decided or withdrawn meanwhile). */
export async function decideApplication(db: Db, id: string, values: { status: 'approved' | 'rejected' | 'withdrawn'; reason: string | null; decidedBy: string; decidedByName: string }) {
  const [r] = await db
    .update(teamApplications)
    .set({ ...values, decidedAt: sql`now()` })
    .where(and(eq(teamApplications.id, id), eq(teamApplications.status, 'pending')))
    .returning({ id: teamApplications.id });
  return r ?? null;
}

/** The accounts of a team's leader (a user member, or the leader resident's account). */
export async function findLeaderUserIds(db: Db, teamId: string): Promise<string[]> {
  const list = await rows<{ id: string }>(
    db,
    sql`SELECT DISTINCT COALESCE(m.user_id, u.id)::text AS id FROM team_members m LEFT JOIN users u ON u.resident_id = m.resident_id
        WHERE m.team_id = ${teamId} AND m.role = 'leader' AND COALESCE(m.user_id, u.id) IS NOT NULL`,
  );
  return list.map((r) => r.id);
}

/** The teams an actor leads. */
export async function findLedTeamIds(db: Db, userId: string, residentId: string | null): Promise<string[]> {
  const list = await rows<{ team_id: string }>(
    db,
    sql`SELECT team_id FROM team_members WHERE role = 'leader' AND (user_id = ${userId} ${residentId ? sql`OR resident_id = ${residentId}` : sql``})`,
  );
  return list.map((r) => r.team_id);
}

export async function findRoleOfMember(db: Db, teamId: string, memberKey: string): Promise<string | null> {
  const [r] = await db
    .select({ role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.memberKey, memberKey)));
  return r?.role ?? null;
}

/** Adds a member unless she is one already (her role then stays). */
export async function insertMemberIfAbsent(db: Db, values: typeof teamMembers.$inferInsert) {
  await db.insert(teamMembers).values(values).onConflictDoNothing();
}
