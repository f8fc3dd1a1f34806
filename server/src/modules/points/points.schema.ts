import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** 积分规则: how many points each deed earns in a community (defaults apply where no row exists). */
export const pointsRules = pgTable('points_rules', {
  communityCode: text('community_code').primaryKey(),
  countyCode: text('county_code').notNull(),
  perHour: integer('per_hour').notNull(),
  perParticipation: integer('per_participation').notNull(),
  perTicketClosed: integer('per_ticket_closed').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 积分台账: append-only (a trigger refuses UPDATE and DELETE). A mistake is undone by a reversal,
 * an entry of the opposite amount that names the entry it reverses; each entry is reversed at most once.
 * `source` makes awards idempotent: one award per reason, source and resident.
 */
export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    residentId: uuid('resident_id').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    delta: integer('delta').notNull(),
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    source: text('source'),
    reversesId: bigint('reverses_id', { mode: 'number' }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('points_ledger_resident_idx').on(t.residentId, t.id),
    index('points_ledger_community_idx').on(t.communityCode, t.createdAt),
    uniqueIndex('points_ledger_source_idx').on(t.reason, t.source, t.residentId).where(sql`source IS NOT NULL`),
    uniqueIndex('points_ledger_reverses_idx').on(t.reversesId).where(sql`reverses_id IS NOT NULL`),
    check('points_ledger_delta_nonzero', sql`delta <> 0`),
  ],
);

/** The balance of each resident: the sum of her ledger, kept in step in the same transaction; never below zero. */
export const pointsBalances = pgTable(
  'points_balances',
  {
    residentId: uuid('resident_id').primaryKey(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    balance: integer('balance').notNull().default(0),
    earned: integer('earned').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('points_balances_community_idx').on(t.communityCode, t.earned), check('points_balances_not_negative', sql`balance >= 0`)],
);

/** 积分超市: items a community offers for points, with stock that never goes below zero. */
export const pointsItems = pgTable(
  'points_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    cost: integer('cost').notNull(),
    stock: integer('stock').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('points_items_community_idx').on(t.communityCode), check('points_items_stock_not_negative', sql`stock >= 0`), check('points_items_cost_positive', sql`cost > 0`)],
);

/** 兑换: a resident's redemption of an item, with the ledger entry that paid for it. */
export const pointsRedemptions = pgTable(
  'points_redemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id').notNull(),
    residentId: uuid('resident_id').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    quantity: integer('quantity').notNull(),
    points: integer('points').notNull(),
    ledgerId: bigint('ledger_id', { mode: 'number' }).notNull(),
    status: text('status').notNull().default('redeemed'),
    handedOverAt: timestamp('handed_over_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('points_redemptions_resident_idx').on(t.residentId), index('points_redemptions_community_idx').on(t.communityCode, t.createdAt)],
);
