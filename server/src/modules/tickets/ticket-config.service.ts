/**
 * Use cases of the ticket loop's configuration: city admins add and change ticket categories
 * (first tier, deadlines, tier shares, clock, confidentiality, department, keywords) and keep the
 * holiday table (statutory holidays and 调休 working weekends) that the working clock reads.
 * Changes apply to tickets created afterwards; tickets keep the deadlines they were given.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors, type FieldError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { TIERS, type TicketTier } from '../../../../contracts/tickets.js';
import type { CreateCategoryBody, Holiday, HolidayKind, PatchCategoryBody, PutHolidayBody, TicketCategory, TierShares } from '../../../../contracts/ticket-config.js';
import { isWeekday, shanghaiDay } from './ticket-clock.js';
import { invalidateWorkCalendar } from './ticket-calendar.js';
import { officialHolidays } from './ticket-holidays.js';
import { invalidateCategories, presentCategory } from './ticket-categories.service.js';
import { authorizeConfigManage } from './ticket-config.policy.js';
import * as repo from './ticket-config.repository.js';

/** How far the tier shares may be from summing to 1. */
export const SHARE_TOLERANCE = 0.001;

/**
 * Checks the shares against the first tier: every tier from the first one up to the department has
 * a share above 0, tiers below the first have none (or 0), and together they make 1 (± 0.001).
 * Returns the shares to store (only the tiers that take part) or throws naming the fields.
 */
export function checkTierShares(firstTier: TicketTier, shares: TierShares): TierShares {
  const fields: FieldError[] = [];
  const first = TIERS.indexOf(firstTier);
  const kept: TierShares = {};
  let sum = 0;
  for (const [i, tier] of TIERS.entries()) {
    const share = shares[tier];
    if (i < first) {
      if (share) fields.push({ field: `tierShares.${tier}`, message: `is below the first tier (${firstTier}): leave it out` });
      continue;
    }
    if (share === undefined) fields.push({ field: `tierShares.${tier}`, message: `is required: each tier from ${firstTier} up to department has a share` });
    else if (!(share > 0)) fields.push({ field: `tierShares.${tier}`, message: 'must be greater than 0' });
    else {
      kept[tier] = share;
      sum += share;
    }
  }
  if (!fields.length && Math.abs(sum - 1) > SHARE_TOLERANCE) {
    fields.push({ field: 'tierShares', message: `the shares sum to ${Number(sum.toFixed(6))}; they must sum to 1 (± ${SHARE_TOLERANCE})` });
  }
  if (fields.length) throw errors.validation(fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  return kept;
}

/** Adds a ticket category (city admin). 409 if the code is taken. */
export async function createCategory(db: Db, actor: Actor, input: CreateCategoryBody, req?: FastifyRequest): Promise<TicketCategory> {
  authorizeConfigManage(actor);
  const tierShares = checkTierShares(input.firstTier, input.tierShares);
  const row = await repo.insertCategory(db, {
    code: input.code,
    name: input.name.trim(),
    firstTier: input.firstTier,
    deadlineHours: input.deadlineHours,
    tierShares,
    clock: input.clock ?? 'calendar',
    confidentialByDefault: input.confidentialByDefault ?? false,
    department: input.department.trim(),
    keywords: dedupe(input.keywords ?? []),
    active: input.active ?? true,
    sort: input.sort ?? (await repo.nextCategorySort(db)),
  });
  if (!row) throw errors.conflict(`ticket category ${input.code} exists`, [{ field: 'code', message: 'is taken' }]);
  invalidateCategories();
  await recordAudit(db, { actorId: actor.userId, action: 'ticket_category.create', targetKind: 'ticket_category', targetId: row.code, detail: { ...input } }, req);
  return presentCategory(row);
}

/** Changes any of a category's settings (city admin). The first tier and the shares are checked together. */
export async function updateCategory(db: Db, actor: Actor, code: string, patch: PatchCategoryBody, req?: FastifyRequest): Promise<TicketCategory> {
  authorizeConfigManage(actor);
  const current = await repo.findCategory(db, code);
  if (!current) throw errors.notFound(`ticket category ${code}`);
  const values: Partial<repo.CategoryRow> = {};
  if (patch.name !== undefined) values.name = patch.name.trim();
  if (patch.department !== undefined) values.department = patch.department.trim();
  if (patch.keywords !== undefined) values.keywords = dedupe(patch.keywords);
  for (const k of ['deadlineHours', 'clock', 'confidentialByDefault', 'active', 'sort'] as const) {
    if (patch[k] !== undefined) (values as Record<string, unknown>)[k] = patch[k];
  }
  if (patch.firstTier !== undefined || patch.tierShares !== undefined) {
    const firstTier = patch.firstTier ?? (current.firstTier as TicketTier);
    values.firstTier = firstTier;
    values.tierShares = checkTierShares(firstTier, patch.tierShares ?? (current.tierShares as TierShares));
  }
  for (const k of ['name', 'department'] as const) if (values[k] === '') throw errors.field(k, 'must not be blank');
  const row = await repo.updateCategory(db, code, values);
  if (!row) throw errors.notFound(`ticket category ${code}`);
  invalidateCategories();
  await recordAudit(db, { actorId: actor.userId, action: 'ticket_category.update', targetKind: 'ticket_category', targetId: code, detail: { ...patch } }, req);
  return presentCategory(row);
}

function dedupe(words: string[]): string[] {
  return [...new Set(words.map((w) => w.trim()).filter(Boolean))];
}

/** The holiday table for one year (default: this year in Shanghai); everyone signed in may read it. */
export async function listHolidays(db: Db, year?: number): Promise<Holiday[]> {
  const y = year ?? Number(shanghaiDay(new Date()).slice(0, 4));
  const list = await repo.holidaysBetween(db, `${y}-01-01`, `${y}-12-31`);
  return list.map((r) => ({ day: r.day, kind: r.kind as HolidayKind, name: r.name }));
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Sets a day's entry (city admin): a holiday must be a weekday, a 调休 workday a weekend day. */
export async function putHoliday(db: Db, actor: Actor, day: string, input: PutHolidayBody, req?: FastifyRequest): Promise<Holiday> {
  authorizeConfigManage(actor);
  const dow = WEEKDAY_NAMES[new Date(`${day}T00:00:00Z`).getUTCDay()];
  if (input.kind === 'holiday' && !isWeekday(day)) throw errors.field('kind', `${day} is a ${dow}: weekends are off already; a holiday is a weekday off`);
  if (input.kind === 'workday' && isWeekday(day)) throw errors.field('kind', `${day} is a ${dow}: weekdays are worked already; a workday (调休) is a weekend day worked`);
  const name = input.name.trim();
  if (!name) throw errors.field('name', 'must not be blank');
  const row = await repo.upsertHoliday(db, { day, kind: input.kind, name });
  invalidateWorkCalendar();
  await recordAudit(db, { actorId: actor.userId, action: 'holiday.put', targetKind: 'holiday', targetId: day, detail: { kind: input.kind, name } }, req);
  return { day: row.day, kind: row.kind as HolidayKind, name: row.name };
}

/** Removes a day's entry (city admin): the day goes back to the weekday rule. */
export async function deleteHoliday(db: Db, actor: Actor, day: string, req?: FastifyRequest): Promise<{ ok: true }> {
  authorizeConfigManage(actor);
  const removed = await repo.deleteHoliday(db, day);
  if (!removed) throw errors.notFound(`holiday ${day}`);
  invalidateWorkCalendar();
  await recordAudit(db, { actorId: actor.userId, action: 'holiday.delete', targetKind: 'holiday', targetId: day, detail: { kind: removed.kind, name: removed.name } }, req);
  return { ok: true };
}

/**
 * Fills the holiday table with the official arrangement of the given years (chinese-days). Idempotent:
 * days already in the table, edited by an admin or not, are left alone. Returns how many were added.
 */
export async function seedHolidays(db: Db, years: number[]): Promise<number> {
  const added = await repo.insertMissingHolidays(db, years.flatMap((y) => officialHolidays(y)));
  if (added) invalidateWorkCalendar();
  return added;
}

/** Last year, this year and next year in Shanghai (the demo seed's range). */
export function yearsAround(at = new Date()): number[] {
  const y = Number(shanghaiDay(at).slice(0, 4));
  return [y - 1, y, y + 1];
}

/**
 * Seeds the official arrangement of the years that have no holiday rows yet (run at every start, so a
 * new year is there before it begins); a year an admin has kept is never touched, deletions included.
 */
export async function seedUnseededHolidayYears(db: Db, years = yearsAround()): Promise<number[]> {
  const seeded: number[] = [];
  for (const y of years) {
    if (await repo.hasHolidaysIn(db, y)) continue;
    await seedHolidays(db, [y]);
    seeded.push(y);
  }
  return seeded;
}
