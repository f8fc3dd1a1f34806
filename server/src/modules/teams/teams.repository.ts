/** SQL for teams and members. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { teamMembers, teams } from './teams.schema.js';

export interface TeamRow {
  id: string;
  kind: string;
  name: string;
  place_code: string;
  place_name: string;
  theme: string | null;
  leader_name: string | null;
  member_count: number;
}

const TEAM_COLUMNS = sql`t.id, t.kind, t.name, t.place_code, p.name AS place_name, t.theme,
  (SELECT m.name FROM team_members m WHERE m.team_id = t.id AND m.role = 'leader' ORDER BY m.joined_at LIMIT 1) AS leader_name,
  (SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id) AS member_count`;

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
