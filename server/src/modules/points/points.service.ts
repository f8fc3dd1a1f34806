/**
 * Use cases of points (积分): awards from other modules (approved hours, participation, tickets a team
 * closed), each at most once per source; reversals; balances and leaderboards per community; the points
 * shop, where a redemption takes stock and points in one transaction and neither can go below zero.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { CreateItemBody, LedgerEntry, PointsItem, PointsReason, PointsRules, Redemption, SetRulesBody } from '../../../../contracts/points.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { findPlace } from '../places/places.service.js';
import * as repo from './points.repository.js';
import { pointsPolicy } from './points.policy.js';

/** The rules a community has until its staff set its own. */
export const DEFAULT_RULES = { perHour: 10, perParticipation: 5, perTicketClosed: 20 } as const;

const isCheckViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23514' || err?.cause?.code === '23514';
};

/** The rules in force in a community (its own, or the defaults). */
export async function rulesOf(db: Db, communityCode: string): Promise<PointsRules> {
  const r = await repo.findRules(db, communityCode);
  return r
    ? { communityCode, perHour: r.perHour, perParticipation: r.perParticipation, perTicketClosed: r.perTicketClosed, isDefault: false }
    : { communityCode, ...DEFAULT_RULES, isDefault: true };
}

export async function getRules(db: Db, actor: Actor, communityCode: string) {
  if (!isOwnCommunity(actor, communityCode)) pointsPolicy.authorize(actor, 'points.read', { placeCode: communityCode });
  return rulesOf(db, communityCode);
}

export async function setRules(db: Db, actor: Actor, communityCode: string, input: SetRulesBody, req?: FastifyRequest) {
  const place = await findPlace(db, communityCode);
  if (!place || place.level !== 'community') throw errors.field('params.community', `community ${communityCode} does not exist`);
  pointsPolicy.authorize(actor, 'points.manage', { placeCode: communityCode });
  await repo.upsertRules(db, { communityCode, countyCode: communityCode.slice(0, 6), ...input, updatedBy: actor.userId });
  await recordAudit(db, { actorId: actor.userId, action: 'points.rules', targetKind: 'place', targetId: communityCode, detail: input }, req);
  return rulesOf(db, communityCode);
}

// Residents' own community is known from their grants: a resident grant is on her household.
function isOwnCommunity(actor: Actor, communityCode: string) {
  return actor.grants.some((g) => g.role === 'resident' && g.scopeCode.startsWith(communityCode));
}

export interface Award {
  residentId: string;
  communityCode: string;
  delta: number;
  reason: Exclude<PointsReason, 'redemption' | 'reversal'>;
  note: string;
  /** What the award is for ("signup:<id>", "ticket:<id>"); an award with the same reason and source is made once. */
  source: string | null;
  createdBy: string | null;
}

/** Appends an award inside the caller's transaction; returns null if this source was awarded already (or the amount is 0). */
export async function awardPoints(tx: Db, a: Award) {
  if (a.delta === 0) return null;
  const entry = await repo.insertEntry(tx, { ...a, countyCode: a.communityCode.slice(0, 6) });
  if (!entry) return null;
  await repo.addToBalance(tx, { residentId: a.residentId, communityCode: a.communityCode, countyCode: a.communityCode.slice(0, 6), delta: a.delta, earned: a.delta });
  return entry;
}

function presentEntry(e: repo.EntryRow): LedgerEntry {
  return {
    id: Number(e.id),
    residentId: e.resident_id,
    name: e.name,
    delta: e.delta,
    reason: e.reason,
    note: e.note,
    source: e.source,
    reversesId: e.reverses_id === null ? null : Number(e.reverses_id),
    reversedBy: e.reversed_by === null ? null : Number(e.reversed_by),
    createdAt: new Date(e.created_at).toISOString(),
  };
}

/** A resident's balance and latest entries: her own, or anyone's for staff in scope. */
export async function getAccount(db: Db, actor: Actor, residentId: string) {
  const r = await findResidentRecord(db, residentId);
  if (!r) throw errors.notFound(`resident ${residentId}`);
  if (actor.residentId !== residentId) pointsPolicy.authorize(actor, 'points.read', { placeCode: r.householdCode });
  const b = await repo.findBalance(db, residentId);
  const entries = await repo.findEntries(db, { residentId }, 200);
  return { residentId, balance: b?.balance ?? 0, earned: b?.earned ?? 0, entries: entries.map(presentEntry) };
}

export async function myAccount(db: Db, actor: Actor) {
  if (!actor.residentId) throw errors.forbidden('points of an account without a registry record');
  return getAccount(db, actor, actor.residentId);
}

export async function listEntries(db: Db, actor: Actor, communityCode: string) {
  pointsPolicy.authorize(actor, 'points.read', { placeCode: communityCode });
  return (await repo.findEntries(db, { communityCode }, 500)).map(presentEntry);
}

/** 冲正: appends the opposite of an entry, naming it; an entry is reversed once, a reversal is not reversed, and a balance never goes below zero. */
export async function reverseEntry(db: Db, actor: Actor, id: number, note: string, req?: FastifyRequest) {
  const e = await repo.findEntry(db, id);
  if (!e) throw errors.notFound(`ledger entry ${id}`);
  pointsPolicy.authorize(actor, 'points.manage', { placeCode: e.communityCode });
  if (e.reason === 'reversal') throw errors.conflict('a reversal cannot itself be reversed', [{ field: 'params.id', message: 'is a reversal' }]);
  if (e.reason === 'redemption') throw errors.conflict('a redemption is not reversed here; hand the item back instead', [{ field: 'params.id', message: 'is a redemption' }]);
  let entry;
  try {
    entry = await db.transaction(async (tx) => {
      const row = await repo.insertEntry(tx as Db, {
        residentId: e.residentId,
        communityCode: e.communityCode,
        countyCode: e.countyCode,
        delta: -e.delta,
        reason: 'reversal',
        note,
        source: null,
        reversesId: e.id,
        createdBy: actor.userId,
      });
      if (!row) return null;
      await repo.addToBalance(tx as Db, { residentId: e.residentId, communityCode: e.communityCode, countyCode: e.countyCode, delta: -e.delta, earned: -e.delta });
      return row;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505' || (err as { cause?: { code?: string } }).cause?.code === '23505') entry = null;
    else if (isCheckViolation(err)) throw errors.conflict('the points have been spent: reversing would take the balance below zero', [{ field: 'params.id', message: 'balance too low' }]);
    else throw err;
  }
  if (!entry) throw errors.conflict(`entry ${id} has been reversed already`, [{ field: 'params.id', message: 'reversed already' }]);
  await recordAudit(db, { actorId: actor.userId, action: 'points.reverse', targetKind: 'points_entry', targetId: String(id), detail: { note } }, req);
  const [row] = (await repo.findEntries(db, { residentId: e.residentId }, 1000)).filter((x) => Number(x.id) === Number(entry.id));
  return presentEntry(row);
}

/** 人工调整: staff add or take points with a note (taking never below zero). */
export async function adjustPoints(db: Db, actor: Actor, input: { residentId: string; delta: number; note: string }, req?: FastifyRequest) {
  const r = await findResidentRecord(db, input.residentId);
  if (!r) throw errors.field('residentId', 'no such resident');
  pointsPolicy.authorize(actor, 'points.manage', { placeCode: r.householdCode });
  if (input.delta === 0) throw errors.field('delta', 'must not be 0');
  try {
    await db.transaction((tx) => awardPoints(tx as Db, { residentId: r.id, communityCode: r.householdCode.slice(0, 12), delta: input.delta, reason: 'manual', note: input.note, source: null, createdBy: actor.userId }));
  } catch (err) {
    if (isCheckViolation(err)) throw errors.field('delta', 'would take the balance below zero');
    throw err;
  }
  await recordAudit(db, { actorId: actor.userId, action: 'points.adjust', targetKind: 'resident', targetId: r.id, detail: { delta: input.delta } }, req);
  return getAccount(db, actor, r.id);
}

/** 积分榜: earned points in a community (this year by default), best first; staff in scope and the community's residents. */
export async function leaderboard(db: Db, actor: Actor, communityCode: string, period: 'year' | 'month' | 'all' = 'year') {
  if (!isOwnCommunity(actor, communityCode)) pointsPolicy.authorize(actor, 'points.read', { placeCode: communityCode });
  const now = new Date();
  // Periods start at midnight Asia/Shanghai (UTC+8, no DST).
  const sh = new Date(now.getTime() + 8 * 3600_000);
  const from =
    period === 'all' ? null : new Date(Date.UTC(sh.getUTCFullYear(), period === 'month' ? sh.getUTCMonth() : 0, 1) - 8 * 3600_000);
  const list = await repo.findLeaderboard(db, communityCode, from, 50);
  return list.map((r, i) => ({ rank: i + 1, residentId: r.resident_id, name: r.name, earned: r.earned, balance: r.balance }));
}

function presentItem(i: Awaited<ReturnType<typeof repo.findItems>>[number]): PointsItem {
  return { id: i.id, communityCode: i.communityCode, name: i.name, description: i.description, cost: i.cost, stock: i.stock, active: i.active };
}

export async function createItem(db: Db, actor: Actor, input: CreateItemBody, req?: FastifyRequest) {
  const place = await findPlace(db, input.communityCode);
  if (!place || place.level !== 'community') throw errors.field('communityCode', `community ${input.communityCode} does not exist`);
  pointsPolicy.authorize(actor, 'points.manage', { placeCode: input.communityCode });
  const row = await repo.insertItem(db, { ...input, description: input.description ?? '', countyCode: input.communityCode.slice(0, 6) });
  await recordAudit(db, { actorId: actor.userId, action: 'points.item.create', targetKind: 'points_item', targetId: row.id }, req);
  return presentItem(row);
}

export async function updateItem(db: Db, actor: Actor, id: string, input: { stock?: number; cost?: number; active?: boolean }, req?: FastifyRequest) {
  const item = await repo.findItem(db, id);
  if (!item) throw errors.notFound(`item ${id}`);
  pointsPolicy.authorize(actor, 'points.manage', { placeCode: item.communityCode });
  await repo.updateItem(db, id, input);
  await recordAudit(db, { actorId: actor.userId, action: 'points.item.update', targetKind: 'points_item', targetId: id, detail: input }, req);
  return presentItem((await repo.findItem(db, id))!);
}

/** The shop of a community: residents see its active items; staff in scope see all. */
export async function listItems(db: Db, actor: Actor, communityCode: string) {
  const own = isOwnCommunity(actor, communityCode);
  if (!own) pointsPolicy.authorize(actor, 'points.read', { placeCode: communityCode });
  const staff = pointsPolicy.can(actor, 'points.manage', { placeCode: communityCode });
  return (await repo.findItems(db, communityCode, !staff)).map(presentItem);
}

/**
 * 兑换: a resident spends her points on an item of her community. Stock and balance are each taken by a
 * conditional UPDATE in one transaction, so concurrent redemptions can never overdraw either.
 */
export async function redeemItem(db: Db, actor: Actor, itemId: string, quantity = 1, req?: FastifyRequest): Promise<Redemption> {
  if (!actor.residentId) throw errors.forbidden('redemption by an account without a registry record');
  const me = await findResidentRecord(db, actor.residentId);
  if (!me) throw errors.forbidden('redemption');
  const item = await repo.findItem(db, itemId);
  if (!item || !item.active) throw errors.notFound(`item ${itemId}`);
  if (!me.householdCode.startsWith(item.communityCode)) throw errors.forbidden('items of another community');
  const points = item.cost * quantity;
  const result = await db.transaction(async (tx) => {
    const t = tx as Db;
    if (!(await repo.takeStock(t, itemId, quantity))) return { fail: 'stock' as const };
    if (!(await repo.spendFromBalance(t, me.id, points))) {
      // Undo the stock taken: the transaction rolls back as a whole.
      throw Object.assign(new Error('insufficient points'), { linliFail: 'points' });
    }
    const entry = await repo.insertEntry(t, {
      residentId: me.id,
      communityCode: item.communityCode,
      countyCode: item.countyCode,
      delta: -points,
      reason: 'redemption',
      note: `${item.name} × ${quantity}`,
      source: null,
      createdBy: actor.userId,
    });
    const red = await repo.insertRedemption(t, { itemId, residentId: me.id, communityCode: item.communityCode, countyCode: item.countyCode, quantity, points, ledgerId: entry!.id });
    return { red };
  }).catch((e: { linliFail?: string }) => {
    if (e?.linliFail === 'points') return { fail: 'points' as const };
    throw e;
  });
  if ('fail' in result) {
    if (result.fail === 'stock') throw errors.conflict(`${item.name} is out of stock`, [{ field: 'quantity', message: '库存不足 (not enough stock)' }]);
    throw errors.conflict(`not enough points: ${item.name} × ${quantity} costs ${points}`, [{ field: 'quantity', message: '积分不足 (not enough points)' }]);
  }
  await recordAudit(db, { actorId: actor.userId, action: 'points.redeem', targetKind: 'points_item', targetId: itemId, detail: { quantity, points } }, req);
  const r = result.red!;
  return { id: r.id, itemId, itemName: item.name, residentId: me.id, name: me.name, quantity, points, status: r.status, createdAt: r.createdAt.toISOString() };
}

export async function listRedemptions(db: Db, actor: Actor, q: { community?: string; mine?: boolean }) {
  let f: { communityCode?: string; residentId?: string };
  if (q.mine || !q.community) {
    if (!actor.residentId) throw errors.field('query.community', 'give a community');
    f = { residentId: actor.residentId };
  } else {
    pointsPolicy.authorize(actor, 'points.read', { placeCode: q.community });
    f = { communityCode: q.community };
  }
  return (await repo.findRedemptions(db, f)).map((d) => ({
    id: d.id,
    itemId: d.item_id,
    itemName: d.item_name,
    residentId: d.resident_id,
    name: d.name,
    quantity: d.quantity,
    points: d.points,
    status: d.status,
    createdAt: new Date(d.created_at).toISOString(),
  }));
}

/** 领取: staff hand the redeemed item over. */
export async function handOver(db: Db, actor: Actor, id: string, req?: FastifyRequest) {
  const d = await repo.findRedemption(db, id);
  if (!d) throw errors.notFound(`redemption ${id}`);
  pointsPolicy.authorize(actor, 'points.manage', { placeCode: d.communityCode });
  if (!(await repo.markHandedOver(db, id))) throw errors.conflict('handed over already');
  await recordAudit(db, { actorId: actor.userId, action: 'points.handover', targetKind: 'points_redemption', targetId: id }, req);
  return { ok: true as const };
}
