/** SQL for service posts, choices and annual targets. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { servicePostChoices, servicePosts, serviceReminders, serviceTargets } from './member-service.schema.js';

export async function insertPost(db: Db, values: typeof servicePosts.$inferInsert) {
  const [r] = await db.insert(servicePosts).values(values).returning();
  return r;
}

export async function findPost(db: Db, id: string) {
  const [r] = await db.select().from(servicePosts).where(eq(servicePosts.id, id));
  return r ?? null;
}

export function findPosts(db: Db, communityCode: string) {
  return rows<{ id: string; community_code: string; name: string; description: string; capacity: number | null; active: boolean; taken: number }>(
    db,
    sql`SELECT p.id, p.community_code, p.name, p.description, p.capacity, p.active, (SELECT count(*)::int FROM service_post_choices c WHERE c.post_id = p.id) AS taken
        FROM service_posts p WHERE p.community_code = ${communityCode} ORDER BY p.created_at`,
  );
}

/** Takes a place on a post if it has room (under the post's row lock). */
export async function choosePost(db: Db, postId: string, residentId: string, countyCode: string) {
  const [post] = await rows<{ capacity: number | null }>(db, sql`SELECT capacity FROM service_posts WHERE id = ${postId} FOR UPDATE`);
  if (post.capacity !== null) {
    const [{ n }] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM service_post_choices WHERE post_id = ${postId}`);
    if (n >= post.capacity) return 'full' as const;
  }
  const r = await db.insert(servicePostChoices).values({ postId, residentId, countyCode }).onConflictDoNothing().returning();
  return r.length ? ('ok' as const) : ('already' as const);
}

export async function unchoosePost(db: Db, postId: string, residentId: string) {
  const r = await db.delete(servicePostChoices).where(and(eq(servicePostChoices.postId, postId), eq(servicePostChoices.residentId, residentId))).returning();
  return r.length > 0;
}

export function findChoices(db: Db, residentIds: string[]) {
  if (!residentIds.length) return Promise.resolve([] as Array<{ resident_id: string; post_id: string; name: string }>);
  return rows<{ resident_id: string; post_id: string; name: string }>(
    db,
    sql`SELECT c.resident_id, c.post_id, p.name FROM service_post_choices c JOIN service_posts p ON p.id = c.post_id WHERE c.resident_id IN (${sql.join(
      residentIds.map((r) => sql`${r}`),
      sql`, `,
    )}) ORDER BY p.name`,
  );
}

export async function findTarget(db: Db, communityCode: string, year: number) {
  const [r] = await db.select().from(serviceTargets).where(and(eq(serviceTargets.communityCode, communityCode), eq(serviceTargets.year, year)));
  return r ?? null;
}

export async function upsertTarget(db: Db, values: typeof serviceTargets.$inferInsert) {
  await db
    .insert(serviceTargets)
    .values(values)
    .onConflictDoUpdate({ target: [serviceTargets.communityCode, serviceTargets.year], set: { targetHours: values.targetHours, updatedBy: values.updatedBy, updatedAt: sql`now()` } });
}

/** Claims (period, member) reminder rows; returns the members claimed now (not those reminded already in the period). */
export async function claimReminders(db: Db, period: string, communityCode: string, residentIds: string[]): Promise<string[]> {
  if (!residentIds.length) return [];
  const r = await db
    .insert(serviceReminders)
    .values(residentIds.map((residentId) => ({ period, residentId, communityCode, countyCode: communityCode.slice(0, 6) })))
    .onConflictDoNothing()
    .returning({ residentId: serviceReminders.residentId });
  return r.map((x) => x.residentId);
}
