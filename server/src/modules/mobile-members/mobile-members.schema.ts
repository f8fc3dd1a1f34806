import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * 流动党员, the five steps: 摸底 (a row: who left, for where, since when, employer, contact), 建库
 * (`registered_at`), 编组 (`group_id`), 结对 (`cadre_user_id`, the contact rhythm), 跟踪 (contacts and
 * study records below). The contact mobile is personal data: encrypted, masked in lists.
 */
export const mobileMembers = pgTable(
  'mobile_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    residentId: uuid('resident_id'),
    name: text('name').notNull(),
    communityCode: text('community_code').notNull(),
    countyCode: text('county_code').notNull(),
    partyStatus: text('party_status').notNull(),
    leftOn: date('left_on').notNull(),
    destinationCity: text('destination_city').notNull(),
    destinationDetail: text('destination_detail').notNull().default(''),
    employer: text('employer').notNull().default(''),
    mobileEnc: text('mobile_enc'),
    mobileMasked: text('mobile_masked'),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    groupId: uuid('group_id'),
    cadreUserId: uuid('cadre_user_id'),
    cadreName: text('cadre_name'),
    pairedAt: timestamp('paired_at', { withTimezone: true }),
    rhythmDays: integer('rhythm_days').notNull().default(30),
    lastContactAt: timestamp('last_contact_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mobile_members_community_idx').on(t.communityCode), index('mobile_members_group_idx').on(t.groupId), index('mobile_members_cadre_idx').on(t.cadreUserId)],
);

/** 流动党员党组织: a group formed for one destination city from the members surveyed under a place. */
export const mobileGroups = pgTable(
  'mobile_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The community or township that formed it (its members come from under it). */
    placeCode: text('place_code').notNull(),
    countyCode: text('county_code').notNull(),
    destinationCity: text('destination_city').notNull(),
    name: text('name').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mobile_groups_place_idx').using('btree', t.placeCode.op('text_pattern_ops'))],
);

/** 联系记录: each contact a cadre had with a member (phone, WeChat, visit, video). */
export const mobileContacts = pgTable(
  'mobile_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => mobileMembers.id, { onDelete: 'cascade' }),
    countyCode: text('county_code').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    method: text('method').notNull(),
    note: text('note').notNull().default(''),
    study: boolean('study').notNull().default(false),
    studyTopic: text('study_topic'),
    byUserId: uuid('by_user_id').notNull(),
    byName: text('by_name').notNull(),
  },
  (t) => [index('mobile_contacts_member_idx').on(t.memberId, t.at)],
);

/**
 * Overdue-contact reminders, one per member and period (the Shanghai week, from its Monday): the
 * scheduled job claims the rows before it writes the cadres' inbox messages, in one transaction, so a
 * second server process or a rerun in the same week sends nothing again.
 */
export const mobileReminders = pgTable(
  'mobile_reminders',
  {
    period: text('period').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => mobileMembers.id, { onDelete: 'cascade' }),
    cadreUserId: uuid('cadre_user_id').notNull(),
    countyCode: text('county_code').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.period, t.memberId] })],
);
