/** SQL for activities, their theme calendar, sign-ups and used QR codes. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { activities, activityQrUses, activitySignups, activityThemes } from './activities.schema.js';

export async function upsertTheme(db: Db, values: typeof activityThemes.$inferInsert) {
  await db
    .insert(activityThemes)
    .values(values)
    .onConflictDoUpdate({ target: [activityThemes.communityCode, activityThemes.month], set: { theme: values.theme, note: values.note, updatedBy: values.updatedBy, updatedAt: sql`now()` } });
}

export function findThemes(db: Db, communityCode: string, year: number) {
  return db
    .select()
    .from(activityThemes)
    .where(and(eq(activityThemes.communityCode, communityCode), sql`${activityThemes.month} LIKE ${year + '-%'}`))
    .orderBy(activityThemes.month);
}

export async function findTheme(db: Db, communityCode: string, month: string) {
  const [r] = await db.select().from(activityThemes).where(and(eq(activityThemes.communityCode, communityCode), eq(activityThemes.month, month)));
  return r ?? null;
}

export async function insertActivities(db: Db, values: Array<typeof activities.$inferInsert>) {
  return db.insert(activities).values(values).returning({ id: activities.id });
}

export interface ActivityRow {
  id: string;
  series_id: string | null;
  recurrence: string;
  title: string;
  theme: string | null;
  description: string;
  place_code: string;
  place_name: string;
  community_code: string;
  address: string;
  team_id: string | null;
  leader_user_id: string;
  leader_name: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  status: string;
  confirmed: number;
  waitlisted: number;
  my_id?: string | null;
  my_status?: string | null;
  my_in?: Date | null;
  my_out?: Date | null;
}

const COLUMNS = (me: string | null) => sql`a.id, a.series_id, a.recurrence, a.title, a.theme, a.description, a.place_code, p.name AS place_name, a.community_code, a.address,
  a.team_id, a.leader_user_id, a.leader_name, a.starts_at, a.ends_at, a.capacity, a.status,
  (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.id AND s.status = 'confirmed') AS confirmed,
  (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.id AND s.status = 'waitlisted') AS waitlisted
  ${
    me
      ? sql`, m.id AS my_id, m.status AS my_status, m.checked_in_at AS my_in, m.checked_out_at AS my_out`
      : sql``
  }`;
const MINE = (me: string | null) => (me ? sql`LEFT JOIN activity_signups m ON m.activity_id = a.id AND m.resident_id = ${me} AND m.status <> 'cancelled'` : sql``);

export async function findActivity(db: Db, id: string, me: string | null = null) {
  const [r] = await rows<ActivityRow>(db, sql`SELECT ${COLUMNS(me)} FROM activities a JOIN places p ON p.code = a.place_code ${MINE(me)} WHERE a.id = ${id}`);
  return r;
}

/** Locks an activity row for the rest of the transaction (sign-ups and cancellations take turns per activity). */
export async function lockActivity(db: Db, id: string) {
  const [r] = await rows<{ id: string; capacity: number; status: string; ends_at: Date; community_code: string; title: string }>(
    db,
    sql`SELECT id, capacity, status, ends_at, community_code, title FROM activities WHERE id = ${id} FOR UPDATE`,
  );
  return r;
}

export function findActivitiesUnder(db: Db, f: { prefixes: string[]; from: Date | null; to: Date | null; me: string | null; compoundFirst?: string; leader?: string }, limit = 200) {
  return rows<ActivityRow>(
    db,
    sql`SELECT ${COLUMNS(f.me)} FROM activities a JOIN places p ON p.code = a.place_code ${MINE(f.me)}
        WHERE (${sql.join(
          f.prefixes.map((x) => sql`a.place_code LIKE ${x + '%'}`),
          sql` OR `,
        )}) ${f.leader ? sql`AND a.leader_user_id = ${f.leader}` : sql``} ${f.from ? sql`AND a.ends_at >= ${f.from.toISOString()}` : sql``} ${f.to ? sql`AND a.starts_at < ${f.to.toISOString()}` : sql``}
        ORDER BY ${f.compoundFirst ? sql`(a.place_code LIKE ${f.compoundFirst + '%'}) DESC,` : sql``} a.starts_at LIMIT ${limit}`,
  );
}

export async function countConfirmed(db: Db, activityId: string) {
  const [r] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM activity_signups WHERE activity_id = ${activityId} AND status = 'confirmed'`);
  return r.n;
}

export async function insertSignup(db: Db, values: typeof activitySignups.$inferInsert) {
  const [r] = await db.insert(activitySignups).values(values).returning();
  return r;
}

export async function findSignup(db: Db, id: string) {
  const [r] = await db.select().from(activitySignups).where(eq(activitySignups.id, id));
  return r ?? null;
}

export async function findLiveSignup(db: Db, activityId: string, residentId: string) {
  const [r] = await db
    .select()
    .from(activitySignups)
    .where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.residentId, residentId), sql`${activitySignups.status} <> 'cancelled'`));
  return r ?? null;
}

export function findSignups(db: Db, activityId: string) {
  return db
    .select()
    .from(activitySignups)
    .where(eq(activitySignups.activityId, activityId))
    .orderBy(sql`CASE ${activitySignups.status} WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END`, activitySignups.signedUpAt, activitySignups.id);
}

export async function cancelSignup(db: Db, id: string) {
  const [r] = await db
    .update(activitySignups)
    .set({ status: 'cancelled', cancelledAt: sql`now()` })
    .where(and(eq(activitySignups.id, id), sql`${activitySignups.status} <> 'cancelled'`, sql`${activitySignups.checkedInAt} IS NULL`))
    .returning();
  return r ?? null;
}

/** Promotes the first on the waitlist (in order of signing up) to a confirmed place. */
export async function promoteFirstWaitlisted(db: Db, activityId: string) {
  const [r] = await rows<{ id: string; resident_id: string; user_id: string | null }>(
    db,
    sql`UPDATE activity_signups SET status = 'confirmed', promoted_at = now()
        WHERE id = (SELECT id FROM activity_signups WHERE activity_id = ${activityId} AND status = 'waitlisted' ORDER BY signed_up_at, id LIMIT 1)
        RETURNING id, resident_id, user_id`,
  );
  return r ?? null;
}

export async function markCheckedIn(db: Db, id: string, at: Date, method: string) {
  const [r] = await db
    .update(activitySignups)
    .set({ checkedInAt: at, checkInMethod: method })
    .where(and(eq(activitySignups.id, id), eq(activitySignups.status, 'confirmed'), sql`${activitySignups.checkedInAt} IS NULL`))
    .returning();
  return r ?? null;
}

export async function markCheckedOut(db: Db, id: string, at: Date, method: string) {
  const [r] = await rows<{ id: string }>(
    db,
    sql`UPDATE activity_signups SET checked_out_at = ${at.toISOString()}, check_out_method = ${method},
          minutes = floor(extract(epoch FROM (${at.toISOString()}::timestamptz - checked_in_at)) / 60)::int, hours_status = 'pending'
        WHERE id = ${id} AND checked_in_at IS NOT NULL AND checked_out_at IS NULL AND checked_in_at < ${at.toISOString()}::timestamptz RETURNING id`,
  );
  return r ?? null;
}

export async function decideHours(db: Db, id: string, v: { status: 'approved' | 'rejected'; minutes: number | null; by: string; note: string | null }) {
  const [r] = await db
    .update(activitySignups)
    .set({ hoursStatus: v.status, ...(v.minutes !== null ? { minutes: v.minutes } : {}), hoursDecidedBy: v.by, hoursDecidedAt: sql`now()`, hoursNote: v.note })
    .where(and(eq(activitySignups.id, id), eq(activitySignups.hoursStatus, 'pending')))
    .returning();
  return r ?? null;
}

/** Records a used QR nonce for a resident; false if she used this code before. */
export async function useQrNonce(db: Db, nonce: string, residentId: string) {
  const r = await db.insert(activityQrUses).values({ nonce, residentId }).onConflictDoNothing().returning();
  return r.length > 0;
}

export function findMyHours(db: Db, residentId: string) {
  return rows<{ id: string; activity_id: string; title: string; starts_at: Date; minutes: number | null; hours_status: string; status: string }>(
    db,
    sql`SELECT s.id, s.activity_id, a.title, a.starts_at, s.minutes, s.hours_status, s.status FROM activity_signups s JOIN activities a ON a.id = s.activity_id
        WHERE s.resident_id = ${residentId} AND s.status <> 'cancelled' ORDER BY a.starts_at DESC LIMIT 200`,
  );
}

/** Approved minutes per resident in a period (the 在职党员 annual target counts them). */
export function findApprovedMinutes(db: Db, residentIds: string[], from: Date, to: Date) {
  if (!residentIds.length) return Promise.resolve([] as Array<{ resident_id: string; minutes: number; activities: number }>);
  return rows<{ resident_id: string; minutes: number; activities: number }>(
    db,
    sql`SELECT s.resident_id, coalesce(sum(s.minutes), 0)::int AS minutes, count(*)::int AS activities FROM activity_signups s JOIN activities a ON a.id = s.activity_id
        WHERE s.resident_id IN (${sql.join(
          residentIds.map((id) => sql`${id}`),
          sql`, `,
        )}) AND s.hours_status = 'approved' AND a.starts_at >= ${from.toISOString()} AND a.starts_at < ${to.toISOString()}
        GROUP BY s.resident_id`,
  );
}
