/**
 * The lifecycle actions on a ticket (受理, 退回, 延期, 升级, 督办, 反馈, 核查, 重办, 评价, 挂账, 注销, 合并),
 * automatic escalation, and rebuilding rows from events.
 *
 * Every action runs in one transaction: the ticket row is locked (FOR UPDATE), so two actions on
 * one ticket run one after the other and the second sees what the first did (409 if its action is
 * no longer allowed); the version the actor saw may be sent and must match; the event is appended
 * with seq = version + 1 (unique per ticket) and the row replaced by applyEvent's fold.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import { isUniqueViolation } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { ActionBody, AnyActionBody, TicketAction, TicketCategory, TicketDetail, TicketTier, Urgency } from '../../../../contracts/tickets.js';
import { activeCategory, cachedCategoryRows, categoryOf, presentCategory } from './ticket-categories.service.js';
import { loadWorkCalendar } from './ticket-calendar.js';
import { addClockHours, type WorkCalendar } from './ticket-clock.js';
import { allowedActions, nextTier } from './ticket-lifecycle.js';
import { diffRows, foldEvents, type TicketEventRecord, type TicketRow } from './ticket-projection.js';
import { appendTicketEvents, appendTicketEventsMany } from './ticket-events.js';
import { shanghaiDay } from './ticket-clock.js';
import { attachPhotos } from './ticket-photos.service.js';
import { dispatcherTier, findTeamsAt, overallDeadline, routeFrom, routeWithTeams, teamSlotsFrom, tierDeadline, type RouteTarget } from './ticket-routing.js';
import { INTERNAL_EVENTS } from './ticket-views.js';
import { canReadTicket, permittedActions } from './tickets.policy.js';
import { actorFacts, getTicket, lifecycleOf, SYSTEM } from './tickets.service.js';
import * as repo from './tickets.repository.js';

const OPEN_STATUSES = new Set(['registered', 'dispatched', 'in_progress', 'reported', 'shelved']);

/** What a handler needs to decide an action's event. */
interface ActionContext {
  tx: Db;
  row: TicketRow;
  category: TicketCategory;
  calendar: WorkCalendar;
  now: Date;
}

/** The event an action appends: its note and data (the projection applies it). */
interface Decision {
  note: string | null;
  data: Record<string, unknown>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function routed(target: RouteTarget, due: Date | null): Record<string, unknown> {
  return { tier: target.tier, teamId: target.teamId, department: target.department, tierDeadlineAt: iso(due) };
}

/** The same tier and team again, with a fresh tier deadline (rework, reopening, unshelving). */
function sameTier(c: ActionContext): Record<string, unknown> {
  const due = tierDeadline(c.now, c.category, c.row.urgency as Urgency, c.row.tier as TicketTier, c.calendar);
  return { tier: c.row.tier, teamId: c.row.teamId, department: c.row.department, tierDeadlineAt: iso(due) };
}

/** The next tier that can take the ticket, skipping tiers without a team. */
async function escalation(c: ActionContext): Promise<Record<string, unknown>> {
  const next = nextTier(c.row.tier as TicketTier);
  if (!next) throw errors.conflict('the ticket is at the top tier already', [{ field: 'action', message: 'nothing above the department' }]);
  const target = await routeFrom(c.tx, c.row, next, c.category.department);
  return { fromTier: c.row.tier, ...routed(target, tierDeadline(c.now, c.category, c.row.urgency as Urgency, target.tier, c.calendar)) };
}

type Handler<A extends TicketAction> = (c: ActionContext, body: ActionBody<A>) => Promise<Decision> | Decision;

const HANDLERS: { [A in TicketAction]: Handler<A> } = {
  async dispatch(c, b) {
    let category = c.category;
    const data: Record<string, unknown> = {};
    if (b.categoryCode && b.categoryCode !== c.row.categoryCode) {
      category = await activeCategory(c.tx, b.categoryCode);
      data.categoryCode = category.code;
      if (category.confidentialByDefault && !c.row.confidential) data.confidential = true;
    }
    const urgency = (b.urgency ?? c.row.urgency) as Urgency;
    if (b.urgency && b.urgency !== c.row.urgency) data.urgency = urgency;
    if (data.categoryCode || data.urgency) data.deadlineAt = overallDeadline(c.row.createdAt, category, urgency, c.calendar).toISOString();
    const start = b.tier ?? (category.firstTier as TicketTier);
    const target = await routeFrom(c.tx, c.row, start, category.department);
    return { note: b.note ?? null, data: { ...data, requestedTier: start, ...routed(target, tierDeadline(c.now, category, urgency, target.tier, c.calendar)) } };
  },
  accept: (_c, b) => ({ note: b.note ?? null, data: {} }),
  return: (c, b) => ({ note: b.reason, data: { fromTier: c.row.tier, tier: dispatcherTier(c.row) } }),
  request_extension(c, b) {
    if (!b.until === !b.hours) throw errors.field('until', 'give the new deadline (until) or the hours to add (hours), one of them');
    const current = c.row.tierDeadlineAt ?? c.now;
    const until = b.until ? new Date(b.until) : addClockHours(current, b.hours!, c.category.clock, c.calendar);
    if (until <= c.now) throw errors.field('until', 'must be in the future');
    if (until <= current) throw errors.field(b.until ? 'until' : 'hours', `must be later than the current deadline ${current.toISOString()}`);
    return { note: b.reason, data: { until: until.toISOString(), ...(b.hours ? { hours: b.hours } : {}) } };
  },
  async approve_extension(c, b) {
    const request = await repo.findLastEvent(c.tx, c.row.id, 'request_extension');
    if (!request) throw errors.conflict('no extension request to approve');
    return { note: b.note ?? null, data: { until: request.data.until, requestSeq: request.seq } };
  },
  reject_extension: (_c, b) => ({ note: b.note ?? null, data: {} }),
  escalate: async (c, b) => ({ note: b.note, data: { ...(await escalation(c)), automatic: false } }),
  supervise: (_c, b) => ({ note: b.note, data: {} }),
  report_back: (_c, b) => ({ note: b.note, data: {} }),
  verify_pass: (_c, b) => ({ note: b.note ?? null, data: {} }),
  verify_fail: (c, b) => ({ note: b.note, data: { tierDeadlineAt: sameTier(c).tierDeadlineAt } }),
  reopen: (c, b) => ({ note: b.reason, data: sameTier(c) }),
  rate: (_c, b) => ({ note: b.comment?.trim() || null, data: { rating: b.rating, comment: b.comment?.trim() || null } }),
  shelve(c, b) {
    if (b.reviewOn <= shanghaiDay(c.now)) throw errors.field('reviewOn', 'the review date must be after today');
    return { note: b.reason, data: { reviewOn: b.reviewOn } };
  },
  unshelve: (c, b) => ({ note: b.note ?? null, data: sameTier(c) }),
  cancel: (_c, b) => ({ note: b.reason, data: {} }),
  // Checked and written in mergeTickets (two rows are locked).
  merge: (_c, b) => ({ note: b.note ?? null, data: { targetId: b.targetId } }),
};

function notAllowed(action: TicketAction, row: TicketRow, allowed: TicketAction[]) {
  return errors.conflict(`此状态下不能${action} (${action} is not allowed while the ticket is ${row.status})`, [
    { field: 'action', message: `allowed: ${allowed.length ? allowed.join(', ') : '(none)'}` },
  ]);
}

/**
 * Takes an action on a ticket for an actor: 404 if there is no such ticket, 403 if she may not read
 * it, 409 if the state does not allow the action (naming the allowed ones) or the ticket changed
 * since the version she sent, 403 if her roles do not allow it here, 400 for a bad body.
 * Returns the ticket as she now sees it.
 */
export async function actOnTicket(db: Db, actor: Actor, id: string, action: TicketAction, body: AnyActionBody, req?: FastifyRequest): Promise<TicketDetail> {
  const calendar = await loadWorkCalendar(db);
  try {
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const targetId = action === 'merge' ? (body as ActionBody<'merge'>).targetId : null;
      if (targetId === id) throw errors.field('targetId', 'a ticket cannot be merged into itself');
      const locked = targetId ? await repo.lockTickets(tx, [id, targetId]) : [await repo.lockTicket(tx, id)].filter((r): r is TicketRow => !!r);
      const row = locked.find((r) => r.id === id);
      if (!row) throw errors.notFound(`ticket ${id}`);
      const facts = await actorFacts(tx, actor, row);
      const permitted = permittedActions(actor, row, facts);
      if (!canReadTicket(actor, row, facts)) throw errors.forbidden('ticket.read');
      const now = new Date();
      if (body.version !== undefined && body.version !== row.version) {
        throw errors.conflict(`工单已被他人更新 (the ticket changed: it is at version ${row.version}, you sent ${body.version})`, [{ field: 'version', message: `now ${row.version}` }]);
      }
      const allowed = allowedActions(lifecycleOf(row), now);
      if (!allowed.includes(action)) throw notAllowed(action, row, allowed);
      const role = permitted.get(action);
      if (!role) throw errors.forbidden(`ticket.${action}`);
      const category = await categoryOf(tx, row.categoryCode);
      const ctx: ActionContext = { tx, row, category, calendar, now };
      const decision = await (HANDLERS[action] as Handler<TicketAction>)(ctx, body as never);
      if (targetId) await checkMergeTarget(tx, row, locked.find((r) => r.id === targetId));
      const event: TicketEventRecord = {
        ticketId: id,
        seq: row.version + 1,
        type: action,
        actorUserId: actor.userId,
        actorName: actor.displayName,
        actorRole: role,
        at: now,
        note: decision.note,
        data: decision.data,
        public: !INTERNAL_EVENTS.has(action),
        countyCode: row.countyCode,
      };
      // The duplicate's people follow the target first, so the hooks see them there.
      if (targetId) await repo.moveFollowers(tx, row, targetId);
      await appendTicketEvents(tx, row, [event]);
      const photoIds = (body as { photoIds?: string[] }).photoIds;
      if (photoIds?.length) await attachPhotos(tx, actor.userId, id, row.countyCode, event.seq, photoIds);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict('工单已被他人更新，请刷新 (the ticket changed meanwhile; reload it)', [{ field: 'version', message: 'changed' }]);
    throw e;
  }
  await recordAudit(db, { actorId: actor.userId, action: `ticket.${action}`, targetKind: 'ticket', targetId: id }, req);
  return getTicket(db, actor, id);
}

/** A duplicate is merged into an open ticket of the same community (or township, for tickets without one). */
async function checkMergeTarget(tx: Db, row: TicketRow, target: TicketRow | undefined) {
  if (!target) throw errors.field('targetId', 'no such ticket');
  const sameArea = row.communityCode ? target.communityCode === row.communityCode : target.townshipCode === row.townshipCode && !target.communityCode;
  if (!sameArea) throw errors.field('targetId', 'the target ticket must be in the same community');
  if (!OPEN_STATUSES.has(target.status)) throw errors.field('targetId', `the target ticket is ${target.status}; merge into an open one`);
  void tx;
}

export interface EscalateOptions {
  /** 'system' for the escalation job, or the actor escalating by hand (then it is the 'escalate' action). */
  by: 'system' | Actor;
  note: string;
  /** The tier the caller saw the ticket at: nothing happens if it has moved on since. */
  tier?: TicketTier;
}

/**
 * Escalates a ticket to its next tier (skipping tiers without a team). By the system only if it is
 * still dispatched or in progress, past its tier deadline, at the tier the caller read (if given),
 * and not at the top: checked under the row lock, so a missed deadline escalates exactly once
 * however many sweepers call. Safe to call inside the caller's transaction (it nests).
 */
export async function escalateTicket(db: Db, id: string, opts: EscalateOptions): Promise<{ escalated: boolean; ticket: TicketRow | null }> {
  if (opts.by !== 'system') {
    await actOnTicket(db, opts.by, id, 'escalate', { note: opts.note });
    return { escalated: true, ticket: await repo.findTicket(db, id) };
  }
  const calendar = await loadWorkCalendar(db);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await repo.lockTicket(tx, id);
    const now = new Date();
    if (!row) return { escalated: false, ticket: null };
    const due = (row.status === 'dispatched' || row.status === 'in_progress') && !!row.tierDeadlineAt && row.tierDeadlineAt <= now;
    if (!due || (opts.tier && row.tier !== opts.tier) || !nextTier(row.tier as TicketTier)) return { escalated: false, ticket: row };
    const category = await categoryOf(tx, row.categoryCode);
    const data = { ...(await escalation({ tx, row, category, calendar, now })), automatic: true, missedDeadline: row.tierDeadlineAt!.toISOString() };
    const event: TicketEventRecord = {
      ticketId: id,
      seq: row.version + 1,
      type: 'escalate',
      actorUserId: SYSTEM.userId,
      actorName: SYSTEM.name,
      actorRole: SYSTEM.role,
      at: now,
      note: opts.note,
      data,
      public: true,
      countyCode: row.countyCode,
    };
    return { escalated: true, ticket: await appendTicketEvents(tx, row, [event]) };
  });
}

/**
 * The escalation sweep's batch, set-based: in one transaction, locks those of `ids` still
 * overdue at a tier below the top (FOR UPDATE SKIP LOCKED: a ticket another sweeper holds is left to
 * it), decides each one's next tier exactly as escalateTicket does (tiers without a team skipped, the
 * department beyond the township, the next tier's deadline on the category's clock), and writes all
 * the escalate events, the rows and the hooks' inbox rows and bus messages in a few statements.
 * `note` gives each event's note. Returns the rows escalated.
 */
export async function escalateOverdueBatch(db: Db, ids: string[], note: (row: TicketRow) => string): Promise<TicketRow[]> {
  // Read before the transaction opens (on PGlite, one connection, the database waits for it to end).
  const [calendar, known] = await Promise.all([loadWorkCalendar(db), cachedCategoryRows(db)]);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const now = new Date();
    const locked = await repo.lockOverdueTickets(tx, ids, now);
    if (!locked.length) return [];
    const categories = new Map<string, TicketCategory>();
    for (const code of new Set(locked.map((r) => r.categoryCode))) {
      const row = known.get(code);
      categories.set(code, row ? presentCategory(row) : await categoryOf(tx, code));
    }
  const plans = locked.map((row) => ({ row, next: nextTier(row.tier as TicketTier)! }));
  const teams = await findTeamsAt(tx, plans.flatMap((p) => teamSlotsFrom(p.row, p.next)));
  const items = plans.map(({ row, next }) => {
    const category = categories.get(row.categoryCode)!;
    const target = routeWithTeams(row, next, category.department, teams);
    const event: TicketEventRecord = {
      ticketId: row.id,
      seq: row.version + 1,
      type: 'escalate',
      actorUserId: SYSTEM.userId,
      actorName: SYSTEM.name,
      actorRole: SYSTEM.role,
      at: now,
      note: note(row),
      data: { fromTier: row.tier, ...routed(target, tierDeadline(now, category, row.urgency as Urgency, target.tier, calendar)), automatic: true, missedDeadline: row.tierDeadlineAt!.toISOString() },
      public: true,
      countyCode: row.countyCode,
    };
    return { before: row, events: [event] };
  });
  return appendTicketEventsMany(tx, items);
  });
}

export type RebuildOutcome = 'same' | 'rebuilt' | 'created' | 'no-events';

/**
 * Folds a ticket's events into its row and stores it if it differs (or is missing). Returns what it
 * found and the columns that differed. The stored row of a healthy ticket is already the fold.
 */
export async function rebuildTicket(db: Db, id: string): Promise<{ outcome: RebuildOutcome; differences: string[]; row: TicketRow | null }> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const stored = await repo.lockTicket(tx, id);
    const events = await repo.findEvents(tx, id);
    if (!events.length) return { outcome: 'no-events', differences: [], row: stored };
    const folded = foldEvents(events, await repo.countFollowers(tx, id))!;
    if (!stored) {
      await repo.insertTicket(tx, folded);
      return { outcome: 'created', differences: Object.keys(folded), row: folded };
    }
    const differences = diffRows(stored, folded);
    if (differences.length) await repo.updateTicket(tx, folded);
    return { outcome: differences.length ? 'rebuilt' : 'same', differences, row: folded };
  });
}

/** Rebuilds every ticket that has events, in id order; counts by outcome. */
export async function rebuildAllTickets(db: Db, onProgress?: (done: number, what: string) => void): Promise<Record<RebuildOutcome, number>> {
  const counts: Record<RebuildOutcome, number> = { same: 0, rebuilt: 0, created: 0, 'no-events': 0 };
  let after: string | null = null;
  let done = 0;
  for (;;) {
    const batch = await repo.ticketIdsWithEvents(db, after, 500);
    if (!batch.length) return counts;
    for (const { ticket_id } of batch) {
      counts[(await rebuildTicket(db, ticket_id)).outcome]++;
      onProgress?.(++done, ticket_id);
    }
    after = batch[batch.length - 1].ticket_id;
  }
}
