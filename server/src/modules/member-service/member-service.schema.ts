import { index, integer, pgTable, primaryKey, text, timestamp, uuid, boolean } from 'drizzle-orm/pg-core';

/** 服务岗位: the posts a community offers its checked-in working party members (政策宣传岗, 环境监督岗, ...). */
export const servicePosts = pgTable(
  'service_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    capacity: integer('capacity'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_posts_community_idx').on(t.communityCode)],
);

/** A member's chosen posts (认岗). */
export const servicePostChoices = pgTable(
  'service_post_choices',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => servicePosts.id, { onDelete: 'cascade' }),
    residentId: uuid('resident_id').notNull(),
    countyCode: text('county_code').notNull(),
    chosenAt: timestamp('chosen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.residentId] }), index('service_post_choices_resident_idx').on(t.residentId)],
);

/** 年度目标: hours of service a checked-in member owes her community in a year (a default applies without a row). */
export const serviceTargets = pgTable(
  'service_targets',
  {
    communityCode: text('community_code').notNull(),
    year: integer('year').notNull(),
    countyCode: text('county_code').notNull(),
    targetHours: integer('target_hours').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.communityCode, t.year] })],
);

/**
 * Reminders sent to members behind their target, one per member and period (a Shanghai month): the
 * scheduled job claims a row before it writes the inbox message, in one transaction, so a second
 * server process or a rerun in the same period sends nothing again.
 */
export const serviceReminders = pgTable(
  'service_reminders',
  {
    period: text('period').notNull(),
    residentId: uuid('resident_id').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.period, t.residentId] })],
);
