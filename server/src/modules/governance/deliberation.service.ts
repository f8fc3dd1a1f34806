/**
 * Proposals 议题 and deliberation meetings 议事会. A resident raises a proposal in her community and
 * neighbours support it; at the community's threshold it is accepted for deliberation, and staff may
 * put any proposal on an agenda. A meeting has its agenda, invited households or representatives,
 * attendance, minutes, decisions per item, and follow-up tasks that become tickets through the ticket
 * loop's own create service.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { CreateMeetingBody, Meeting, Proposal, ProposalStatus } from '../../../../contracts/deliberation.js';
import { findPlace } from '../places/places.service.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { createTicket } from '../tickets/ticket-create.service.js';
import { governancePolicy, householdsOf, livesIn } from './governance.policy.js';
import * as repo from './deliberation.repository.js';

/** The threshold when a community has not set one. */
export const DEFAULT_SUPPORT_THRESHOLD = 10;

async function placeName(db: Db, code: string) {
  return (await findPlace(db, code))?.name ?? code;
}

function canReadCommunity(actor: Actor, placeCode: string, action: 'meeting.read' | 'proposal.manage' = 'meeting.read') {
  return governancePolicy.can(actor, action, { placeCode }) || governancePolicy.can(actor, 'meeting.manage', { placeCode }) || livesIn(actor, placeCode);
}

async function presentProposals(db: Db, actor: Actor, list: repo.ProposalRow[]): Promise<Proposal[]> {
  const mine = await repo.supportedBy(
    db,
    list.map((p) => p.id),
    actor.residentId,
  );
  const names = new Map<string, string>();
  for (const p of list) if (!names.has(p.placeCode)) names.set(p.placeCode, await placeName(db, p.placeCode));
  return list.map((p) => ({
    id: p.id,
    placeCode: p.placeCode,
    placeName: names.get(p.placeCode)!,
    title: p.title,
    body: p.body,
    authorName: p.authorName,
    status: p.status as ProposalStatus,
    supportCount: p.supportCount,
    threshold: p.threshold,
    meetingId: p.meetingId,
    voteId: p.voteId,
    outcome: p.outcome,
    createdAt: p.createdAt.toISOString(),
    acceptedAt: p.acceptedAt?.toISOString() ?? null,
    supported: mine.has(p.id),
  }));
}

export async function getSettings(db: Db, actor: Actor, community: string) {
  if (!canReadCommunity(actor, community)) throw errors.forbidden('proposal.read');
  return { communityCode: community, supportThreshold: (await repo.findThreshold(db, community)) ?? DEFAULT_SUPPORT_THRESHOLD };
}

/** Sets how many supporters take a proposal of the community to deliberation (applies to new proposals). */
export async function setSettings(db: Db, actor: Actor, community: string, supportThreshold: number, req?: FastifyRequest) {
  const place = await findPlace(db, community);
  if (!place || place.level !== 'community') throw errors.field('params.community', 'not a community');
  governancePolicy.authorize(actor, 'proposal.manage', { placeCode: community });
  await repo.upsertThreshold(db, community, supportThreshold, actor.userId);
  await recordAudit(db, { actorId: actor.userId, action: 'governance.settings', targetKind: 'place', targetId: community, detail: { supportThreshold } }, req);
  return getSettings(db, actor, community);
}

/** A resident raises a proposal in her community (her first support is her own); staff may raise one too. */
export async function createProposal(db: Db, actor: Actor, input: { title: string; body: string; placeCode?: string }, req?: FastifyRequest): Promise<Proposal> {
  const home = householdsOf(actor)[0];
  const placeCode = input.placeCode ?? home?.slice(0, 12);
  if (!placeCode) throw errors.field('placeCode', 'give the community of the proposal');
  const place = await findPlace(db, placeCode);
  if (!place || !['community', 'compound', 'building', 'unit'].includes(place.level)) throw errors.field('placeCode', 'a proposal belongs to a community, compound, building or unit');
  const resident = livesIn(actor, placeCode) && actor.residentId;
  if (!resident) governancePolicy.authorize(actor, 'proposal.manage', { placeCode });
  const threshold = (await repo.findThreshold(db, placeCode.slice(0, 12))) ?? DEFAULT_SUPPORT_THRESHOLD;
  const me = resident ? await findResidentRecord(db, actor.residentId!) : undefined;
  const p = await repo.insertProposal(db, {
    placeCode,
    countyCode: placeCode.slice(0, 6),
    title: input.title.trim(),
    body: input.body.trim(),
    authorUserId: actor.userId,
    authorResidentId: me?.id ?? null,
    authorName: me?.name ?? actor.displayName,
    threshold,
  });
  if (me) await repo.addSupport(db, p.id, me.id, p.countyCode);
  await recordAudit(db, { actorId: actor.userId, action: 'proposal.create', targetKind: 'proposal', targetId: p.id }, req);
  return getProposal(db, actor, p.id);
}

async function proposalOrFail(db: Db, actor: Actor, id: string) {
  const p = await repo.findProposal(db, id);
  if (!p) throw errors.notFound(`proposal ${id}`);
  if (!canReadCommunity(actor, p.placeCode)) throw errors.forbidden('proposal.read');
  return p;
}

export async function getProposal(db: Db, actor: Actor, id: string): Promise<Proposal> {
  const [p] = await presentProposals(db, actor, [await proposalOrFail(db, actor, id)]);
  return p;
}

/** Proposals of a community (hers for a resident), newest first. */
export async function listProposals(db: Db, actor: Actor, q: { community?: string; status?: string }): Promise<Proposal[]> {
  const community = q.community ?? householdsOf(actor)[0]?.slice(0, 12);
  if (!community) throw errors.field('query.community', 'give the community');
  if (!canReadCommunity(actor, community)) throw errors.forbidden('proposal.read');
  return presentProposals(db, actor, await repo.findProposals(db, community, q.status));
}

/** A resident of the community supports a proposal, once; the threshold accepts it for deliberation. */
export async function supportProposal(db: Db, actor: Actor, id: string, req?: FastifyRequest): Promise<Proposal> {
  const p = await proposalOrFail(db, actor, id);
  if (!actor.residentId || !livesIn(actor, p.placeCode)) throw errors.forbidden('proposal.support: residents of the community support its proposals');
  if (p.status !== 'collecting' && p.status !== 'accepted') throw errors.conflict(`the proposal is ${p.status}; supports are closed`, [{ field: 'status', message: p.status }]);
  const added = await repo.addSupport(db, id, actor.residentId, p.countyCode);
  if (!added) throw errors.conflict('已附议 (you already support it)', [{ field: 'proposal', message: 'already supported' }]);
  await recordAudit(db, { actorId: actor.userId, action: 'proposal.support', targetKind: 'proposal', targetId: id }, req);
  return getProposal(db, actor, id);
}

/** Staff close a proposal with its outcome: decided (e.g. after deliberation) or rejected, with the reason. */
export async function decideProposal(db: Db, actor: Actor, id: string, input: { status: 'decided' | 'rejected'; outcome: string }, req?: FastifyRequest) {
  const p = await proposalOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'proposal.manage', p);
  if (p.status === 'voting') throw errors.conflict('the proposal is being voted on; its vote decides it', [{ field: 'status', message: p.status }]);
  if (p.status === 'decided' || p.status === 'rejected') throw errors.conflict(`the proposal is already ${p.status}`, [{ field: 'status', message: p.status }]);
  await repo.updateProposal(db, id, { status: input.status, outcome: input.outcome.trim() });
  await recordAudit(db, { actorId: actor.userId, action: 'proposal.decide', targetKind: 'proposal', targetId: id, detail: { status: input.status } }, req);
  return getProposal(db, actor, id);
}

async function presentMeeting(db: Db, m: repo.MeetingRow): Promise<Meeting> {
  const [items, invitees, tasks] = await Promise.all([repo.findItems(db, m.id), repo.findInvitees(db, m.id), repo.findTasks(db, m.id)]);
  return {
    id: m.id,
    placeCode: m.placeCode,
    placeName: await placeName(db, m.placeCode),
    title: m.title,
    startsAt: m.startsAt.toISOString(),
    location: m.location,
    status: m.status as Meeting['status'],
    minutes: m.minutes,
    heldAt: m.heldAt?.toISOString() ?? null,
    items: items.map((i) => ({ id: i.id, seq: i.seq, title: i.title, proposalId: i.proposalId, decision: i.decision })),
    invitees: invitees.map((i) => ({ inviteeKey: i.inviteeKey, name: i.name, role: i.role, householdCode: i.householdCode, attended: i.attended })),
    attended: invitees.filter((i) => i.attended).length,
    tasks: tasks.map((x) => ({
      id: x.id,
      title: x.title,
      description: x.description,
      placeCode: x.placeCode,
      assignee: x.assignee,
      dueOn: x.dueOn,
      ticketId: x.ticketId,
      ticketNumber: x.ticketId ? x.ticketNumber : null,
    })),
  };
}

async function meetingOrFail(db: Db, actor: Actor, id: string) {
  const m = await repo.findMeeting(db, id);
  if (!m) throw errors.notFound(`meeting ${id}`);
  if (!canReadCommunity(actor, m.placeCode)) throw errors.forbidden('meeting.read');
  return m;
}

/** Calls a meeting: agenda items (proposals go 议事中), invited households under a place and representatives. */
export async function createMeeting(db: Db, actor: Actor, input: CreateMeetingBody, req?: FastifyRequest): Promise<Meeting> {
  const place = await findPlace(db, input.placeCode);
  if (!place || !['community', 'compound', 'building', 'unit'].includes(place.level)) throw errors.field('placeCode', 'a meeting is of a community, compound, building or unit');
  governancePolicy.authorize(actor, 'meeting.manage', { placeCode: place.code });
  if (input.inviteHouseholdsOf && !input.inviteHouseholdsOf.startsWith(place.code.slice(0, 12))) throw errors.field('inviteHouseholdsOf', 'must be in the meeting’s community');
  const items: Array<{ title: string; proposalId: string | null }> = [];
  for (const [i, it] of input.items.entries()) {
    if (it.proposalId) {
      const p = await repo.findProposal(db, it.proposalId);
      if (!p || p.placeCode.slice(0, 12) !== place.code.slice(0, 12)) throw errors.field(`items.${i}.proposalId`, 'no such proposal in this community');
      if (['decided', 'rejected', 'voting'].includes(p.status)) throw errors.field(`items.${i}.proposalId`, `the proposal is ${p.status}`);
      if (items.some((x) => x.proposalId === p.id)) throw errors.field(`items.${i}.proposalId`, 'the proposal is on the agenda twice');
      items.push({ title: it.title ?? p.title, proposalId: p.id });
    } else if (it.title) items.push({ title: it.title, proposalId: null });
    else throw errors.field(`items.${i}.title`, 'an item needs a title or a proposal');
  }
  const reps: Array<NonNullable<Awaited<ReturnType<typeof findResidentRecord>>>> = [];
  for (const [i, id] of (input.representatives ?? []).entries()) {
    const r = await findResidentRecord(db, id);
    if (!r || !r.householdCode.startsWith(place.code.slice(0, 12))) throw errors.field(`representatives.${i}`, 'not a resident of this community');
    reps.push(r);
  }
  const county = place.code.slice(0, 6);
  const id = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const m = await repo.insertMeeting(tx, { placeCode: place.code, countyCode: county, title: input.title.trim(), startsAt: new Date(input.startsAt), location: input.location.trim(), createdBy: actor.userId });
    await repo.insertItems(
      tx,
      items.map((it, i) => ({ meetingId: m.id, countyCode: county, seq: i + 1, title: it.title, proposalId: it.proposalId })),
    );
    for (const it of items) if (it.proposalId) await repo.updateProposal(tx, it.proposalId, { status: 'deliberating', meetingId: m.id });
    if (input.inviteHouseholdsOf) await repo.inviteHouseholds(tx, m.id, input.inviteHouseholdsOf);
    await repo.insertInvitees(
      tx,
      reps.map((r) => ({ meetingId: m.id, inviteeKey: `r:${r.id}`, countyCode: county, residentId: r.id, householdCode: r.householdCode, name: r.name, role: 'representative' })),
    );
    return m.id;
  });
  await recordAudit(db, { actorId: actor.userId, action: 'meeting.create', targetKind: 'meeting', targetId: id }, req);
  return getMeeting(db, actor, id);
}

export async function getMeeting(db: Db, actor: Actor, id: string): Promise<Meeting> {
  return presentMeeting(db, await meetingOrFail(db, actor, id));
}

export async function listMeetings(db: Db, actor: Actor, q: { community?: string }): Promise<Meeting[]> {
  const community = q.community ?? householdsOf(actor)[0]?.slice(0, 12);
  if (!community) throw errors.field('query.community', 'give the community');
  if (!canReadCommunity(actor, community)) throw errors.forbidden('meeting.read');
  const list = await repo.findMeetings(db, community);
  return Promise.all(list.map((m) => presentMeeting(db, m)));
}

/** Records who attended (the invitees' keys; the rest absent). */
export async function recordAttendance(db: Db, actor: Actor, id: string, present: string[], req?: FastifyRequest) {
  const m = await meetingOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'meeting.manage', m);
  const unknown = await repo.setAttendance(db, id, [...new Set(present)]);
  if (unknown.length) throw errors.field('present', `not invited: ${unknown.slice(0, 3).join(', ')}`);
  await recordAudit(db, { actorId: actor.userId, action: 'meeting.attendance', targetKind: 'meeting', targetId: id, detail: { present: present.length } }, req);
  return getMeeting(db, actor, id);
}

/** Records the minutes and each item's decision; the meeting is then held. */
export async function recordMinutes(db: Db, actor: Actor, id: string, input: { minutes: string; decisions: Array<{ itemId: string; decision: string }> }, req?: FastifyRequest) {
  const m = await meetingOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'meeting.manage', m);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    for (const [i, d] of input.decisions.entries()) if (!(await repo.setDecision(tx, id, d.itemId, d.decision.trim()))) throw errors.field(`decisions.${i}.itemId`, 'not an item of this meeting');
    await repo.updateMeeting(tx, id, { minutes: input.minutes.trim(), status: 'held', heldAt: m.heldAt ?? new Date() });
  });
  await recordAudit(db, { actorId: actor.userId, action: 'meeting.minutes', targetKind: 'meeting', targetId: id }, req);
  return getMeeting(db, actor, id);
}

/** Adds a follow-up task decided at the meeting. */
export async function addTask(db: Db, actor: Actor, id: string, input: { title: string; description: string; placeCode?: string; assignee?: string; dueOn?: string }, req?: FastifyRequest) {
  const m = await meetingOrFail(db, actor, id);
  governancePolicy.authorize(actor, 'meeting.manage', m);
  const placeCode = input.placeCode ?? m.placeCode;
  if (!placeCode.startsWith(m.placeCode.slice(0, 12)) || !(await findPlace(db, placeCode))) throw errors.field('placeCode', 'a place in the meeting’s community');
  await repo.insertTask(db, { meetingId: id, countyCode: m.countyCode, placeCode, title: input.title.trim(), description: input.description.trim(), assignee: input.assignee ?? null, dueOn: input.dueOn ?? null });
  await recordAudit(db, { actorId: actor.userId, action: 'meeting.task', targetKind: 'meeting', targetId: id }, req);
  return getMeeting(db, actor, id);
}

/**
 * Turns a follow-up task into a ticket of the ticket loop through its create service (a phone entry in
 * the name of the task's contact, so its policy and routing apply unchanged); once per task.
 */
export async function taskToTicket(deps: { db: Db; cipher: PersonalDataCipher }, actor: Actor, taskId: string, input: { contactName: string; contactPhone: string; categoryCode?: string }, req?: FastifyRequest) {
  const { db } = deps;
  const task = await repo.findTask(db, taskId);
  if (!task) throw errors.notFound(`task ${taskId}`);
  const m = await meetingOrFail(db, actor, task.meetingId);
  governancePolicy.authorize(actor, 'meeting.manage', m);
  if (!(await repo.claimTask(db, taskId))) throw errors.conflict('这项任务已转为工单 (the task already has a ticket)', [{ field: 'task', message: 'has a ticket' }]);
  try {
    const ticket = await createTicket(
      deps,
      actor,
      {
        channel: 'phone',
        title: task.title.slice(0, 60),
        description: `【议事会跟进事项】${m.title}：${task.description}`,
        placeCode: task.placeCode,
        caller: { name: input.contactName, phone: input.contactPhone },
        ...(input.categoryCode ? { categoryCode: input.categoryCode } : {}),
      },
      req,
    );
    await repo.linkTicket(db, taskId, { id: ticket.ticket.id, number: ticket.ticket.number });
  } catch (e) {
    await repo.linkTicket(db, taskId, null);
    throw e;
  }
  return getMeeting(db, actor, task.meetingId);
}

/** Meetings held in a year at or under any of `placeCodes` (for assessment). */
export async function countHeldMeetings(db: Db, placeCodes: string[], year: number): Promise<number> {
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  let n = 0;
  for (const code of placeCodes) n += await repo.countMeetingsHeld(db, code, from, to);
  return n;
}
