/** SQL for proposals, supports, meetings, their agenda, invitees and tasks. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { governanceSettings, meetingInvitees, meetingItems, meetings, meetingTasks, proposals, proposalSupports } from './governance.schema.js';

export type ProposalRow = typeof proposals.$inferSelect;
export type MeetingRow = typeof meetings.$inferSelect;

export async function findThreshold(db: Db, community: string): Promise<number | null> {
  const [r] = await db.select().from(governanceSettings).where(eq(governanceSettings.communityPlaceCode, community));
  return r?.supportThreshold ?? null;
}

export async function upsertThreshold(db: Db, community: string, threshold: number, by: string) {
  const values = { communityPlaceCode: community, countyCode: community.slice(0, 6), supportThreshold: threshold, updatedBy: by, updatedAt: new Date() };
  await db.insert(governanceSettings).values(values).onConflictDoUpdate({ target: governanceSettings.communityPlaceCode, set: values });
}

export async function insertProposal(db: Db, values: typeof proposals.$inferInsert) {
  const [r] = await db.insert(proposals).values(values).returning();
  return r;
}

export async function findProposal(db: Db, id: string) {
  const [r] = await db.select().from(proposals).where(eq(proposals.id, id));
  return r;
}

export function findProposals(db: Db, community: string, status?: string) {
  return db
    .select()
    .from(proposals)
    .where(and(sql`${proposals.placeCode} LIKE ${community + '%'}`, status ? eq(proposals.status, status) : undefined))
    .orderBy(desc(proposals.createdAt))
    .limit(200);
}

export async function updateProposal(db: Db, id: string, values: Partial<typeof proposals.$inferInsert>) {
  await db.update(proposals).set(values).where(eq(proposals.id, id));
}

/** Adds a support once; counts it and accepts the proposal at its threshold, in one statement each. */
export async function addSupport(db: Db, proposalId: string, residentId: string, countyCode: string) {
  const added = await db.insert(proposalSupports).values({ proposalId, residentId, countyCode }).onConflictDoNothing().returning();
  if (!added.length) return false;
  await db.execute(sql`UPDATE proposals SET support_count = support_count + 1,
      status = CASE WHEN status = 'collecting' AND support_count + 1 >= threshold THEN 'accepted' ELSE status END,
      accepted_at = CASE WHEN status = 'collecting' AND support_count + 1 >= threshold THEN now() ELSE accepted_at END
    WHERE id = ${proposalId}`);
  return true;
}

export async function supportedBy(db: Db, proposalIds: string[], residentId: string | null) {
  if (!residentId || !proposalIds.length) return new Set<string>();
  const list = await db
    .select({ id: proposalSupports.proposalId })
    .from(proposalSupports)
    .where(and(inArray(proposalSupports.proposalId, proposalIds), eq(proposalSupports.residentId, residentId)));
  return new Set(list.map((r) => r.id));
}

export async function insertMeeting(db: Db, values: typeof meetings.$inferInsert) {
  const [r] = await db.insert(meetings).values(values).returning();
  return r;
}

export async function findMeeting(db: Db, id: string) {
  const [r] = await db.select().from(meetings).where(eq(meetings.id, id));
  return r;
}

export function findMeetings(db: Db, prefix: string) {
  return db
    .select()
    .from(meetings)
    .where(sql`${meetings.placeCode} LIKE ${prefix + '%'}`)
    .orderBy(desc(meetings.startsAt))
    .limit(200);
}

export async function updateMeeting(db: Db, id: string, values: Partial<typeof meetings.$inferInsert>) {
  await db.update(meetings).set(values).where(eq(meetings.id, id));
}

export async function insertItems(db: Db, values: Array<typeof meetingItems.$inferInsert>) {
  if (values.length) await db.insert(meetingItems).values(values);
}

export function findItems(db: Db, meetingId: string) {
  return db.select().from(meetingItems).where(eq(meetingItems.meetingId, meetingId)).orderBy(asc(meetingItems.seq));
}

export async function setDecision(db: Db, meetingId: string, itemId: string, decision: string) {
  const r = await db
    .update(meetingItems)
    .set({ decision })
    .where(and(eq(meetingItems.id, itemId), eq(meetingItems.meetingId, meetingId)))
    .returning();
  return r.length > 0;
}

/** Invites one representative of each household under `prefix`: its 本人 when registered. */
export async function inviteHouseholds(db: Db, meetingId: string, prefix: string) {
  await db.execute(sql`INSERT INTO meeting_invitees (meeting_id, invitee_key, county_code, resident_id, household_code, name, role)
    SELECT DISTINCT ON (r.household_code) ${meetingId}, 'h:' || r.household_code, r.county_code, r.id, r.household_code, r.name, 'household'
    FROM residents r WHERE r.household_code LIKE ${prefix + '%'}
    ORDER BY r.household_code, (r.relation = '本人') DESC, r.birth_date NULLS LAST
    ON CONFLICT DO NOTHING`);
}

export async function insertInvitees(db: Db, values: Array<typeof meetingInvitees.$inferInsert>) {
  if (values.length) await db.insert(meetingInvitees).values(values).onConflictDoNothing();
}

export function findInvitees(db: Db, meetingId: string) {
  return db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId)).orderBy(asc(meetingInvitees.role), asc(meetingInvitees.householdCode), asc(meetingInvitees.name));
}

/** Marks exactly `present` as attended; returns the keys that are not invitees. */
export async function setAttendance(db: Db, meetingId: string, present: string[]) {
  const invited = new Set((await findInvitees(db, meetingId)).map((i) => i.inviteeKey));
  const unknown = present.filter((k) => !invited.has(k));
  if (unknown.length) return unknown;
  await db.update(meetingInvitees).set({ attended: false }).where(eq(meetingInvitees.meetingId, meetingId));
  if (present.length) await db.update(meetingInvitees).set({ attended: true }).where(and(eq(meetingInvitees.meetingId, meetingId), inArray(meetingInvitees.inviteeKey, present)));
  return [];
}

export async function insertTask(db: Db, values: typeof meetingTasks.$inferInsert) {
  const [r] = await db.insert(meetingTasks).values(values).returning();
  return r;
}

export function findTasks(db: Db, meetingId: string) {
  return db.select().from(meetingTasks).where(eq(meetingTasks.meetingId, meetingId)).orderBy(asc(meetingTasks.createdAt));
}

export async function findTask(db: Db, id: string) {
  const [r] = await db.select().from(meetingTasks).where(eq(meetingTasks.id, id));
  return r;
}

const CLAIM = 'pending';

/** Claims a task for turning into a ticket, once: false if it has a ticket or one is being made (a concurrent request). */
export async function claimTask(db: Db, taskId: string) {
  const r = await db
    .update(meetingTasks)
    .set({ ticketNumber: CLAIM })
    .where(and(eq(meetingTasks.id, taskId), sql`${meetingTasks.ticketNumber} IS NULL`))
    .returning();
  return r.length > 0;
}

export async function linkTicket(db: Db, taskId: string, ticket: { id: string; number: string } | null) {
  await db
    .update(meetingTasks)
    .set({ ticketId: ticket?.id ?? null, ticketNumber: ticket?.number ?? null })
    .where(eq(meetingTasks.id, taskId));
}

export async function countMeetingsHeld(db: Db, prefix: string, from: Date, to: Date) {
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM meetings WHERE place_code LIKE ${prefix + '%'} AND status = 'held' AND held_at >= ${from.toISOString()} AND held_at < ${to.toISOString()}`);
  return r.n;
}
