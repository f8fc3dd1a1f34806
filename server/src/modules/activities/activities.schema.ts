import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** 月月有主题: one theme per community and month ("2026-11"); activities of that month take it by default. */
export const activityThemes = pgTable(
  'activity_themes',
  {
    communityCode: text('community_code').notNull(),
    month: text('month').notNull(),
    countyCode: text('county_code').notNull(),
    theme: text('theme').notNull(),
    note: text('note'),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityCode, t.month] })],
);

/**
 * 活动: one occurrence. A weekly or monthly series is stored as its occurrences, each a row sharing
 * `series_id`, so sign-up, capacity and attendance are per occurrence.
 */
export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seriesId: uuid('series_id'),
    recurrence: text('recurrence').notNull().default('none'),
    title: text('title').notNull(),
    theme: text('theme'),
    description: text('description').notNull().default(''),
    /** Where it happens: a community or a place under it (compound, building). */
    placeCode: text('place_code').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    address: text('address').notNull().default(''),
    teamId: uuid('team_id'),
    /** The leader who checks people in by hand and approves their hours. */
    leaderUserId: uuid('leader_user_id').notNull(),
    leaderName: text('leader_name').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    status: text('status').notNull().default('open'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('activities_place_idx').using('btree', t.placeCode.op('text_pattern_ops')),
    index('activities_community_starts_idx').on(t.communityCode, t.startsAt),
    index('activities_series_idx').on(t.seriesId),
  ],
);

/**
 * 报名: a resident's place on an activity, confirmed or on the waitlist (in order of signing up);
 * then her check-in and check-out and the service minutes the leader approves.
 */
export const activitySignups = pgTable(
  'activity_signups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    residentId: uuid('resident_id').notNull(),
    userId: uuid('user_id'),
    name: text('name').notNull(),
    countyCode: text('county_code').notNull(),
    status: text('status').notNull(),
    signedUpAt: timestamp('signed_up_at', { withTimezone: true }).notNull().defaultNow(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkInMethod: text('check_in_method'),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    checkOutMethod: text('check_out_method'),
    minutes: integer('minutes'),
    hoursStatus: text('hours_status').notNull().default('none'),
    hoursDecidedBy: uuid('hours_decided_by'),
    hoursDecidedAt: timestamp('hours_decided_at', { withTimezone: true }),
    hoursNote: text('hours_note'),
  },
  (t) => [
    // One live sign-up per resident and activity; she may sign up again after cancelling.
    uniqueIndex('activity_signups_live_idx').on(t.activityId, t.residentId).where(sql`status <> 'cancelled'`),
    index('activity_signups_resident_idx').on(t.residentId),
    index('activity_signups_activity_idx').on(t.activityId, t.signedUpAt),
  ],
);

/** QR codes a resident has used: a signed code works once per person (a replay is refused). */
export const activityQrUses = pgTable(
  'activity_qr_uses',
  {
    nonce: text('nonce').notNull(),
    residentId: uuid('resident_id').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.nonce, t.residentId] })],
);
