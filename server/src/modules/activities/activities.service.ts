/**
 * Use cases of activities (月月有主题、周周有活动): the monthly theme calendar; activities, once or as a
 * weekly or monthly series; sign-up with capacity and a waitlist (a cancelled place goes to the first
 * waiting, who is told); check-in and check-out by a signed QR code or by the leader's hand; service
 * minutes from check-in to check-out, approved by the leader, which earn points.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { isUniqueViolation } from '../../platform/db.js';
import { recordAudit } from '../../platform/audit.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import type { Activity, CreateActivityBody, DecideHoursBody, MonthTheme, SetThemeBody, Signup } from '../../../../contracts/activities.js';
import { findPlace } from '../places/places.service.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { findUserRecord } from '../identity/identity.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { awardPoints, rulesOf } from '../points/points.service.js';
import * as repo from './activities.repository.js';
import { activitiesPolicy } from './activities.policy.js';
import { signQr, verifyQr, type QrKind } from './activity-qr.js';

/** Check-in opens this long before the start. */
const CHECKIN_OPENS_MS = 60 * 60_000;
/** A code may check out up to this long after the end; later, the leader records the time by hand. */
const CHECKOUT_GRACE_MS = 2 * 3600_000;
const SHANGHAI_MS = 8 * 3600_000;

/** "YYYY-MM" of an instant in Asia/Shanghai. */
export const monthOf = (d: Date) => new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 7);
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function presentActivity(a: repo.ActivityRow): Activity {
  return {
    id: a.id,
    seriesId: a.series_id,
    recurrence: a.recurrence,
    title: a.title,
    theme: a.theme,
    description: a.description,
    placeCode: a.place_code,
    placeName: a.place_name,
    communityCode: a.community_code,
    address: a.address,
    teamId: a.team_id,
    leaderUserId: a.leader_user_id,
    leaderName: a.leader_name,
    startsAt: iso(a.starts_at)!,
    endsAt: iso(a.ends_at)!,
    capacity: a.capacity,
    confirmed: a.confirmed,
    waitlisted: a.waitlisted,
    status: a.status,
    ...(a.my_id !== undefined ? { mySignup: a.my_id ? { id: a.my_id, status: a.my_status!, checkedInAt: iso(a.my_in), checkedOutAt: iso(a.my_out) } : null } : {}),
  };
}

function presentSignup(s: NonNullable<Awaited<ReturnType<typeof repo.findSignup>>>): Signup {
  return {
    id: s.id,
    activityId: s.activityId,
    residentId: s.residentId,
    name: s.name,
    status: s.status,
    signedUpAt: iso(s.signedUpAt)!,
    promotedAt: iso(s.promotedAt),
    checkedInAt: iso(s.checkedInAt),
    checkInMethod: s.checkInMethod,
    checkedOutAt: iso(s.checkedOutAt),
    checkOutMethod: s.checkOutMethod,
    minutes: s.minutes,
    hoursStatus: s.hoursStatus,
  };
}

async function activityOrFail(db: Db, id: string, me: string | null = null) {
  const a = await repo.findActivity(db, id, me);
  if (!a) throw errors.notFound(`activity ${id}`);
  return a;
}

/** The leader of the activity, or staff who organise activities where it happens. */
function authorizeLead(actor: Actor, a: { leader_user_id: string; place_code: string }) {
  if (actor.userId === a.leader_user_id) return;
  activitiesPolicy.authorize(actor, 'activity.manage', { placeCode: a.place_code });
}

export async function setTheme(db: Db, actor: Actor, input: SetThemeBody, req?: FastifyRequest): Promise<MonthTheme> {
  const place = await findPlace(db, input.communityCode);
  if (!place || place.level !== 'community') throw errors.field('communityCode', `community ${input.communityCode} does not exist`);
  activitiesPolicy.authorize(actor, 'activity.manage', { placeCode: input.communityCode });
  await repo.upsertTheme(db, { ...input, note: input.note ?? null, countyCode: input.communityCode.slice(0, 6), updatedBy: actor.userId });
  await recordAudit(db, { actorId: actor.userId, action: 'activity.theme', targetKind: 'place', targetId: input.communityCode, detail: { month: input.month } }, req);
  return { communityCode: input.communityCode, month: input.month, theme: input.theme, note: input.note ?? null };
}

/** The theme calendar of a community for a year (months without a theme are left out). */
export async function listThemes(db: Db, actor: Actor, communityCode: string, year: number) {
  if (!isResidentOf(actor, communityCode)) activitiesPolicy.authorize(actor, 'activity.read', { placeCode: communityCode });
  return (await repo.findThemes(db, communityCode, year)).map((t) => ({ communityCode: t.communityCode, month: t.month, theme: t.theme, note: t.note }));
}

const isResidentOf = (actor: Actor, code: string) => actor.grants.some((g) => g.role === 'resident' && g.scopeCode.startsWith(code.slice(0, 12)));

/** The starts of a series: weekly adds 7 days; monthly keeps the day of month (clamped to the month's end), in Shanghai time. */
export function occurrenceStarts(start: Date, recurrence: 'none' | 'weekly' | 'monthly', count: number): Date[] {
  if (recurrence === 'none') return [start];
  const out: Date[] = [];
  const local = new Date(start.getTime() + SHANGHAI_MS);
  for (let i = 0; i < count; i++) {
    if (recurrence === 'weekly') out.push(new Date(start.getTime() + i * 7 * 86_400_000));
    else {
      const y = local.getUTCFullYear();
      const m = local.getUTCMonth() + i;
      const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
      const day = Math.min(local.getUTCDate(), last);
      out.push(new Date(Date.UTC(y, m, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()) - SHANGHAI_MS));
    }
  }
  return out;
}

/** Creates an activity, or a weekly/monthly series of occurrences; the theme defaults to the month's theme. */
export async function createActivity(db: Db, actor: Actor, input: CreateActivityBody, req?: FastifyRequest, now = new Date()) {
  const place = await findPlace(db, input.placeCode);
  if (!place || !['community', 'compound', 'building'].includes(place.level)) throw errors.field('placeCode', 'an activity takes place in a community, compound or building');
  activitiesPolicy.authorize(actor, 'activity.manage', { placeCode: place.code });
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(endsAt > startsAt)) throw errors.field('endsAt', 'must be after startsAt');
  if (endsAt.getTime() - startsAt.getTime() > 48 * 3600_000) throw errors.field('endsAt', 'an activity lasts at most 48 hours; make a series for longer');
  if (startsAt.getTime() < now.getTime() - 30 * 86_400_000) throw errors.field('startsAt', 'may be at most 30 days in the past (补录)');
  const recurrence = input.recurrence ?? 'none';
  const count = recurrence === 'none' ? 1 : (input.occurrences ?? (recurrence === 'weekly' ? 4 : 3));
  if (recurrence === 'none' && input.occurrences && input.occurrences > 1) throw errors.field('occurrences', 'give a recurrence (weekly or monthly) for more than one');
  let leader = { id: actor.userId, name: actor.displayName };
  if (input.leaderUserId && input.leaderUserId !== actor.userId) {
    const u = await findUserRecord(db, input.leaderUserId);
    if (!u) throw errors.field('leaderUserId', 'no such user');
    leader = { id: u.id, name: u.displayName };
  }
  const community = place.code.slice(0, 12);
  const span = endsAt.getTime() - startsAt.getTime();
  const seriesId = recurrence === 'none' ? null : crypto.randomUUID();
  const rows: Parameters<typeof repo.insertActivities>[1] = [];
  for (const s of occurrenceStarts(startsAt, recurrence, count)) {
    const theme = input.theme ?? (await repo.findTheme(db, community, monthOf(s)))?.theme ?? null;
    rows.push({
      seriesId,
      recurrence,
      title: input.title,
      theme,
      description: input.description ?? '',
      placeCode: place.code,
      communityCode: community,
      countyCode: place.code.slice(0, 6),
      address: input.address ?? place.name,
      teamId: input.teamId ?? null,
      leaderUserId: leader.id,
      leaderName: leader.name,
      startsAt: s,
      endsAt: new Date(s.getTime() + span),
      capacity: input.capacity,
      createdBy: actor.userId,
    });
  }
  const ids = await db.transaction((tx) => repo.insertActivities(tx as Db, rows));
  await recordAudit(db, { actorId: actor.userId, action: 'activity.create', targetKind: 'activity', targetId: ids[0].id, detail: { occurrences: ids.length } }, req);
  const created = [];
  for (const { id } of ids) created.push(presentActivity((await repo.findActivity(db, id))!));
  return created;
}

/**
 * Activities: under a place for staff in scope; `near` for a resident — those of her community still to
 * come or under way, her compound's first.
 */
export async function listActivities(db: Db, actor: Actor, q: { place?: string; from?: string; to?: string; near?: boolean; led?: boolean }, now = new Date()) {
  if (q.led) {
    const list = await repo.findActivitiesUnder(db, { prefixes: [''], from: q.from ? new Date(q.from) : null, to: q.to ? new Date(q.to) : null, me: null, leader: actor.userId });
    return list.map(presentActivity);
  }
  if (q.near || !q.place) {
    if (!actor.residentId) throw errors.field('query.place', 'give a place (or sign in as a resident for activities near you)');
    const me = await findResidentRecord(db, actor.residentId);
    if (!me) throw errors.forbidden('activities');
    const list = await repo.findActivitiesUnder(db, {
      prefixes: [me.householdCode.slice(0, 12)],
      from: q.from ? new Date(q.from) : now,
      to: q.to ? new Date(q.to) : null,
      me: me.id,
      compoundFirst: me.householdCode.slice(0, 15),
    });
    return list.filter((a) => a.status === 'open' && (a.place_code.length <= 15 || me.householdCode.startsWith(a.place_code))).map(presentActivity);
  }
  activitiesPolicy.authorize(actor, 'activity.read', { placeCode: q.place });
  const list = await repo.findActivitiesUnder(db, { prefixes: [q.place], from: q.from ? new Date(q.from) : null, to: q.to ? new Date(q.to) : null, me: null });
  return list.map(presentActivity);
}

export async function getActivity(db: Db, actor: Actor, id: string) {
  const a = await activityOrFail(db, id, actor.residentId);
  if (!(actor.residentId && isResidentOf(actor, a.community_code)) && actor.userId !== a.leader_user_id) activitiesPolicy.authorize(actor, 'activity.read', { placeCode: a.place_code });
  return presentActivity(a);
}

export async function listSignups(db: Db, actor: Actor, id: string) {
  const a = await activityOrFail(db, id);
  if (actor.userId !== a.leader_user_id) activitiesPolicy.authorize(actor, 'activity.read', { placeCode: a.place_code });
  return (await repo.findSignups(db, id)).map(presentSignup);
}

/** 报名: a resident signs herself up (or staff sign a resident up); beyond capacity she waits in line. */
export async function signUp(db: Db, actor: Actor, activityId: string, input: { residentId?: string }, req?: FastifyRequest, now = new Date()) {
  const a = await activityOrFail(db, activityId);
  const residentId = input.residentId ?? actor.residentId;
  if (!residentId) throw errors.field('residentId', 'give the resident to sign up');
  const bySelf = residentId === actor.residentId;
  if (!bySelf) activitiesPolicy.authorize(actor, 'activity.manage', { placeCode: a.place_code });
  const r = await findResidentRecord(db, residentId);
  if (!r) throw errors.field('residentId', 'no such resident');
  if (!r.householdCode.startsWith(a.community_code)) throw errors.forbidden('activities of another community');
  if (a.status !== 'open') throw errors.conflict('the activity is not open for sign-up');
  // Staff may record who came to a past activity (补录); residents sign up while it is still on.
  if (bySelf && new Date(a.ends_at) <= now) throw errors.conflict('the activity is over');
  let row;
  try {
    row = await db.transaction(async (tx) => {
      const t = tx as Db;
      const locked = await repo.lockActivity(t, activityId);
      const confirmed = await repo.countConfirmed(t, activityId);
      return repo.insertSignup(t, {
        activityId,
        residentId: r.id,
        userId: residentId === actor.residentId ? actor.userId : null,
        name: r.name,
        countyCode: r.countyCode,
        status: confirmed < locked.capacity ? 'confirmed' : 'waitlisted',
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict('already signed up for this activity', [{ field: 'residentId', message: 'already signed up' }]);
    throw e;
  }
  await recordAudit(db, { actorId: actor.userId, action: 'activity.signup', targetKind: 'activity', targetId: activityId, detail: { residentId: r.id, status: row.status } }, req);
  return presentSignup(row);
}

/** 取消报名: frees a confirmed place, which goes to the first on the waitlist, who is told in her inbox. */
export async function cancelSignup(db: Db, actor: Actor, signupId: string, req?: FastifyRequest) {
  const s = await repo.findSignup(db, signupId);
  if (!s) throw errors.notFound(`sign-up ${signupId}`);
  const a = await activityOrFail(db, s.activityId);
  if (s.residentId !== actor.residentId) authorizeLead(actor, a);
  if (s.checkedInAt) throw errors.conflict('she has checked in already; the sign-up cannot be cancelled');
  const result = await db.transaction(async (tx) => {
    const t = tx as Db;
    await repo.lockActivity(t, s.activityId);
    const cancelled = await repo.cancelSignup(t, signupId);
    if (!cancelled) return null;
    let promoted = null;
    if (s.status === 'confirmed') {
      promoted = await repo.promoteFirstWaitlisted(t, s.activityId);
      if (promoted?.user_id) {
        await notifyUsers(t, [promoted.user_id], {
          kind: 'activity.promoted',
          title: `候补成功：「${a.title}」`,
          body: `有人取消了报名，您已从候补转为正式报名。活动时间 ${shanghaiTime(new Date(a.starts_at))}，地点 ${a.address || a.place_name}。`,
        });
      }
    }
    return { cancelled, promoted };
  });
  if (!result) throw errors.conflict('the sign-up is cancelled already');
  await recordAudit(db, { actorId: actor.userId, action: 'activity.cancel', targetKind: 'activity', targetId: s.activityId, detail: { signupId, promoted: result.promoted?.id ?? null } }, req);
  return { cancelled: presentSignup(result.cancelled), promotedSignupId: result.promoted?.id ?? null };
}

/** "2026-11-22 09:30" in Asia/Shanghai. */
export function shanghaiTime(d: Date) {
  return new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The code the leader shows: check-in or check-out for her activity, signed and valid for a short while. */
export function issueQr(cipher: PersonalDataCipher, db: Db, actor: Actor, activityId: string, kind: QrKind, now = new Date()) {
  return activityOrFail(db, activityId).then((a) => {
    authorizeLead(actor, a);
    const { token, payload } = signQr(cipher, activityId, kind, now);
    return { token, kind, expiresAt: new Date(payload.exp * 1000).toISOString(), url: `/h5/scan?t=${encodeURIComponent(token)}` };
  });
}

async function checkWindow(a: repo.ActivityRow, kind: QrKind, at: Date) {
  if (a.status !== 'open') throw errors.conflict('the activity is not open');
  if (kind === 'in' && (at.getTime() < new Date(a.starts_at).getTime() - CHECKIN_OPENS_MS || at > new Date(a.ends_at)))
    throw errors.conflict(`check-in is open from an hour before the start until the end (${shanghaiTime(new Date(a.starts_at))} – ${shanghaiTime(new Date(a.ends_at))})`, [{ field: 'at', message: 'outside the activity' }]);
  if (kind === 'out' && at.getTime() > new Date(a.ends_at).getTime() + CHECKOUT_GRACE_MS)
    throw errors.conflict('too late to check out with the code; the leader records the time by hand', [{ field: 'at', message: 'too late' }]);
}

/** 扫码签到/签退: a resident scans the leader's code; a forged, expired or replayed code is refused, and so is a second check-in. */
export async function scanQr(cipher: PersonalDataCipher, db: Db, actor: Actor, token: string, req?: FastifyRequest, now = new Date()) {
  const p = verifyQr(cipher, token, now);
  if (!actor.residentId) throw errors.forbidden('check-in by an account without a registry record');
  const a = await repo.findActivity(db, p.activityId);
  if (!a) throw errors.field('token', 'the activity of this code no longer exists');
  const s = await repo.findLiveSignup(db, a.id, actor.residentId);
  if (!s || s.status !== 'confirmed') throw errors.conflict(s ? 'you are on the waitlist, not confirmed' : 'sign up for the activity first', [{ field: 'token', message: 'not signed up' }]);
  await checkWindow(a, p.kind, now);
  const done = await db.transaction(async (tx) => {
    const t = tx as Db;
    if (!(await repo.useQrNonce(t, p.nonce, actor.residentId!))) return 'replayed' as const;
    const r = p.kind === 'in' ? await repo.markCheckedIn(t, s.id, now, 'qr') : await repo.markCheckedOut(t, s.id, now, 'qr');
    if (!r) throw Object.assign(new Error('state'), { linli: p.kind });
    return 'ok' as const;
  }).catch((e: { linli?: string }) => {
    if (e?.linli) return e.linli === 'in' ? ('twice' as const) : ('no-out' as const);
    throw e;
  });
  if (done === 'replayed') throw errors.conflict('这个签到码您已用过 (this code has been used; scan the current one)', [{ field: 'token', message: 'replayed' }]);
  if (done === 'twice') throw errors.conflict('您已签到 (already checked in)', [{ field: 'token', message: 'already checked in' }]);
  if (done === 'no-out') throw errors.conflict(s.checkedOutAt ? '您已签退 (already checked out)' : '请先签到 (check in first)', [{ field: 'token', message: 'cannot check out' }]);
  await recordAudit(db, { actorId: actor.userId, action: `activity.check_${p.kind}`, targetKind: 'activity', targetId: a.id, detail: { method: 'qr' } }, req);
  return { activity: presentActivity((await repo.findActivity(db, a.id))!), signup: presentSignup((await repo.findSignup(db, s.id))!) };
}

/** 手动签到/签退: the leader records a time by hand (now, or when the person came or left). */
export async function checkByHand(db: Db, actor: Actor, signupId: string, kind: QrKind, at: Date | null, req?: FastifyRequest, now = new Date()) {
  const s = await repo.findSignup(db, signupId);
  if (!s) throw errors.notFound(`sign-up ${signupId}`);
  const a = await activityOrFail(db, s.activityId);
  authorizeLead(actor, a);
  const when = at ?? now;
  if (when.getTime() > now.getTime() + 60_000) throw errors.field('at', 'must not be in the future');
  if (s.status !== 'confirmed') throw errors.conflict('only a confirmed sign-up checks in');
  if (kind === 'in') {
    await checkWindow(a, 'in', when);
    if (!(await repo.markCheckedIn(db, s.id, when, 'hand'))) throw errors.conflict('already checked in', [{ field: 'at', message: 'already checked in' }]);
  } else {
    if (!s.checkedInAt) throw errors.conflict('check in first');
    if (s.checkedOutAt) throw errors.conflict('already checked out');
    if (when <= s.checkedInAt) throw errors.field('at', 'must be after the check-in');
    if (!(await repo.markCheckedOut(db, s.id, when, 'hand'))) throw errors.conflict('already checked out');
  }
  await recordAudit(db, { actorId: actor.userId, action: `activity.check_${kind}`, targetKind: 'activity', targetId: a.id, detail: { method: 'hand', signupId } }, req);
  return presentSignup((await repo.findSignup(db, s.id))!);
}

/** 时长审核: the leader approves (possibly correcting the minutes) or rejects; approval earns points for hours and for taking part. */
export async function decideHours(db: Db, actor: Actor, signupId: string, input: DecideHoursBody, req?: FastifyRequest) {
  const s = await repo.findSignup(db, signupId);
  if (!s) throw errors.notFound(`sign-up ${signupId}`);
  const a = await activityOrFail(db, s.activityId);
  authorizeLead(actor, a);
  if (s.hoursStatus !== 'pending') throw errors.conflict(s.hoursStatus === 'none' ? 'she has not checked out yet' : `the hours are ${s.hoursStatus} already`);
  const approve = input.decision === 'approve';
  const minutes = input.minutes ?? s.minutes ?? 0;
  if (approve && minutes <= 0) throw errors.field('minutes', 'no service time to approve; give the minutes');
  const rules = await rulesOf(db, a.community_code);
  const points = approve ? Math.round((minutes / 60) * rules.perHour) : 0;
  const row = await db.transaction(async (tx) => {
    const t = tx as Db;
    const r = await repo.decideHours(t, s.id, { status: approve ? 'approved' : 'rejected', minutes: input.minutes ?? null, by: actor.userId, note: input.note ?? null });
    if (!r || !approve) return r;
    const base = { residentId: s.residentId, communityCode: a.community_code, source: `signup:${s.id}`, createdBy: actor.userId };
    await awardPoints(t, { ...base, delta: points, reason: 'service_hours', note: `「${a.title}」服务 ${(minutes / 60).toFixed(1)} 小时` });
    await awardPoints(t, { ...base, delta: rules.perParticipation, reason: 'participation', note: `参加「${a.title}」` });
    if (s.userId) {
      await notifyUsers(t, [s.userId], { kind: 'activity.hours', title: `服务时长已确认：「${a.title}」`, body: `${(minutes / 60).toFixed(1)} 小时，获得 ${points + rules.perParticipation} 积分。` });
    }
    return r;
  });
  if (!row) throw errors.conflict('the hours were decided already');
  await recordAudit(db, { actorId: actor.userId, action: `activity.hours.${input.decision}`, targetKind: 'activity', targetId: a.id, detail: { signupId, minutes } }, req);
  return presentSignup(row);
}

/** My service hours: approved and waiting, and each activity. */
export async function myHours(db: Db, actor: Actor) {
  if (!actor.residentId) throw errors.forbidden('hours of an account without a registry record');
  const list = await repo.findMyHours(db, actor.residentId);
  return {
    approvedMinutes: list.filter((x) => x.hours_status === 'approved').reduce((n, x) => n + (x.minutes ?? 0), 0),
    pendingMinutes: list.filter((x) => x.hours_status === 'pending').reduce((n, x) => n + (x.minutes ?? 0), 0),
    items: list.map((x) => ({ signupId: x.id, activityId: x.activity_id, title: x.title, startsAt: iso(x.starts_at)!, minutes: x.minutes, hoursStatus: x.hours_status, status: x.status })),
  };
}

/** Approved service minutes of residents in a period (for the 在职党员 annual target; no access check: callers check). */
export function approvedMinutesOf(db: Db, residentIds: string[], from: Date, to: Date) {
  return repo.findApprovedMinutes(db, residentIds, from, to);
}

/** The activity and its sign-ups for the attendance sheet (leader or staff). */
export async function attendanceOf(db: Db, actor: Actor, id: string) {
  const a = await activityOrFail(db, id);
  if (actor.userId !== a.leader_user_id) activitiesPolicy.authorize(actor, 'activity.read', { placeCode: a.place_code });
  return { activity: presentActivity(a), signups: (await repo.findSignups(db, id)).map(presentSignup) };
}
