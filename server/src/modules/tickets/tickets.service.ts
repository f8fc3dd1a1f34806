/**
 * Use cases of the ticket loop (诉求办理): read a ticket with its timeline and the actions this viewer
 * may take, list queues, follow. Registering is ticket-create.service.ts, the lifecycle actions and
 * escalation ticket-actions.service.ts; both are re-exported here, so other modules (photos,
 * notifications, the public list, metrics, the escalation job) import everything from this file.
 *
 * A ticket's row is a projection of its events (ticket-projection.ts): every write appends events
 * and stores the row they fold into, in one transaction (ticket-events.ts, where hooks join in).
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { reaches } from '../../platform/access.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { TicketDetail, TicketList, TicketsQuery, TicketTier } from '../../../../contracts/tickets.js';
import { addressOf } from '../places/places.service.js';
import { categoryOf } from './ticket-categories.service.js';
import { allowedActions, type LifecycleState } from './ticket-lifecycle.js';
import type { TicketEventRecord, TicketRow } from './ticket-projection.js';
import { INTERNAL_EVENTS, presentEvent, presentSummary, presentTicket } from './ticket-views.js';
import { canReadTicket, isGridWorkerOf, permittedActions, queueScopeOf, ticketsPolicy, type ActorFacts } from './tickets.policy.js';
import * as repo from './tickets.repository.js';
import { shanghaiDay } from './ticket-clock.js';
import { photosOfTicket } from './ticket-photos.service.js';

export { applyEvent, foldEvents, type TicketRow, type TicketEventRecord } from './ticket-projection.js';
export { onTicketEvents, onTicketChanges, onTicketChangesStatement, type TicketEventsHook, type TicketChangesHook, type TicketChangesStatement, type TicketChange } from './ticket-events.js';
export { actOnTicket, escalateTicket, escalateOverdueBatch, rebuildTicket, rebuildAllTickets } from './ticket-actions.service.js';
export { createTicket, createTicketOnce, registerDeviceAlert, type DeviceAlert } from './ticket-create.service.js';
export { seedTicketCategories, listCategories, suggestCategories, tokensOf } from './ticket-categories.service.js';

export interface TicketDeps {
  db: Db;
  cipher: PersonalDataCipher;
}

/** The system as an actor of events (automatic dispatch and escalation, device alerts). */
export const SYSTEM = { userId: null, name: '系统', role: 'system' } as const;


/** What policy needs to know about this actor and ticket. */
export async function actorFacts(db: Db, actor: Actor, t: TicketRow): Promise<ActorFacts> {
  // One after the other: inside a transaction the queries share one connection.
  const onTeam = t.teamId ? await repo.isOnTeam(db, t.teamId, actor.userId, actor.residentId) : false;
  const following = await repo.isFollower(db, t.id, actor.userId);
  const actedBefore = await repo.hasServed(db, t.id, actor.userId);
  return { onTeam, following, actedBefore };
}

export function lifecycleOf(t: TicketRow): LifecycleState {
  return { status: t.status as LifecycleState['status'], extensionPending: t.extensionPending, rating: t.rating, closedAt: t.closedAt, tier: t.tier as TicketTier };
}

/** A ticket row she may read, or 404/403. */
export async function readableTicket(db: Db, actor: Actor, id: string): Promise<{ row: TicketRow; facts: ActorFacts }> {
  const row = await repo.findTicket(db, id);
  if (!row) throw errors.notFound(`ticket ${id}`);
  const facts = await actorFacts(db, actor, row);
  if (!canReadTicket(actor, row, facts)) throw errors.forbidden('ticket.read');
  return { row, facts };
}

/** A ticket with its timeline and the actions this actor may take now (the state's, intersected with her roles'). */
export async function getTicket(db: Db, actor: Actor, id: string): Promise<TicketDetail> {
  const { row, facts } = await readableTicket(db, actor, id);
  const [events, category, placeName, teamName, photos] = await Promise.all([
    repo.findEvents(db, id),
    categoryOf(db, row.categoryCode),
    addressOf(db, row.placeCode),
    row.teamId ? repo.findTeamName(db, row.teamId) : Promise.resolve(null),
    photosOfTicket(db, id),
  ]);
  return presentDetail(actor, row, facts, { events, categoryName: category.name, placeName, teamName, photos });
}

/** What presentDetail shows besides the row: its events, names and photos. */
export interface DetailParts {
  events: TicketEventRecord[];
  categoryName: string;
  placeName: string;
  teamName: string | null;
  photos: TicketDetail['photos'];
}

/** The ticket as this actor sees it (getTicket's answer), from its row, her facts and its parts. Pure. */
export function presentDetail(actor: Actor, row: TicketRow, facts: ActorFacts, parts: DetailParts, now = new Date()): TicketDetail {
  const permitted = permittedActions(actor, row, facts);
  // The internal steps (returns, extensions, supervision) are for those who serve, not for a reporter or follower.
  const internal = facts.onTeam || facts.actedBefore || reaches(actor, ['unit_head', 'building_head', 'grid_worker', 'branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'], row.placeCode) || isGridWorkerOf(actor, row.gridCode) || [...permitted.values()].some((r) => r !== 'reporter');
  const shown = parts.events.filter((e) => internal || !INTERNAL_EVENTS.has(e.type));
  const shownSeqs = new Set(shown.map((e) => e.seq));
  return {
    ticket: presentTicket(row, { categoryName: parts.categoryName, placeName: parts.placeName, teamName: parts.teamName, reporterIsMe: row.reporterUserId === actor.userId }, now),
    timeline: shown.map(presentEvent),
    allowedActions: allowedActions(lifecycleOf(row), now).filter((a) => permitted.has(a)),
    following: facts.following,
    photos: parts.photos.filter((p) => p.eventSeq === null || shownSeqs.has(p.eventSeq)),
  };
}

/**
 * Lists tickets: `mine` (reported or followed), `queue` (what awaits her: her tier's tickets by
 * deadline, registered ones to dispatch, reported ones to verify, extensions to approve, shelved ones
 * due for review) or `place` (everything under a place she serves; confidential ones only for staff
 * who act on every ticket there).
 */
export async function listTickets(db: Db, actor: Actor, q: TicketsQuery): Promise<TicketList> {
  const scope = q.scope ?? 'queue';
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const now = new Date();
  const search: repo.TicketSearch = {
    scope,
    userId: actor.userId,
    status: q.status,
    categoryCode: q.category,
    overdue: q.overdue,
    supervised: q.supervised,
    now,
    today: shanghaiDay(now),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  if (scope === 'queue') search.queue = queueScopeOf(actor, await repo.teamIdsOf(db, actor.userId, actor.residentId));
  if (scope === 'place') {
    if (!q.place) throw errors.field('query.place', 'is required for scope=place');
    ticketsPolicy.authorize(actor, 'ticket.list', { placeCode: q.place });
    search.placePrefix = q.place;
    search.confidentialPrefixes = ticketsPolicy.scopeOf(actor, 'ticket.list.confidential');
  }
  const { items, total } = await repo.searchTickets(db, search);
  return { items: items.map((t) => presentSummary(t, now)), total, page, pageSize };
}

/** Follows a ticket she may read, or a public one of her own community (关注 / "me too"). */
export async function followTicket(db: Db, actor: Actor, id: string): Promise<TicketDetail> {
  const row = await repo.findTicket(db, id);
  if (!row) throw errors.notFound(`ticket ${id}`);
  const facts = await actorFacts(db, actor, row);
  const neighbour = !row.confidential && !!row.communityCode && actor.grants.some((g) => g.role === 'resident' && g.scopeCode.startsWith(row.communityCode!));
  if (!neighbour && !canReadTicket(actor, row, facts)) throw errors.forbidden('ticket.follow');
  await repo.addFollower(db, id, actor.userId, row.countyCode);
  return getTicket(db, actor, id);
}

export async function unfollowTicket(db: Db, actor: Actor, id: string): Promise<{ ok: true }> {
  if (!(await repo.removeFollower(db, id, actor.userId))) throw errors.notFound('your follow of this ticket');
  return { ok: true };
}

/** The reporter's full phone number, for staff who must call her back; every reveal is audited. */
export async function revealReporterPhone(deps: TicketDeps, actor: Actor, id: string, req?: FastifyRequest): Promise<{ phone: string | null }> {
  const { row, facts } = await readableTicket(deps.db, actor, id);
  const responder = [...permittedActions(actor, row, facts).values()].some((r) => r !== 'reporter');
  if (!responder && !ticketsPolicy.can(actor, 'ticket.reveal', row)) throw errors.forbidden('ticket.reveal');
  await recordAudit(deps.db, { actorId: actor.userId, action: 'ticket.reveal', targetKind: 'ticket', targetId: id }, req);
  return { phone: row.reporterPhoneEnc ? deps.cipher.decrypt(row.reporterPhoneEnc) : null };
}

/** Who follows a ticket (for notifications). */
export function followersOf(db: Db, ticketId: string): Promise<string[]> {
  return repo.findFollowerIds(db, ticketId);
}
