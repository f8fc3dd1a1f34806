/**
 * 流动党员 in five steps (五步法): survey (摸底) who left, for where, since when, employer, contact;
 * register (建库); group (编组: Linli proposes a mobile party organisation wherever 3 or more registered
 * full members went to the same city; people adopt it); pair (结对) each with a contact cadre and a
 * contact rhythm (monthly by default); track (跟踪) with a contact log — overdue contacts are listed
 * and their cadres reminded — and study participation recorded.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { maskMobile, normaliseMobile } from '../../../../contracts/validation.js';
import { findPlace } from '../places/places.service.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { findUserRecord } from '../identity/identity.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import * as repo from './mobile-members.repository.js';
import { mobilePolicy } from './mobile-members.policy.js';

/** A mobile party organisation needs at least this many full members (正式党员 3 人以上). */
export const MIN_GROUP_FULL_MEMBERS = 3;
export const DEFAULT_RHYTHM_DAYS = 30;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export interface SurveyInput {
  communityCode: string;
  residentId?: string;
  name: string;
  partyStatus: 'full' | 'probationary';
  leftOn: string;
  destinationCity: string;
  destinationDetail?: string;
  employer?: string;
  mobile?: string;
}

type ListRow = Awaited<ReturnType<typeof repo.findMembers>>[number];

function step(m: { registered_at: Date | null; group_id: string | null; cadre_user_id: string | null; last_contact_at: Date | null }) {
  if (m.last_contact_at) return 'tracking';
  if (m.cadre_user_id) return 'paired';
  if (m.group_id) return 'grouped';
  if (m.registered_at) return 'registered';
  return 'surveyed';
}

function present(m: ListRow, now: Date) {
  return {
    id: m.id,
    residentId: m.resident_id,
    name: m.name,
    communityCode: m.community_code,
    partyStatus: m.party_status,
    leftOn: m.left_on,
    destinationCity: m.destination_city,
    destinationDetail: m.destination_detail,
    employer: m.employer,
    mobile: m.mobile_masked,
    step: step(m),
    registeredAt: iso(m.registered_at),
    groupId: m.group_id,
    groupName: m.group_name,
    cadreUserId: m.cadre_user_id,
    cadreName: m.cadre_name,
    rhythmDays: m.rhythm_days,
    lastContactAt: iso(m.last_contact_at),
    dueAt: iso(m.due_at),
    overdue: !!m.due_at && new Date(m.due_at) < now,
    studies: m.studies,
  };
}

async function memberOrFail(db: Db, id: string) {
  const m = await repo.findMember(db, id);
  if (!m) throw errors.notFound(`mobile member ${id}`);
  return m;
}

async function listOne(db: Db, m: { id: string; communityCode: string }, now = new Date()) {
  return present((await repo.findMembers(db, m.communityCode, {}, now)).find((x) => x.id === m.id)!, now);
}

/** 摸底: records a party member who left for work elsewhere. */
export async function surveyMember(db: Db, cipher: PersonalDataCipher, actor: Actor, input: SurveyInput, req?: FastifyRequest) {
  const place = await findPlace(db, input.communityCode);
  if (!place || place.level !== 'community') throw errors.field('communityCode', `community ${input.communityCode} does not exist`);
  mobilePolicy.authorize(actor, 'mobile.manage', { placeCode: input.communityCode });
  if (input.residentId) {
    const r = await findResidentRecord(db, input.residentId);
    if (!r) throw errors.field('residentId', 'no such resident');
    if (!r.householdCode.startsWith(input.communityCode)) throw errors.field('residentId', 'the resident does not live in this community');
  }
  if (input.leftOn > new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)) throw errors.field('leftOn', 'must not be in the future');
  let mobile: string | null = null;
  if (input.mobile) {
    mobile = normaliseMobile(input.mobile);
    if (!mobile) throw errors.field('mobile', '不是有效的手机号 (not a mainland mobile number)');
  }
  const row = await repo.insertMember(db, {
    residentId: input.residentId ?? null,
    name: input.name,
    communityCode: input.communityCode,
    countyCode: input.communityCode.slice(0, 6),
    partyStatus: input.partyStatus,
    leftOn: input.leftOn,
    destinationCity: input.destinationCity.trim(),
    destinationDetail: input.destinationDetail ?? '',
    employer: input.employer ?? '',
    mobileEnc: mobile ? cipher.encrypt(mobile) : null,
    mobileMasked: mobile ? maskMobile(mobile) : null,
    createdBy: actor.userId,
  });
  await recordAudit(db, { actorId: actor.userId, action: 'mobile.survey', targetKind: 'mobile_member', targetId: row.id }, req);
  return listOne(db, row);
}

/** 建库: the surveyed member enters the register. */
export async function registerMember(db: Db, actor: Actor, id: string, req?: FastifyRequest) {
  const m = await memberOrFail(db, id);
  mobilePolicy.authorize(actor, 'mobile.manage', { placeCode: m.communityCode });
  if (m.registeredAt) throw errors.conflict('registered already');
  await repo.updateMember(db, id, { registeredAt: new Date() });
  await recordAudit(db, { actorId: actor.userId, action: 'mobile.register', targetKind: 'mobile_member', targetId: id }, req);
  return listOne(db, m);
}

export async function listMembers(db: Db, actor: Actor, q: { place: string; overdue?: boolean }, now = new Date()) {
  mobilePolicy.authorize(actor, 'mobile.read', { placeCode: q.place });
  return (await repo.findMembers(db, q.place, { overdue: q.overdue }, now)).map((m) => present(m, now));
}

/** 编组 proposal: for each destination city with 3+ registered, ungrouped full members under a place, one organisation. */
export async function proposeGroups(db: Db, actor: Actor, place: string) {
  mobilePolicy.authorize(actor, 'mobile.read', { placeCode: place });
  const byCity = new Map<string, Array<{ id: string; name: string }>>();
  for (const m of await repo.findUngroupedFull(db, place)) byCity.set(m.destination_city, [...(byCity.get(m.destination_city) ?? []), { id: m.id, name: m.name }]);
  const placeRow = await findPlace(db, place);
  return [...byCity.entries()]
    .filter(([, list]) => list.length >= MIN_GROUP_FULL_MEMBERS)
    .map(([city, list]) => ({ destinationCity: city, name: `${placeRow?.name ?? ''}驻${city}流动党员党支部`, memberIds: list.map((m) => m.id), names: list.map((m) => m.name) }))
    .sort((a, b) => b.memberIds.length - a.memberIds.length);
}

/** Adopts a proposal: forms the organisation for a city and puts its members in it (3+ full members, or 409). */
export async function adoptGroup(db: Db, actor: Actor, input: { placeCode: string; destinationCity: string; name?: string }, req?: FastifyRequest) {
  const place = await findPlace(db, input.placeCode);
  if (!place || !['community', 'township'].includes(place.level)) throw errors.field('placeCode', 'a community or township forms mobile party organisations');
  mobilePolicy.authorize(actor, 'mobile.manage', { placeCode: input.placeCode });
  const proposal = (await proposeGroups(db, actor, input.placeCode)).find((p) => p.destinationCity === input.destinationCity);
  if (!proposal) throw errors.conflict(`fewer than ${MIN_GROUP_FULL_MEMBERS} registered full members without a group went to ${input.destinationCity}`, [{ field: 'destinationCity', message: 'not enough full members' }]);
  const group = await db.transaction(async (tx) => {
    const g = await repo.insertGroup(tx as Db, { placeCode: input.placeCode, countyCode: input.placeCode.slice(0, 6), destinationCity: input.destinationCity, name: input.name ?? proposal.name, createdBy: actor.userId });
    const moved = await repo.assignGroup(tx as Db, g.id, proposal.memberIds);
    if (moved < MIN_GROUP_FULL_MEMBERS) throw errors.conflict('members were grouped meanwhile; ask for a new proposal');
    return { ...g, moved };
  });
  await recordAudit(db, { actorId: actor.userId, action: 'mobile.group', targetKind: 'mobile_group', targetId: group.id, detail: { members: group.moved } }, req);
  return { id: group.id, name: group.name, destinationCity: group.destinationCity, placeCode: group.placeCode, members: group.moved };
}

export async function listGroups(db: Db, actor: Actor, place: string) {
  mobilePolicy.authorize(actor, 'mobile.read', { placeCode: place });
  return (await repo.findGroups(db, place)).map((g) => ({ id: g.id, name: g.name, destinationCity: g.destination_city, placeCode: g.place_code, members: g.members, fullMembers: g.full_members, createdAt: iso(g.created_at)! }));
}

/** 结对: a contact cadre (an account) for a registered member, with the rhythm of contact (days). */
export async function pairMember(db: Db, actor: Actor, id: string, input: { cadreUserId?: string; rhythmDays?: number }, req?: FastifyRequest) {
  const m = await memberOrFail(db, id);
  mobilePolicy.authorize(actor, 'mobile.manage', { placeCode: m.communityCode });
  if (!m.registeredAt) throw errors.conflict('register the member first (先建库)');
  const cadre = input.cadreUserId ? await findUserRecord(db, input.cadreUserId) : { id: actor.userId, displayName: actor.displayName };
  if (!cadre) throw errors.field('cadreUserId', 'no such user');
  await repo.updateMember(db, id, { cadreUserId: cadre.id, cadreName: cadre.displayName, pairedAt: new Date(), rhythmDays: input.rhythmDays ?? m.rhythmDays ?? DEFAULT_RHYTHM_DAYS });
  await recordAudit(db, { actorId: actor.userId, action: 'mobile.pair', targetKind: 'mobile_member', targetId: id, detail: { cadre: cadre.id } }, req);
  return listOne(db, m);
}

/** 跟踪: the cadre (or staff) logs a contact; `study` marks that the member took part in study (学习). */
export async function logContact(db: Db, actor: Actor, id: string, input: { at?: string; method: string; note?: string; study?: boolean; studyTopic?: string }, req?: FastifyRequest, now = new Date()) {
  const m = await memberOrFail(db, id);
  if (actor.userId !== m.cadreUserId) mobilePolicy.authorize(actor, 'mobile.manage', { placeCode: m.communityCode });
  if (!m.cadreUserId) throw errors.conflict('pair the member with a contact cadre first (先结对)');
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime() + 60_000) throw errors.field('at', 'must not be in the future');
  if (input.study && !input.studyTopic) throw errors.field('studyTopic', 'name what was studied');
  await db.transaction((tx) =>
    repo.insertContact(tx as Db, { memberId: id, countyCode: m.countyCode, at, method: input.method, note: input.note ?? '', study: !!input.study, studyTopic: input.study ? input.studyTopic! : null, byUserId: actor.userId, byName: actor.displayName }),
  );
  await recordAudit(db, { actorId: actor.userId, action: 'mobile.contact', targetKind: 'mobile_member', targetId: id }, req);
  return getMember(db, actor, id);
}

export async function getMember(db: Db, actor: Actor, id: string, now = new Date()) {
  const m = await memberOrFail(db, id);
  if (actor.userId !== m.cadreUserId) mobilePolicy.authorize(actor, 'mobile.read', { placeCode: m.communityCode });
  const contacts = await repo.findContacts(db, id);
  return {
    member: await listOne(db, m, now),
    contacts: contacts.map((c) => ({ id: c.id, at: c.at.toISOString(), method: c.method, note: c.note, study: c.study, studyTopic: c.studyTopic, byName: c.byName })),
  };
}

/** Reminds each cadre, in her inbox, of the members under a place whose contact is overdue. */
export async function remindOverdue(db: Db, actor: Actor, place: string, now = new Date(), req?: FastifyRequest) {
  mobilePolicy.authorize(actor, 'mobile.manage', { placeCode: place });
  const overdue = await repo.findMembers(db, place, { overdue: true }, now);
  const byCadre = new Map<string, string[]>();
  for (const m of overdue) byCadre.set(m.cadre_user_id!, [...(byCadre.get(m.cadre_user_id!) ?? []), m.name]);
  await db.transaction(async (tx) => {
    for (const [cadre, names] of byCadre) {
      await notifyUsers(tx as Db, [cadre], { kind: 'mobile.overdue', title: `流动党员联系提醒（${names.length} 人）`, body: `已超过联系周期：${names.join('、')}。请及时联系并记录。` });
    }
  });
  await recordAudit(db, { actorId: actor.userId, action: 'mobile.remind', targetKind: 'place', targetId: place, detail: { overdue: overdue.length } }, req);
  return { overdue: overdue.length, cadres: byCadre.size };
}

/** The Monday (Shanghai) of the week of an instant, '2026-11-16': an overdue contact is reminded once a week by the schedule. */
export function shanghaiWeek(d = new Date()) {
  const local = new Date(d.getTime() + 8 * 3600_000);
  const monday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - ((local.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
}

/**
 * The scheduled reminder (every day at 09:00 Asia/Shanghai, and `linli remind mobile`): each cadre hears
 * of her members whose contact is overdue, each member once a week. One transaction claims the
 * (period, member) rows in mobile_reminders — rows another run holds or committed are skipped — and
 * writes one inbox message per cadre for those claimed, so runs at once or again send nothing twice.
 */
export async function sendScheduledMobileReminders(db: Db, now = new Date()) {
  const period = shanghaiWeek(now);
  const overdue = await repo.findOverdueEverywhere(db, now);
  let sent = 0;
  let claimedCount = 0;
  await db.transaction(async (txRaw) => {
    const tx = txRaw as Db;
    const claimed = new Set(await repo.claimReminders(tx, period, overdue));
    claimedCount = claimed.size;
    const byCadre = new Map<string, string[]>();
    for (const m of overdue) if (claimed.has(m.id)) byCadre.set(m.cadre_user_id, [...(byCadre.get(m.cadre_user_id) ?? []), m.name]);
    for (const [cadre, names] of byCadre)
      sent += await notifyUsers(tx, [cadre], { kind: 'mobile.overdue', title: `流动党员联系提醒（${names.length} 人）`, body: `已超过联系周期：${names.join('、')}。请及时联系并记录。` });
  });
  return { period, overdue: overdue.length, reminded: claimedCount, already: overdue.length - claimedCount, cadres: sent };
}
