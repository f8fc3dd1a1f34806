/** SQL for party members, check-ins, transfers and new-employment workers. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { gigWorkers, memberCheckins, membershipTransfers, partyMembers, residents } from './registry.schema.js';

export interface PartyMemberRow {
  resident_id: string;
  name: string;
  gender: string;
  household_code: string;
  status: 'full' | 'probationary';
  join_date: string | null;
  membership_kept: 'community' | 'elsewhere';
  membership_org: string | null;
}

export function findPartyMembersUnder(db: Db, place: string, f: { status?: string; kept?: string }, limit: number, offset: number) {
  return rows<PartyMemberRow>(
    db,
    sql`SELECT m.resident_id, r.name, r.gender, r.household_code, m.status, m.join_date::text AS join_date, m.membership_kept, m.membership_org
        FROM party_members m JOIN residents r ON r.id = m.resident_id
        WHERE r.household_code LIKE ${place + '%'} ${place.length >= 6 ? sql`AND r.county_code = ${place.slice(0, 6)}` : sql``}
          ${f.status ? sql`AND m.status = ${f.status}` : sql``} ${f.kept ? sql`AND m.membership_kept = ${f.kept}` : sql``}
        ORDER BY r.household_code, r.name LIMIT ${limit} OFFSET ${offset}`,
  );
}

export async function findPartyMember(db: Db, residentId: string) {
  const [r] = await db.select().from(partyMembers).where(eq(partyMembers.residentId, residentId));
  return r ?? null;
}

/** Upserts the membership and keeps the resident's 政治面貌 in step. */
export async function upsertPartyMember(db: Db, values: typeof partyMembers.$inferInsert) {
  await db
    .insert(partyMembers)
    .values(values)
    .onConflictDoUpdate({
      target: partyMembers.residentId,
      set: { status: values.status, joinDate: values.joinDate, membershipKept: values.membershipKept, membershipOrg: values.membershipOrg, updatedAt: sql`now()` },
    });
  await db
    .update(residents)
    .set({ politicalStatus: values.status === 'full' ? '中共党员' : '中共预备党员', updatedAt: sql`now()` })
    .where(eq(residents.id, values.residentId));
}

export async function deletePartyMember(db: Db, residentId: string) {
  await db.delete(partyMembers).where(eq(partyMembers.residentId, residentId));
  await db.update(residents).set({ politicalStatus: '群众', updatedAt: sql`now()` }).where(eq(residents.id, residentId));
}

export async function insertCheckin(db: Db, values: typeof memberCheckins.$inferInsert) {
  const [r] = await db.insert(memberCheckins).values(values).returning();
  return r;
}

export async function endCheckin(db: Db, id: string) {
  const [r] = await db
    .update(memberCheckins)
    .set({ endedAt: sql`now()` })
    .where(and(eq(memberCheckins.id, id), isNull(memberCheckins.endedAt)))
    .returning();
  return r ?? null;
}

export async function findCheckin(db: Db, id: string) {
  const [r] = await db.select().from(memberCheckins).where(eq(memberCheckins.id, id));
  return r ?? null;
}

export interface CheckinRow {
  id: string;
  resident_id: string;
  name: string;
  community_code: string;
  community_name: string;
  employer: string;
  employer_party_org: string;
  checked_in_at: Date;
  ended_at: Date | null;
}

/** Check-ins under given community prefixes (the caller's scope), optionally of one employer's party organisation. */
export function findCheckins(db: Db, prefixes: string[], f: { community?: string; employerPartyOrg?: string; active: boolean }) {
  if (!prefixes.length) return Promise.resolve([] as CheckinRow[]);
  return rows<CheckinRow>(
    db,
    sql`SELECT c.id, c.resident_id, r.name, c.community_code, p.name AS community_name, c.employer, c.employer_party_org, c.checked_in_at, c.ended_at
        FROM member_checkins c JOIN residents r ON r.id = c.resident_id JOIN places p ON p.code = c.community_code
        WHERE (${sql.join(
          // Those who live under the caller's nodes: a branch secretary sees her compound's members, not the whole community's.
          prefixes.map((x) => sql`r.household_code LIKE ${x + '%'}`),
          sql` OR `,
        )})
          ${f.community ? sql`AND c.community_code = ${f.community}` : sql``}
          ${f.employerPartyOrg ? sql`AND c.employer_party_org = ${f.employerPartyOrg}` : sql``}
          ${f.active ? sql`AND c.ended_at IS NULL` : sql``}
        ORDER BY c.checked_in_at DESC LIMIT 2000`,
  );
}

export async function findCheckinCommunities(db: Db): Promise<string[]> {
  const list = await rows<{ code: string }>(db, sql`SELECT DISTINCT community_code AS code FROM member_checkins WHERE ended_at IS NULL ORDER BY 1`);
  return list.map((r) => r.code);
}

export async function insertTransfer(db: Db, values: typeof membershipTransfers.$inferInsert) {
  const [r] = await db.insert(membershipTransfers).values(values).returning();
  return r;
}

export async function findTransfer(db: Db, id: string) {
  const [r] = await db.select().from(membershipTransfers).where(eq(membershipTransfers.id, id));
  return r ?? null;
}

export async function completeTransfer(db: Db, id: string) {
  const [r] = await db
    .update(membershipTransfers)
    .set({ status: 'completed', completedAt: sql`now()` })
    .where(and(eq(membershipTransfers.id, id), eq(membershipTransfers.status, 'pending')))
    .returning();
  return r ?? null;
}

export function findTransfers(db: Db, community: string) {
  return rows<{ id: string; resident_id: string; name: string; community_code: string; from_org: string; status: string; requested_at: Date; completed_at: Date | null; note: string | null }>(
    db,
    sql`SELECT t.id, t.resident_id, r.name, t.community_code, t.from_org, t.status, t.requested_at, t.completed_at, t.note
        FROM membership_transfers t JOIN residents r ON r.id = t.resident_id WHERE t.community_code = ${community} ORDER BY t.requested_at DESC`,
  );
}

export async function insertGigWorker(db: Db, values: typeof gigWorkers.$inferInsert) {
  const [r] = await db.insert(gigWorkers).values(values).onConflictDoNothing().returning();
  return r ?? null;
}

export function findGigWorkers(db: Db, community: string) {
  return db.select().from(gigWorkers).where(eq(gigWorkers.communityCode, community)).orderBy(gigWorkers.registeredAt);
}

export async function findActiveCheckin(db: Db, residentId: string) {
  const [r] = await db.select().from(memberCheckins).where(and(eq(memberCheckins.residentId, residentId), isNull(memberCheckins.endedAt)));
  return r ?? null;
}
