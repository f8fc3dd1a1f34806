/** Use cases of party membership, working members' check-ins, transfers and new-employment registration. */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { maskMobile, normaliseMobile } from '../../../../contracts/validation.js';
import type { CheckinBody, GigWorkerBody, MembershipBody, PartyMember, TransferBody } from '../../../../contracts/members.js';
import { findPlace } from '../places/places.service.js';
import { findResident } from './registry.repository.js';
import * as repo from './members.repository.js';
import { membersPolicy } from './members.policy.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The resident, or a 400 naming the body field that referred to her (a 404 when she was the path's :id). */
async function residentOrFail(db: Db, id: string, field: string | null = 'residentId') {
  const r = await findResident(db, id);
  if (!r) throw field ? errors.field(field, `resident ${id} does not exist`) : errors.notFound(`resident ${id}`);
  return r;
}

export async function listPartyMembers(db: Db, actor: Actor, q: { place: string; status?: string; kept?: string; page?: number; pageSize?: number }): Promise<PartyMember[]> {
  membersPolicy.authorize(actor, 'member.read', { placeCode: q.place });
  const size = q.pageSize ?? 100;
  const list = await repo.findPartyMembersUnder(db, q.place, q, size, ((q.page ?? 1) - 1) * size);
  return list.map((m) => ({
    residentId: m.resident_id,
    name: m.name,
    gender: m.gender,
    householdCode: m.household_code,
    status: m.status,
    joinDate: m.join_date,
    membershipKept: m.membership_kept,
    membershipOrg: m.membership_org,
  }));
}

/** Records or updates a resident's party membership (and her 政治面貌). */
export async function setMembership(db: Db, actor: Actor, residentId: string, input: MembershipBody, req?: FastifyRequest) {
  const r = await residentOrFail(db, residentId, null);
  membersPolicy.authorize(actor, 'member.manage', { placeCode: r.householdCode });
  if (input.membershipKept === 'elsewhere' && !input.membershipOrg) throw errors.field('membershipOrg', 'name the party organisation where the membership is kept');
  await db.transaction((tx) =>
    repo.upsertPartyMember(tx as Db, {
      residentId,
      countyCode: r.countyCode,
      status: input.status,
      joinDate: input.joinDate ?? null,
      membershipKept: input.membershipKept,
      membershipOrg: input.membershipKept === 'elsewhere' ? input.membershipOrg! : null,
    }),
  );
  await recordAudit(db, { actorId: actor.userId, action: 'member.set', targetKind: 'resident', targetId: residentId, detail: { status: input.status } }, req);
  return (await listPartyMembers(db, actor, { place: r.householdCode })).find((m) => m.residentId === residentId)!;
}

export async function removeMembership(db: Db, actor: Actor, residentId: string, req?: FastifyRequest) {
  const r = await residentOrFail(db, residentId, null);
  membersPolicy.authorize(actor, 'member.manage', { placeCode: r.householdCode });
  if (!(await repo.findPartyMember(db, residentId))) throw errors.notFound('party membership');
  await db.transaction((tx) => repo.deletePartyMember(tx as Db, residentId));
  await recordAudit(db, { actorId: actor.userId, action: 'member.remove', targetKind: 'resident', targetId: residentId }, req);
}

function presentCheckin(c: repo.CheckinRow) {
  return {
    id: c.id,
    residentId: c.resident_id,
    name: c.name,
    communityCode: c.community_code,
    communityName: c.community_name,
    employer: c.employer,
    employerPartyOrg: c.employer_party_org,
    checkedInAt: new Date(c.checked_in_at).toISOString(),
    endedAt: c.ended_at ? new Date(c.ended_at).toISOString() : null,
  };
}

/** 在职党员报到: a working party member checks in at the community where she lives; she may do it herself. */
export async function checkIn(db: Db, actor: Actor, input: CheckinBody, req?: FastifyRequest) {
  const r = await residentOrFail(db, input.residentId);
  if (actor.residentId !== r.id) membersPolicy.authorize(actor, 'member.manage', { placeCode: r.householdCode });
  if (!(await repo.findPartyMember(db, r.id))) throw errors.field('residentId', 'only party members check in (在职党员报到)');
  const communityCode = r.householdCode.slice(0, 12);
  try {
    const row = await repo.insertCheckin(db, {
      residentId: r.id,
      communityCode,
      countyCode: r.countyCode,
      employer: input.employer,
      employerPartyOrg: input.employerPartyOrg,
    });
    await recordAudit(db, { actorId: actor.userId, action: 'member.checkin', targetKind: 'resident', targetId: r.id }, req);
    const place = await findPlace(db, communityCode);
    return presentCheckin({ ...row, resident_id: row.residentId, name: r.name, community_code: communityCode, community_name: place?.name ?? communityCode, employer_party_org: row.employerPartyOrg, checked_in_at: row.checkedInAt, ended_at: row.endedAt });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict('already checked in; end the current check-in first', [{ field: 'residentId', message: 'already checked in' }]);
    throw e;
  }
}

export async function endCheckIn(db: Db, actor: Actor, id: string, req?: FastifyRequest) {
  const c = await repo.findCheckin(db, id);
  if (!c) throw errors.notFound('check-in');
  if (actor.residentId !== c.residentId) membersPolicy.authorize(actor, 'member.manage', { placeCode: c.communityCode });
  if (!(await repo.endCheckin(db, id))) throw errors.conflict('this check-in has ended already');
  await recordAudit(db, { actorId: actor.userId, action: 'member.checkout', targetKind: 'resident', targetId: c.residentId }, req);
}

/** Check-ins in the actor's scope; by community, or all of one employer's party organisation (for the employer). */
export async function listCheckins(db: Db, actor: Actor, q: { community?: string; employerPartyOrg?: string; active?: boolean }) {
  if (q.community) membersPolicy.authorize(actor, 'member.read', { placeCode: q.community });
  const scope = membersPolicy.scopeOf(actor, 'member.read');
  if (!scope.length) throw errors.forbidden('member.read');
  return (await repo.findCheckins(db, scope, { ...q, active: q.active ?? true })).map(presentCheckin);
}

/** 转接: a member (often retired) asks to move her membership to the community where she lives. */
export async function requestTransfer(db: Db, actor: Actor, input: TransferBody, req?: FastifyRequest) {
  const r = await residentOrFail(db, input.residentId);
  membersPolicy.authorize(actor, 'member.manage', { placeCode: r.householdCode });
  const m = await repo.findPartyMember(db, r.id);
  if (!m) throw errors.field('residentId', 'not a party member');
  if (m.membershipKept === 'community') throw errors.conflict('the membership is already kept in the community');
  const row = await repo.insertTransfer(db, { residentId: r.id, communityCode: r.householdCode.slice(0, 12), countyCode: r.countyCode, fromOrg: input.fromOrg, note: input.note ?? null });
  await recordAudit(db, { actorId: actor.userId, action: 'member.transfer.request', targetKind: 'resident', targetId: r.id }, req);
  return presentTransfer({ ...row, name: r.name });
}

/** Completes a transfer: the membership is now kept in the community (and counts for its organisations). */
export async function completeTransfer(db: Db, actor: Actor, id: string, req?: FastifyRequest) {
  const t = await repo.findTransfer(db, id);
  if (!t) throw errors.notFound('transfer');
  membersPolicy.authorize(actor, 'member.manage', { placeCode: t.communityCode });
  const r = await residentOrFail(db, t.residentId);
  const done = await db.transaction(async (tx) => {
    const row = await repo.completeTransfer(tx as Db, id);
    if (!row) return null;
    const m = await repo.findPartyMember(tx as Db, t.residentId);
    if (m) await repo.upsertPartyMember(tx as Db, { ...m, membershipKept: 'community', membershipOrg: null });
    return row;
  });
  if (!done) throw errors.conflict('this transfer is completed already');
  await recordAudit(db, { actorId: actor.userId, action: 'member.transfer.complete', targetKind: 'resident', targetId: t.residentId }, req);
  return presentTransfer({ ...done, name: r.name });
}

export async function listTransfers(db: Db, actor: Actor, community: string) {
  membersPolicy.authorize(actor, 'member.read', { placeCode: community });
  return (await repo.findTransfers(db, community)).map((t) =>
    presentTransfer({ id: t.id, residentId: t.resident_id, name: t.name, communityCode: t.community_code, fromOrg: t.from_org, status: t.status, requestedAt: t.requested_at, completedAt: t.completed_at, note: t.note }),
  );
}

function presentTransfer(t: { id: string; residentId: string; name: string; communityCode: string; fromOrg: string; status: string; requestedAt: Date; completedAt: Date | null; note: string | null }) {
  return {
    id: t.id,
    residentId: t.residentId,
    name: t.name,
    communityCode: t.communityCode,
    fromOrg: t.fromOrg,
    status: t.status as 'pending' | 'completed',
    requestedAt: new Date(t.requestedAt).toISOString(),
    completedAt: t.completedAt ? new Date(t.completedAt).toISOString() : null,
    note: t.note,
  };
}

/** 报到备案: a delivery rider, courier or driver registers with the community; one record per mobile per community. */
export async function registerGigWorker(db: Db, cipher: PersonalDataCipher, actor: Actor, input: GigWorkerBody, req?: FastifyRequest) {
  const community = await findPlace(db, input.communityCode);
  if (!community || community.level !== 'community') throw errors.field('communityCode', `community ${input.communityCode} does not exist`);
  membersPolicy.authorize(actor, 'gig.register', { placeCode: input.communityCode });
  const mobile = normaliseMobile(input.mobile);
  if (!mobile) throw errors.field('mobile', '不是有效的手机号 (not a mainland mobile number)');
  if (input.residentId) await residentOrFail(db, input.residentId);
  const row = await repo.insertGigWorker(db, {
    name: input.name,
    mobileEnc: cipher.encrypt(mobile),
    mobileHash: cipher.hash(mobile),
    mobileMasked: maskMobile(mobile),
    occupation: input.occupation,
    company: input.company,
    communityCode: input.communityCode,
    countyCode: input.communityCode.slice(0, 6),
    residentId: input.residentId ?? null,
    isPartyMember: input.isPartyMember ?? false,
  });
  if (!row) throw errors.conflict('this mobile is already registered with the community', [{ field: 'mobile', message: 'already registered' }]);
  await recordAudit(db, { actorId: actor.userId, action: 'gig.register', targetKind: 'gig_worker', targetId: row.id }, req);
  return presentGig(row);
}

export async function listGigWorkers(db: Db, actor: Actor, community: string) {
  membersPolicy.authorize(actor, 'gig.read', { placeCode: community });
  return (await repo.findGigWorkers(db, community)).map(presentGig);
}

function presentGig(g: Awaited<ReturnType<typeof repo.findGigWorkers>>[number]) {
  return {
    id: g.id,
    name: g.name,
    mobile: g.mobileMasked,
    occupation: g.occupation,
    company: g.company,
    communityCode: g.communityCode,
    residentId: g.residentId,
    isPartyMember: g.isPartyMember,
    registeredAt: iso(g.registeredAt)!,
  };
}

/** The active check-ins at a community, for the scheduled reminders (no access check: callers check). */
export async function activeCheckinsIn(db: Db, community: string) {
  return (await repo.findCheckins(db, [community], { community, active: true })).map(presentCheckin);
}

/** The communities with active check-ins (no access check: callers check). */
export function communitiesWithCheckins(db: Db) {
  return repo.findCheckinCommunities(db);
}

/** A member's current 在职党员报到, or null (no access check: callers check). */
export function findActiveCheckin(db: Db, residentId: string) {
  return repo.findActiveCheckin(db, residentId);
}
