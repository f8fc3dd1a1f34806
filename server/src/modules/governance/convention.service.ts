/**
 * The residents' convention 居民公约: versions drafted by staff, each adopted by a vote of the
 * community's residents or households (the vote's close adopts it and supersedes the one before),
 * and acknowledged by households.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { Convention } from '../../../../contracts/deliberation.js';
import { findPlace } from '../places/places.service.js';
import { governancePolicy, householdsOf, livesIn } from './governance.policy.js';
import { conventionAcks, conventions } from './governance.schema.js';
import { createVote, openVote } from './votes.service.js';

type Row = typeof conventions.$inferSelect;

async function present(db: Db, actor: Actor, c: Row): Promise<Convention> {
  const [n] = await rows<{ acked: number; households: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM convention_acks WHERE convention_id = ${c.id}) AS acked,
               (SELECT count(DISTINCT household_code)::int FROM residents WHERE household_code LIKE ${c.placeCode + '%'}) AS households`,
  );
  const mine = householdsOf(actor);
  const [ack] = mine.length
    ? await db
        .select()
        .from(conventionAcks)
        .where(and(eq(conventionAcks.conventionId, c.id), eq(conventionAcks.householdCode, mine[0])))
    : [];
  return {
    id: c.id,
    placeCode: c.placeCode,
    version: c.version,
    title: c.title,
    body: c.body,
    status: c.status as Convention['status'],
    voteId: c.voteId,
    adoptedAt: c.adoptedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    acknowledged: n.acked,
    households: n.households,
    mine: !!ack,
  };
}

function canRead(actor: Actor, placeCode: string) {
  return governancePolicy.can(actor, 'meeting.read', { placeCode }) || governancePolicy.can(actor, 'convention.manage', { placeCode }) || livesIn(actor, placeCode);
}

async function conventionOrFail(db: Db, actor: Actor, id: string) {
  const [c] = await db.select().from(conventions).where(eq(conventions.id, id));
  if (!c) throw errors.notFound(`convention ${id}`);
  if (!canRead(actor, c.placeCode)) throw errors.forbidden('convention.read');
  return c;
}

/** Every version of a community's convention, newest first (residents see those put to them). */
export async function listConventions(db: Db, actor: Actor, community?: string): Promise<Convention[]> {
  const code = community ?? householdsOf(actor)[0]?.slice(0, 12);
  if (!code) throw errors.field('query.community', 'give the community');
  if (!canRead(actor, code)) throw errors.forbidden('convention.read');
  const staff = governancePolicy.can(actor, 'convention.manage', { placeCode: code }) || governancePolicy.can(actor, 'meeting.read', { placeCode: code });
  const list = await db.select().from(conventions).where(eq(conventions.placeCode, code)).orderBy(desc(conventions.version));
  return Promise.all(list.filter((c) => staff || c.status !== 'draft').map((c) => present(db, actor, c)));
}

/** Drafts the next version of a community's convention. */
export async function draftConvention(db: Db, actor: Actor, input: { communityCode: string; title: string; body: string }, req?: FastifyRequest) {
  const place = await findPlace(db, input.communityCode);
  if (!place || place.level !== 'community') throw errors.field('communityCode', 'not a community');
  governancePolicy.authorize(actor, 'convention.manage', { placeCode: place.code });
  const [{ v }] = await rows<{ v: number }>(db, sql`SELECT coalesce(max(version), 0)::int AS v FROM conventions WHERE place_code = ${place.code}`);
  let row: Row | undefined;
  try {
    [row] = await db.insert(conventions).values({ placeCode: place.code, countyCode: place.code.slice(0, 6), version: v + 1, title: input.title.trim(), body: input.body.trim(), createdBy: actor.userId }).returning();
  } catch {
    throw errors.conflict('another version was drafted at the same moment; try again', [{ field: 'version', message: 'taken' }]);
  }
  await recordAudit(db, { actorId: actor.userId, action: 'convention.draft', targetKind: 'convention', targetId: row!.id }, req);
  return present(db, actor, row!);
}

/** Puts a draft to the community's vote (opened at once); the vote's close adopts or rejects it. */
export async function putConventionToVote(db: Db, actor: Actor, id: string, input: { method: 'person' | 'household'; secret?: boolean; closesAt?: string }, req?: FastifyRequest) {
  const c = await conventionOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'convention.manage', c);
  if (c.status !== 'draft') throw errors.conflict(`version ${c.version} is ${c.status}, not a draft`, [{ field: 'status', message: c.status }]);
  const vote = await createVote(
    db,
    actor,
    { kind: 'matter', method: input.method, title: `表决《${c.title}》第${c.version}版`, description: c.body.slice(0, 4000), placeCode: c.placeCode, secret: input.secret, closesAt: input.closesAt, subjectKind: 'convention', subjectId: c.id },
    req,
  );
  await db.update(conventions).set({ status: 'voting', voteId: vote.id }).where(eq(conventions.id, c.id));
  await openVote(db, actor, vote.id, req);
  return present(db, actor, (await db.select().from(conventions).where(eq(conventions.id, id)))[0]);
}

/** A household acknowledges the convention in force (知晓并遵守), once. */
export async function acknowledgeConvention(db: Db, actor: Actor, id: string, req?: FastifyRequest) {
  const c = await conventionOrFail(db, actor, id);
  const household = householdsOf(actor).find((h) => h.startsWith(c.placeCode));
  if (!household) throw errors.forbidden('convention.acknowledge: households of the community acknowledge its convention');
  if (c.status !== 'adopted') throw errors.conflict('only the convention in force is acknowledged', [{ field: 'status', message: c.status }]);
  await db.insert(conventionAcks).values({ conventionId: c.id, householdCode: household, countyCode: c.countyCode, residentId: actor.residentId }).onConflictDoNothing();
  await recordAudit(db, { actorId: actor.userId, action: 'convention.ack', targetKind: 'convention', targetId: c.id }, req);
  return present(db, actor, c);
}
