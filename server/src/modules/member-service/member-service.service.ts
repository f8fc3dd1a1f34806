/**
 * 在职党员服务: working party members who checked in where they live (在职党员报到, registry) choose
 * service posts (认岗), owe an annual target of service hours (configurable per community and year),
 * see their progress from the activity hours their leaders approved, are reminded when behind, and
 * are listed per employer's party organisation for the employer (xlsx).
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { findPlace } from '../places/places.service.js';
import { activeCheckinsIn, communitiesWithCheckins, findActiveCheckin, listCheckins } from '../registry/members.service.js';
import { approvedMinutesOf } from '../activities/activities.service.js';
import { usersOfResidents } from '../identity/identity.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import * as repo from './member-service.repository.js';
import { memberServicePolicy } from './member-service.policy.js';

/** Hours a year until a community sets its own target. */
export const DEFAULT_TARGET_HOURS = 12;
const H8 = 8 * 3600_000;

/** The Shanghai year of an instant, its bounds, and how much of it has passed (0..1). */
export function yearSpan(year: number, now = new Date()) {
  const from = new Date(Date.UTC(year, 0, 1) - H8);
  const to = new Date(Date.UTC(year + 1, 0, 1) - H8);
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - from.getTime()) / (to.getTime() - from.getTime())));
  return { from, to, elapsed };
}
export const shanghaiYear = (d = new Date()) => new Date(d.getTime() + H8).getUTCFullYear();

async function communityOrFail(db: Db, code: string, field: string) {
  const p = await findPlace(db, code);
  if (!p || p.level !== 'community') throw errors.field(field, `community ${code} does not exist`);
  return p;
}

export async function createPost(db: Db, actor: Actor, input: { communityCode: string; name: string; description?: string; capacity?: number }, req?: FastifyRequest) {
  await communityOrFail(db, input.communityCode, 'communityCode');
  memberServicePolicy.authorize(actor, 'service.manage', { placeCode: input.communityCode });
  const row = await repo.insertPost(db, { communityCode: input.communityCode, countyCode: input.communityCode.slice(0, 6), name: input.name, description: input.description ?? '', capacity: input.capacity ?? null });
  await recordAudit(db, { actorId: actor.userId, action: 'service.post.create', targetKind: 'service_post', targetId: row.id }, req);
  return (await listPosts(db, actor, input.communityCode)).find((p) => p.id === row.id)!;
}

/** The posts of a community: staff in scope, and members checked in there. */
export async function listPosts(db: Db, actor: Actor, communityCode: string) {
  const mine = actor.residentId ? await findActiveCheckin(db, actor.residentId) : null;
  if (mine?.communityCode !== communityCode) memberServicePolicy.authorize(actor, 'service.read', { placeCode: communityCode });
  const chosen = actor.residentId ? new Set((await repo.findChoices(db, [actor.residentId])).map((c) => c.post_id)) : new Set<string>();
  return (await repo.findPosts(db, communityCode)).map((p) => ({ id: p.id, communityCode: p.community_code, name: p.name, description: p.description, capacity: p.capacity, taken: p.taken, active: p.active, chosenByMe: chosen.has(p.id) }));
}

/** 认岗: a checked-in member takes a post of her community (herself, or staff for her); a full post refuses. */
export async function choosePost(db: Db, actor: Actor, postId: string, residentId: string | undefined, req?: FastifyRequest) {
  const post = await repo.findPost(db, postId);
  if (!post || !post.active) throw errors.notFound(`post ${postId}`);
  const who = residentId ?? actor.residentId;
  if (!who) throw errors.field('residentId', 'give the member');
  if (who !== actor.residentId) memberServicePolicy.authorize(actor, 'service.manage', { placeCode: post.communityCode });
  const checkin = await findActiveCheckin(db, who);
  if (!checkin || checkin.communityCode !== post.communityCode) throw errors.field('residentId', 'only a working party member checked in at this community takes its posts (先报到再认岗)');
  const result = await db.transaction((tx) => repo.choosePost(tx as Db, postId, who, post.countyCode));
  if (result === 'full') throw errors.conflict(`${post.name} is full`, [{ field: 'postId', message: 'full' }]);
  if (result === 'already') throw errors.conflict('this post is chosen already', [{ field: 'postId', message: 'chosen already' }]);
  await recordAudit(db, { actorId: actor.userId, action: 'service.post.choose', targetKind: 'service_post', targetId: postId, detail: { residentId: who } }, req);
  return { ok: true as const };
}

export async function leavePost(db: Db, actor: Actor, postId: string, residentId: string | undefined, req?: FastifyRequest) {
  const post = await repo.findPost(db, postId);
  if (!post) throw errors.notFound(`post ${postId}`);
  const who = residentId ?? actor.residentId;
  if (!who) throw errors.field('residentId', 'give the member');
  if (who !== actor.residentId) memberServicePolicy.authorize(actor, 'service.manage', { placeCode: post.communityCode });
  if (!(await repo.unchoosePost(db, postId, who))) throw errors.notFound('choice');
  await recordAudit(db, { actorId: actor.userId, action: 'service.post.leave', targetKind: 'service_post', targetId: postId, detail: { residentId: who } }, req);
  return { ok: true as const };
}

export async function targetOf(db: Db, communityCode: string, year: number) {
  const r = await repo.findTarget(db, communityCode, year);
  return { communityCode, year, targetHours: r?.targetHours ?? DEFAULT_TARGET_HOURS, isDefault: !r };
}

export async function getTarget(db: Db, actor: Actor, communityCode: string, year: number) {
  memberServicePolicy.authorize(actor, 'service.read', { placeCode: communityCode });
  return targetOf(db, communityCode, year);
}

export async function setTarget(db: Db, actor: Actor, communityCode: string, year: number, targetHours: number, req?: FastifyRequest) {
  await communityOrFail(db, communityCode, 'params.community');
  memberServicePolicy.authorize(actor, 'service.manage', { placeCode: communityCode });
  await repo.upsertTarget(db, { communityCode, year, countyCode: communityCode.slice(0, 6), targetHours, updatedBy: actor.userId });
  await recordAudit(db, { actorId: actor.userId, action: 'service.target', targetKind: 'place', targetId: communityCode, detail: { year, targetHours } }, req);
  return targetOf(db, communityCode, year);
}

export interface ProgressRow {
  residentId: string;
  name: string;
  communityCode: string;
  communityName: string;
  employer: string;
  employerPartyOrg: string;
  checkedInAt: string;
  posts: string[];
  activities: number;
  hours: number;
  targetHours: number;
  percent: number;
  /** Below the share of the target that the part of the year gone by asks for. */
  behind: boolean;
}

async function progressOf(db: Db, checkins: Array<Awaited<ReturnType<typeof listCheckins>>[number]>, year: number, now: Date): Promise<ProgressRow[]> {
  const span = yearSpan(year, now);
  const ids = checkins.map((c) => c.residentId);
  const minutes = new Map((await approvedMinutesOf(db, ids, span.from, span.to)).map((m) => [m.resident_id, m]));
  const posts = new Map<string, string[]>();
  for (const c of await repo.findChoices(db, ids)) posts.set(c.resident_id, [...(posts.get(c.resident_id) ?? []), c.name]);
  const targets = new Map<string, number>();
  for (const code of new Set(checkins.map((c) => c.communityCode))) targets.set(code, (await targetOf(db, code, year)).targetHours);
  return checkins.map((c) => {
    const m = minutes.get(c.residentId);
    const hours = Math.round(((m?.minutes ?? 0) / 60) * 10) / 10;
    const target = targets.get(c.communityCode)!;
    return {
      residentId: c.residentId,
      name: c.name,
      communityCode: c.communityCode,
      communityName: c.communityName,
      employer: c.employer,
      employerPartyOrg: c.employerPartyOrg,
      checkedInAt: c.checkedInAt,
      posts: posts.get(c.residentId) ?? [],
      activities: m?.activities ?? 0,
      hours,
      targetHours: target,
      percent: target ? Math.min(100, Math.round((hours / target) * 100)) : 100,
      behind: hours < target * span.elapsed,
    };
  });
}

/** Progress of the members checked in at a community (or, for the employer's list, of one employer party organisation in my scope). */
export async function listProgress(db: Db, actor: Actor, q: { community?: string; employerPartyOrg?: string; year?: number }, now = new Date()) {
  if (!q.community && !q.employerPartyOrg) throw errors.field('query.community', 'give a community or an employer party organisation');
  if (q.community) memberServicePolicy.authorize(actor, 'service.read', { placeCode: q.community });
  const checkins = await listCheckins(db, actor, { community: q.community, employerPartyOrg: q.employerPartyOrg, active: true });
  return progressOf(db, checkins, q.year ?? shanghaiYear(now), now);
}

/** Reminds, in their inbox, the members of a community who are behind their target; returns how many. */
export async function remindBehind(db: Db, actor: Actor, communityCode: string, now = new Date(), req?: FastifyRequest) {
  memberServicePolicy.authorize(actor, 'service.manage', { placeCode: communityCode });
  const year = shanghaiYear(now);
  const behind = (await listProgress(db, actor, { community: communityCode, year }, now)).filter((r) => r.behind);
  const users = await usersOfResidents(db, behind.map((r) => r.residentId));
  let reminded = 0;
  await db.transaction(async (tx) => {
    for (const r of behind) {
      const user = users.get(r.residentId);
      if (!user) continue;
      reminded += await notifyUsers(tx as Db, [user], {
        kind: 'service.reminder',
        title: '在职党员服务提醒',
        body: `您今年已在${r.communityName}服务 ${r.hours} 小时，年度目标 ${r.targetHours} 小时，请关注社区活动、认领服务岗位。`,
      });
    }
  });
  await recordAudit(db, { actorId: actor.userId, action: 'service.remind', targetKind: 'place', targetId: communityCode, detail: { behind: behind.length, reminded } }, req);
  return { behind: behind.length, reminded, withoutAccount: behind.length - reminded };
}

/** The Shanghai month of an instant ('2026-11'): a member behind her target is reminded once in it by the schedule. */
export const shanghaiMonth = (d = new Date()) => new Date(d.getTime() + H8).toISOString().slice(0, 7);

export interface ScheduledReminders {
  period: string;
  communities: number;
  behind: number;
  /** Reminded now. */
  sent: number;
  /** Reminded already in this period (by an earlier run or another server process). */
  already: number;
  withoutAccount: number;
}

/**
 * The scheduled reminder (every day at 09:00 Asia/Shanghai, and `linli remind service`): every member
 * behind her target, in every community, is reminded once a month. Per community, one transaction
 * claims (period, member) rows in service_reminders — a row another run holds or has committed is
 * skipped — and writes the inbox messages of those it claimed, so runs at once or again send nothing twice.
 */
export async function sendScheduledServiceReminders(db: Db, now = new Date(), only?: string): Promise<ScheduledReminders> {
  const period = shanghaiMonth(now);
  const year = shanghaiYear(now);
  const communities = only ? [only] : await communitiesWithCheckins(db);
  const out: ScheduledReminders = { period, communities: communities.length, behind: 0, sent: 0, already: 0, withoutAccount: 0 };
  for (const community of communities) {
    const behind = (await progressOf(db, await activeCheckinsIn(db, community), year, now)).filter((r) => r.behind);
    if (!behind.length) continue;
    out.behind += behind.length;
    const users = await usersOfResidents(db, behind.map((r) => r.residentId));
    const reachable = behind.filter((r) => users.has(r.residentId));
    out.withoutAccount += behind.length - reachable.length;
    if (!reachable.length) continue;
    await db.transaction(async (txRaw) => {
      const tx = txRaw as Db;
      const claimed = new Set(await repo.claimReminders(tx, period, community, reachable.map((r) => r.residentId)));
      out.already += reachable.length - claimed.size;
      for (const r of reachable) {
        if (!claimed.has(r.residentId)) continue;
        out.sent += await notifyUsers(tx, [users.get(r.residentId)], {
          kind: 'service.reminder',
          title: '在职党员服务提醒',
          body: `您今年已在${r.communityName}服务 ${r.hours} 小时，年度目标 ${r.targetHours} 小时，请关注社区活动、认领服务岗位。`,
        });
      }
    });
  }
  return out;
}
