/** SQL for mobile party members, their groups and contact log. */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { mobileContacts, mobileGroups, mobileMembers, mobileReminders } from './mobile-members.schema.js';

export type MemberRow = typeof mobileMembers.$inferSelect & { group_name?: string | null; overdue?: boolean; due_at?: Date | null; studies?: number };

export async function insertMember(db: Db, values: typeof mobileMembers.$inferInsert) {
  const [r] = await db.insert(mobileMembers).values(values).returning();
  return r;
}

export async function findMember(db: Db, id: string) {
  const [r] = await db.select().from(mobileMembers).where(eq(mobileMembers.id, id));
  return r ?? null;
}

export async function updateMember(db: Db, id: string, values: Partial<typeof mobileMembers.$inferInsert>) {
  const [r] = await db.update(mobileMembers).set(values).where(eq(mobileMembers.id, id)).returning();
  return r;
}

/** When the next contact is due: the last contact (or the pairing) plus the rhythm. */
const DUE = sql`(coalesce(m.last_contact_at, m.paired_at) + make_interval(days => m.rhythm_days))`;

export function findMembers(db: Db, place: string, f: { overdue?: boolean; cadre?: string }, now: Date) {
  return rows<{
    id: string;
    resident_id: string | null;
    name: string;
    community_code: string;
    party_status: string;
    left_on: string;
    destination_city: string;
    destination_detail: string;
    employer: string;
    mobile_masked: string | null;
    registered_at: Date | null;
    group_id: string | null;
    group_name: string | null;
    cadre_user_id: string | null;
    cadre_name: string | null;
    paired_at: Date | null;
    rhythm_days: number;
    last_contact_at: Date | null;
    due_at: Date | null;
    studies: number;
  }>(
    db,
    sql`SELECT m.id, m.resident_id, m.name, m.community_code, m.party_status, m.left_on::text AS left_on, m.destination_city, m.destination_detail, m.employer, m.mobile_masked,
               m.registered_at, m.group_id, g.name AS group_name, m.cadre_user_id, m.cadre_name, m.paired_at, m.rhythm_days, m.last_contact_at,
               CASE WHEN m.cadre_user_id IS NULL THEN NULL ELSE ${DUE} END AS due_at,
               (SELECT count(*)::int FROM mobile_contacts c WHERE c.member_id = m.id AND c.study) AS studies
        FROM mobile_members m LEFT JOIN mobile_groups g ON g.id = m.group_id
        WHERE m.community_code LIKE ${place.slice(0, 12) + '%'} AND m.county_code = ${place.slice(0, 6)}
          ${f.overdue ? sql`AND m.cadre_user_id IS NOT NULL AND ${DUE} < ${now.toISOString()}::timestamptz` : sql``}
          ${f.cadre ? sql`AND m.cadre_user_id = ${f.cadre}` : sql``}
        ORDER BY m.destination_city, m.name LIMIT 2000`,
  );
}

/** Registered full members not yet in a group, by destination city (for the grouping proposal). */
export function findUngroupedFull(db: Db, place: string) {
  return rows<{ id: string; name: string; destination_city: string }>(
    db,
    sql`SELECT id, name, destination_city FROM mobile_members
        WHERE community_code LIKE ${place.slice(0, 12) + '%'} AND county_code = ${place.slice(0, 6)} AND registered_at IS NOT NULL AND group_id IS NULL AND party_status = 'full'
        ORDER BY destination_city, name`,
  );
}

export async function insertGroup(db: Db, values: typeof mobileGroups.$inferInsert) {
  const [r] = await db.insert(mobileGroups).values(values).returning();
  return r;
}

/** Puts members in a group if they are still ungrouped and registered; returns how many moved. */
export async function assignGroup(db: Db, groupId: string, memberIds: string[]) {
  const r = await db
    .update(mobileMembers)
    .set({ groupId })
    .where(and(inArray(mobileMembers.id, memberIds), isNull(mobileMembers.groupId), sql`${mobileMembers.registeredAt} IS NOT NULL`))
    .returning({ id: mobileMembers.id });
  return r.length;
}

export function findGroups(db: Db, place: string) {
  return rows<{ id: string; place_code: string; destination_city: string; name: string; created_at: Date; members: number; full_members: number }>(
    db,
    sql`SELECT g.id, g.place_code, g.destination_city, g.name, g.created_at,
               (SELECT count(*)::int FROM mobile_members m WHERE m.group_id = g.id) AS members,
               (SELECT count(*)::int FROM mobile_members m WHERE m.group_id = g.id AND m.party_status = 'full') AS full_members
        FROM mobile_groups g WHERE g.place_code LIKE ${place + '%'} OR ${place} LIKE g.place_code || '%' ORDER BY g.destination_city`,
  );
}

export async function insertContact(db: Db, values: typeof mobileContacts.$inferInsert) {
  const [r] = await db.insert(mobileContacts).values(values).returning();
  await db.execute(sql`UPDATE mobile_members SET last_contact_at = greatest(coalesce(last_contact_at, ${values.at.toISOString()}::timestamptz), ${values.at.toISOString()}::timestamptz) WHERE id = ${values.memberId}`);
  return r;
}

export function findContacts(db: Db, memberId: string) {
  return db.select().from(mobileContacts).where(eq(mobileContacts.memberId, memberId)).orderBy(sql`${mobileContacts.at} DESC`);
}

/** Every paired member whose next contact is overdue, across communities (the scheduled reminder). */
export function findOverdueEverywhere(db: Db, now: Date) {
  return rows<{ id: string; name: string; cadre_user_id: string; county_code: string }>(
    db,
    sql`SELECT m.id, m.name, m.cadre_user_id, m.county_code FROM mobile_members m
        WHERE m.cadre_user_id IS NOT NULL AND ${DUE} < ${now.toISOString()}::timestamptz ORDER BY m.cadre_user_id, m.name LIMIT 100000`,
  );
}

/** Claims (period, member) reminder rows; returns those claimed now (not those reminded already in the period). */
export async function claimReminders(db: Db, period: string, members: Array<{ id: string; cadre_user_id: string; county_code: string }>): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < members.length; i += 1000) {
    const r = await db
      .insert(mobileReminders)
      .values(members.slice(i, i + 1000).map((m) => ({ period, memberId: m.id, cadreUserId: m.cadre_user_id, countyCode: m.county_code })))
      .onConflictDoNothing()
      .returning({ memberId: mobileReminders.memberId });
    out.push(...r.map((x) => x.memberId));
  }
  return out;
}
